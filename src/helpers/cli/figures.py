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
    if args.dpi is not None and not 20 <= args.dpi <= 2400:
        print(f"helpers figures: --dpi must be from 20 to 2400, not {args.dpi}", file=sys.stderr)
        return EXIT_USAGE
    from helpers.figures import save_figure, standard_figures

    coverage = measure_or_exit(args, "figures")
    if isinstance(coverage, int):
        return coverage
    try:
        for name, fig in standard_figures(coverage, args.lang).items():
            options = {"size": args.size, "dpi": args.dpi, "svg_text": args.svg_text}
            for path in save_figure(fig, name, formats=formats, folder=args.out, **options):
                print(path)
    except BrokenPipeError:
        raise  # the reader of the file list went away: handled by the command runner
    except OSError as exc:
        print(f"helpers figures: cannot write to {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    except ValueError as exc:  # e.g. editable SVG text on a matplotlib that cannot write it
        print(f"helpers figures: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return report_skips(coverage.corpus)


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``figures`` to the command line."""
    figures = add_corpus_command(commands, "figures", "export the standard report figures")
    figures.add_argument("--out", default=str(config.FIGURES_DIR), help="output folder (default: reports/figures)")
    figures.add_argument("--lang", choices=["fa", "en", "both"], default="fa", help="label language (default: fa)")
    figures.add_argument("--formats", default="png,svg,pdf", help="comma-separated: png, svg, pdf")
    figures.add_argument(
        "--size", choices=["column", "page", "slide"],
        help="fit to a report column (8.5 cm), a page (17 cm) or a 16:9 slide (default: the chart's own size)",
    )  # fmt: skip
    figures.add_argument("--dpi", type=int, help="PNG resolution (default 200; with --size 300, slide 144)")
    figures.add_argument("--svg-text", action="store_true", help="SVG labels as editable text instead of paths")
    figures.set_defaults(handler=_run)
