"""Command line: ``python -m helpers check PATH [--json]`` and
``python -m helpers coverage PATH [--lexicon FILE] [--output FILE.csv] [--long]`` and
``python -m helpers figures PATH --out DIR [--lang fa|en|both] [--formats png,svg,pdf]``.

Exit codes: 0 when every input loaded, 1 when anything was skipped, 2 for a
usage error or a missing path (one-line message on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

import pandas as pd

from helpers import config
from helpers.corpus import Corpus, CorpusError, load_corpus
from helpers.topics.lexicon import LexiconError, load_lexicon

__all__ = ["main"]

EXIT_OK, EXIT_SKIPPED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in one line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see --help)\n")


def _cut(text: object, width: int) -> str:
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return "—"
    text = str(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def _format_table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return "\n".join(lines)


def _date(value: object) -> str:
    return "—" if pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def render_check(corpus: Corpus) -> str:
    """The human-readable report of ``check``."""
    docs = corpus.documents
    rows = [
        [_cut(r.doc_id, 40), _date(r.date), r.date_origin, _cut(r.source, 30), _cut(r.title, 40), str(r.n_chars)]
        for r in docs.itertuples(index=False)
    ]
    parts = [f"Loaded {len(docs)} document(s) from {corpus.root}", ""]
    if rows:
        parts.append(_format_table(rows, ["id", "date", "origin", "source", "title", "chars"]))
    warned = [(r.doc_id, w) for r in docs.itertuples(index=False) for w in r.warnings]
    if warned:
        parts += ["", f"Warnings ({len(warned)}):"]
        parts += [f"  {doc_id}: {warning}" for doc_id, warning in warned]
    skipped = corpus.skipped
    parts += ["", f"Skipped {len(skipped)} input(s)" + (":" if len(skipped) else ".")]
    if len(skipped):
        parts.append(_format_table([[p, r] for p, r in skipped.itertuples(index=False)], ["path", "reason"]))
    return "\n".join(parts)


def _as_json(corpus: Corpus) -> str:
    loaded = [
        {
            "doc_id": r.doc_id,
            "path": r.path,
            "date": None if pd.isna(r.date) else pd.Timestamp(r.date).isoformat(),
            "date_origin": r.date_origin,
            "date_jalali": None if pd.isna(r.date_jalali) else r.date_jalali,
            "source": None if pd.isna(r.source) else r.source,
            "title": r.title,
            "n_chars": int(r.n_chars),
            "n_tokens": int(r.n_tokens),
            "n_sentences": int(r.n_sentences),
            "warnings": list(r.warnings),
            "boilerplate": list(r.boilerplate),
        }
        for r in corpus.documents.itertuples(index=False)
    ]
    skipped = [{"path": p, "reason": r} for p, r in corpus.skipped.itertuples(index=False)]
    return json.dumps({"loaded": loaded, "skipped": skipped}, ensure_ascii=False, indent=2)


def _check(args: argparse.Namespace) -> int:
    try:
        corpus = load_corpus(args.path, cache=not args.no_cache, client=args.scheduler)
    except CorpusError as exc:
        print(f"helpers check: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(_as_json(corpus) if args.json else render_check(corpus))
    return EXIT_SKIPPED if len(corpus.skipped) else EXIT_OK


def _measure(args: argparse.Namespace, command: str):  # noqa: ANN202
    """The corpus's coverage, or an exit code after a one-line error."""
    from helpers.topics import measure_coverage

    try:
        lexicon = load_lexicon(args.lexicon)
        corpus = load_corpus(args.path, cache=not args.no_cache, client=args.scheduler)
        return measure_coverage(corpus, lexicon, cache=not args.no_cache, client=args.scheduler)
    except (CorpusError, LexiconError) as exc:
        print(f"helpers {command}: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _report_skips(corpus: Corpus) -> int:
    """List skipped inputs on stderr; the exit code for a finished command."""
    for path, reason in corpus.skipped.itertuples(index=False):
        print(f"skipped {path}: {reason}", file=sys.stderr)
    return EXIT_SKIPPED if len(corpus.skipped) else EXIT_OK


def _coverage(args: argparse.Namespace) -> int:
    coverage = _measure(args, "coverage")
    if isinstance(coverage, int):
        return coverage
    table = coverage.mentions if args.long else coverage.counts_table()
    if not args.long:
        table = table.assign(date=table["date"].dt.strftime("%Y-%m-%d"))
    if args.output:
        try:
            table.to_csv(args.output, index=False)
        except OSError as exc:
            print(f"helpers coverage: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_USAGE
    else:
        table.to_csv(sys.stdout, index=False)
    return _report_skips(coverage.corpus)


def _figures(args: argparse.Namespace) -> int:
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    unknown = [f for f in formats if f not in ("png", "svg", "pdf")]
    if unknown or not formats:
        print(f"helpers figures: unsupported format(s): {', '.join(unknown) or '(none)'} (use png, svg, pdf)", file=sys.stderr)
        return EXIT_USAGE
    from helpers.figures import save_figure, standard_figures

    coverage = _measure(args, "figures")
    if isinstance(coverage, int):
        return coverage
    try:
        for name, fig in standard_figures(coverage, args.lang).items():
            for path in save_figure(fig, name, formats=formats, folder=args.out):
                print(path)
    except OSError as exc:
        print(f"helpers figures: cannot write to {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    return _report_skips(coverage.corpus)


def _report(args: argparse.Namespace) -> int:
    from pathlib import Path

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


def _corpus_command(commands: argparse._SubParsersAction, name: str, help_text: str, *, lexicon: bool = True) -> argparse.ArgumentParser:
    """A subcommand reading a corpus: PATH, --no-cache and (optionally) --lexicon."""
    command = commands.add_parser(name, help=help_text)
    command.add_argument("path", help="corpus folder, .txt, .csv, .jsonl or .parquet file")
    command.add_argument("--no-cache", action="store_true", help="ignore and do not update the caches")
    command.add_argument(
        "--scheduler", metavar="ADDRESS", help="run on this Dask cluster (tcp://host:8786; needs the dask extra)"
    )
    if lexicon:
        command.add_argument("--lexicon", help="lexicon YAML file (default: the packaged one)")
    return command


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m helpers", description="Persian news coverage helpers.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    check = _corpus_command(commands, "check", "load a corpus and list documents and skipped inputs", lexicon=False)
    check.add_argument("--json", action="store_true", help="print JSON: {loaded: [...], skipped: [...]}")
    check.set_defaults(handler=_check)

    coverage = _corpus_command(commands, "coverage", "topic mention counts per document, as CSV")
    coverage.add_argument("--output", help="write the CSV here instead of standard output")
    coverage.add_argument("--long", action="store_true", help="one row per mention instead of per document")
    coverage.set_defaults(handler=_coverage)

    figures = _corpus_command(commands, "figures", "export the standard report figures")
    figures.add_argument("--out", default=str(config.FIGURES_DIR), help="output folder (default: reports/figures)")
    figures.add_argument("--lang", choices=["fa", "en", "both"], default="fa", help="label language (default: fa)")
    figures.add_argument("--formats", default="png,svg,pdf", help="comma-separated: png, svg, pdf")
    figures.set_defaults(handler=_figures)

    report = commands.add_parser("report", help="run every notebook headless; executed copies and HTML in --out")
    report.add_argument("--corpus", default=str(config.DEFAULT_CORPUS), help="corpus folder or file (default: seeds)")
    report.add_argument("--out", default=str(config.REPORTS_DIR), help="output folder (default: reports)")
    report.add_argument("--figures", default=str(config.FIGURES_DIR), help="figure folder (default: reports/figures)")
    report.add_argument("--lang", choices=["fa", "en", "both"], default="fa", help="figure label language")
    report.add_argument("--lexicon", help="lexicon YAML file (default: the packaged one)")
    report.set_defaults(handler=_report)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    args = build_parser().parse_args(argv)
    return args.handler(args)
