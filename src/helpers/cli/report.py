"""``python -m helpers report``: every notebook run headless on a corpus."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from helpers import config
from helpers.cli.common import EXIT_OK, EXIT_SKIPPED, EXIT_USAGE

__all__ = ["register"]


def _run(args: argparse.Namespace) -> int:
    from helpers.report import notebooks, run_notebooks

    if not Path(args.corpus).exists():
        print(f"helpers report: no such file or folder: {args.corpus}", file=sys.stderr)
        return EXIT_USAGE
    if not notebooks():
        print(f"helpers report: no notebooks in {config.NOTEBOOKS_DIR}", file=sys.stderr)
        return EXIT_USAGE
    import papermill

    try:
        written = run_notebooks(args.corpus, args.out, lang=args.lang, lexicon=args.lexicon, figures=args.figures)
    except papermill.PapermillExecutionError as exc:
        print(f"helpers report: a notebook failed: {exc.ename}: {exc.evalue} (the executed copy in {args.out} shows where)", file=sys.stderr)
        return EXIT_SKIPPED
    for path in written:
        print(path)
    return EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``report`` to the command line."""
    report = commands.add_parser("report", help="run every notebook headless; executed copies and HTML in --out")
    report.add_argument("--corpus", default=str(config.DEFAULT_CORPUS), help="corpus folder or file (default: seeds)")
    report.add_argument("--out", default=str(config.REPORTS_DIR), help="output folder (default: reports)")
    report.add_argument("--figures", default=str(config.FIGURES_DIR), help="figure folder (default: reports/figures)")
    report.add_argument("--lang", choices=["fa", "en", "both"], default="fa", help="figure label language")
    report.add_argument("--lexicon", help="lexicon YAML file (default: the packaged one)")
    report.set_defaults(handler=_run)
