"""``python -m helpers figures PATH --out DIR``: the standard report figures as PNG/SVG/PDF."""

from __future__ import annotations

import argparse
import sys

from helpers import config
from helpers.cli.common import EXIT_USAGE, add_corpus_command, measure_or_exit, report_skips

__all__ = ["register"]


def _run(args: argparse.Namespace) -> int:
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    unknown = [f for f in formats if f not in ("png", "svg", "pdf")]
    if unknown or not formats:
        print(f"helpers figures: unsupported format(s): {', '.join(unknown) or '(none)'} (use png, svg, pdf)", file=sys.stderr)
        return EXIT_USAGE
    from helpers.figures import save_figure, standard_figures

    coverage = measure_or_exit(args, "figures")
    if isinstance(coverage, int):
        return coverage
    try:
        for name, fig in standard_figures(coverage, args.lang).items():
            for path in save_figure(fig, name, formats=formats, folder=args.out):
                print(path)
    except OSError as exc:
        print(f"helpers figures: cannot write to {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    return report_skips(coverage.corpus)


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``figures`` to the command line."""
    figures = add_corpus_command(commands, "figures", "export the standard report figures")
    figures.add_argument("--out", default=str(config.FIGURES_DIR), help="output folder (default: reports/figures)")
    figures.add_argument("--lang", choices=["fa", "en", "both"], default="fa", help="label language (default: fa)")
    figures.add_argument("--formats", default="png,svg,pdf", help="comma-separated: png, svg, pdf")
    figures.set_defaults(handler=_run)
