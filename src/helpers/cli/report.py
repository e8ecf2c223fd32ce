"""``python -m helpers report``: every notebook run headless on a corpus.

Executed notebooks and their HTML go to ``--out`` (default ``reports/``),
figures to ``--figures`` (default ``OUT/figures``). A line per notebook on
standard error shows the progress; a failed notebook is one line naming it
and the cell, and leaves the last report as it was.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from helpers import config
from helpers.cli.common import EXIT_OK, EXIT_SKIPPED, EXIT_USAGE

__all__ = ["register"]


def _progress(number: int, total: int, name: str, seconds: float) -> None:
    print(f"report: [{number}/{total}] {name} ({seconds:.1f} s)", file=sys.stderr, flush=True)


def _run(args: argparse.Namespace) -> int:
    from helpers.report import ReportError, notebooks, run_notebooks

    for option, value in (("corpus", args.corpus), ("lexicon", args.lexicon)):
        if value and not Path(value).exists():
            print(f"helpers report: no such file or folder for --{option}: {value}", file=sys.stderr)
            return EXIT_USAGE
    if not notebooks():
        print(f"helpers report: no notebooks in {config.NOTEBOOKS_DIR}", file=sys.stderr)
        return EXIT_USAGE
    try:
        written = run_notebooks(
            args.corpus, args.out, lang=args.lang, lexicon=args.lexicon, figures=args.figures, progress=_progress
        )
    except ReportError as exc:
        print(f"helpers report: {exc}", file=sys.stderr)
        return EXIT_SKIPPED
    except OSError as exc:
        print(f"helpers report: cannot write the report: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    for path in written:
        print(path)
    return EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``report`` to the command line."""
    report = commands.add_parser("report", help="run every notebook headless; executed copies and HTML in --out")
    report.add_argument("--corpus", default=str(config.DEFAULT_CORPUS), help="corpus folder or file (default: seeds)")
    report.add_argument("--out", default=str(config.REPORTS_DIR), help="output folder (default: reports)")
    report.add_argument("--figures", help="figure folder (default: OUT/figures)")
    report.add_argument("--lang", choices=["fa", "en", "both"], default="fa", help="figure label language")
    report.add_argument("--lexicon", help="lexicon YAML file (default: the packaged one)")
    report.set_defaults(handler=_run)
