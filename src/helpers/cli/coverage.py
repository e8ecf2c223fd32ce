"""``python -m helpers coverage PATH``: topic mention counts per document (or per mention, or the per-topic summary), as CSV."""

from __future__ import annotations

import argparse

from helpers.cli.common import add_corpus_command, measure_or_exit, write_csv_and_report

__all__ = ["register"]


def _run(args: argparse.Namespace) -> int:
    coverage = measure_or_exit(args, "coverage")
    if isinstance(coverage, int):
        return coverage
    if args.summary:  # per topic: documents and stories, with their 95 % intervals
        table = coverage.summary(stories=True)
    else:
        # --long: every mention, and the hits inside proper names marked "suppressed" with the name
        table = coverage.all_hits() if args.long else coverage.counts_table()
    if not args.long and not args.summary:
        table = table.assign(date=table["date"].dt.strftime("%Y-%m-%d"))
    return write_csv_and_report(table, args.output, "coverage", coverage.corpus)


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``coverage`` to the command line."""
    coverage = add_corpus_command(commands, "coverage", "topic mention counts per document, as CSV")
    coverage.add_argument("--output", help="write the CSV here instead of standard output")
    coverage.add_argument(
        "--long", action="store_true",
        help="one row per mention instead of per document, with the hits inside proper names (status: suppressed, name)",
    )  # fmt: skip
    coverage.add_argument(
        "--summary", action="store_true",
        help="one row per topic: documents and stories, their shares and 95%% Wilson intervals, mentions",
    )  # fmt: skip
    coverage.add_argument("--unit", choices=("documents", "stories"), default="documents", help="count every copy, or each story once")
    coverage.set_defaults(handler=_run)
