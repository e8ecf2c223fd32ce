"""``python -m helpers coverage PATH``: topic mention counts per document (or per mention), as CSV."""

from __future__ import annotations

import argparse

from helpers.cli.common import add_corpus_command, measure_or_exit, report_skips, write_csv

__all__ = ["register"]


def _run(args: argparse.Namespace) -> int:
    coverage = measure_or_exit(args, "coverage")
    if isinstance(coverage, int):
        return coverage
    table = coverage.mentions if args.long else coverage.counts_table()
    if not args.long:
        table = table.assign(date=table["date"].dt.strftime("%Y-%m-%d"))
    failed = write_csv(table, args.output, "coverage")
    if failed is not None:
        return failed
    return report_skips(coverage.corpus)


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``coverage`` to the command line."""
    coverage = add_corpus_command(commands, "coverage", "topic mention counts per document, as CSV")
    coverage.add_argument("--output", help="write the CSV here instead of standard output")
    coverage.add_argument("--long", action="store_true", help="one row per mention instead of per document")
    coverage.set_defaults(handler=_run)
