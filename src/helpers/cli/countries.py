"""``python -m helpers countries PATH [--output X.csv]``: the countries each document and topic mention."""

from __future__ import annotations

import argparse
import sys

from helpers.cli.common import EXIT_USAGE, add_corpus_command, measure_or_exit, write_csv_and_report

__all__ = ["register"]


def _run(args: argparse.Namespace) -> int:
    coverage = measure_or_exit(args, "countries")
    if isinstance(coverage, int):
        return coverage
    try:
        if args.table == "documents":
            table = coverage.countries(include_home=args.include_home)
        elif args.table == "summary":
            table = coverage.country_summary(include_home=args.include_home)
        else:
            table = coverage.country_topics(include_home=args.include_home)
    except ValueError as exc:
        print(f"helpers countries: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return write_csv_and_report(table, args.output, "countries", coverage.corpus)


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``countries`` to the command line."""
    command = add_corpus_command(commands, "countries", "countries mentioned per document, per country, or with each topic")
    command.add_argument(
        "--table", choices=("documents", "summary", "topics"), default="documents",
        help="documents: one row per document x country (default); summary: per country; topics: topic x country co-mention",
    )  # fmt: skip
    command.add_argument("--include-home", action="store_true", help="count Iran too (left out as the home country)")
    command.add_argument("--unit", choices=("documents", "stories"), default="documents", help="count every copy, or each story once")
    command.add_argument("--output", help="write the CSV here instead of standard output")
    command.set_defaults(handler=_run)
