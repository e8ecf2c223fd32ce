"""``python -m helpers compare PATH --by source [--output C.csv]``: topic shares per group, tested against the rest."""

from __future__ import annotations

import argparse
import sys

from helpers.cli.common import EXIT_USAGE, add_corpus_command, measure_or_exit, report_skips, write_csv

__all__ = ["register", "topic_list"]


def topic_list(text: str | None) -> list[str] | None:
    """``"trade,energy"`` → ``["trade", "energy"]``; None stays None.

    >>> topic_list("trade, energy"), topic_list(None)
    (['trade', 'energy'], None)
    """
    return [t.strip() for t in text.split(",") if t.strip()] if text else None


def _run(args: argparse.Namespace) -> int:
    coverage = measure_or_exit(args, "compare")
    if isinstance(coverage, int):
        return coverage
    try:
        table = coverage.compare(by=args.by, topics=topic_list(args.topics), calendar=args.calendar)
    except (ValueError, KeyError) as exc:
        print(f"helpers compare: {exc}", file=sys.stderr)
        return EXIT_USAGE
    failed = write_csv(table, args.output, "compare")
    if failed is not None:
        return failed
    print(f"note: {table.attrs['note']}", file=sys.stdout if args.output else sys.stderr)
    return report_skips(coverage.corpus)


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``compare`` to the command line."""
    command = add_corpus_command(commands, "compare", "topic shares per source, month or column, tested against the rest")
    command.add_argument("--by", default="source", help="source, month, year, or a document column (default: source)")
    command.add_argument("--topics", help="comma-separated topic ids (default: every topic)")
    command.add_argument("--unit", choices=("documents", "stories"), default="documents", help="count every copy, or each story once")
    command.add_argument("--calendar", choices=("jalali", "gregorian"), default="jalali", help="months and years in this calendar")
    command.add_argument("--output", help="write the CSV here instead of standard output")
    command.set_defaults(handler=_run)
