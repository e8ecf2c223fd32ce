"""What every command shares: one-line usage errors, exit codes, the corpus
arguments, loading and measuring with one-line failures, tables and CSV output."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

import pandas as pd

from helpers.corpus import Corpus, CorpusError, load_corpus
from helpers.corpus.columns import ROLES
from helpers.corpus.documents import DEFAULT_MAX_FILE_BYTES
from helpers.spreadsheet import write_csv as write_safe_csv
from helpers.topics.lexicon import LexiconError, load_lexicon

__all__ = [
    "EXIT_OK", "EXIT_PIPE_CLOSED", "EXIT_SKIPPED", "EXIT_USAGE", "OneLineParser", "add_corpus_command",
    "corpus_options", "cut", "date_text", "format_table", "load_or_exit", "measure_or_exit", "nothing_loaded",
    "report_skips", "run_command", "write_csv", "write_csv_and_report",
]  # fmt: skip

EXIT_OK, EXIT_SKIPPED, EXIT_USAGE = 0, 1, 2
#: The reader of standard output went away (``… | head``): 128 + SIGPIPE, as other Unix tools exit.
EXIT_PIPE_CLOSED = 141


class OneLineParser(argparse.ArgumentParser):
    """argparse that reports usage errors in one line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see --help)\n")


def cut(text: object, width: int) -> str:
    """``text`` cut to ``width`` characters with «…»; «—» when missing.

    >>> cut("abcdef", 4), cut(None, 4)
    ('abc…', '—')
    """
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return "—"
    text = str(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def format_table(rows: list[list[str]], header: list[str]) -> str:
    """Plain-text columns, left-aligned, with a rule under the header."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return "\n".join(lines)


def date_text(value: object) -> str:
    """``YYYY-MM-DD``, or «—» for a missing date."""
    return "—" if pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def add_corpus_command(
    commands: argparse._SubParsersAction, name: str, help_text: str, *, lexicon: bool = True
) -> argparse.ArgumentParser:
    """A subcommand reading a corpus: PATH, --no-cache, --scheduler and (optionally) --lexicon."""
    command = commands.add_parser(name, help=help_text)
    command.add_argument("path", help="corpus folder, or one .txt/.csv/.tsv/.jsonl/.json/.parquet/.xlsx file")
    command.add_argument("--no-cache", action="store_true", help="ignore and do not update the caches")
    command.add_argument(
        "--scheduler", metavar="ADDRESS", help="run on this Dask cluster (tcp://host:8786; needs the dask extra)"
    )
    if lexicon:
        command.add_argument("--lexicon", help="lexicon YAML file (default: the packaged one)")
    tables = command.add_argument_group("tables", "which column holds what (default: found by name, see the README)")
    for role in ROLES:
        tables.add_argument(f"--{role}-column", metavar="NAME", help=f"the {role} column")
    order = tables.add_mutually_exclusive_group()
    order.add_argument("--dayfirst", dest="dayfirst", action="store_const", const=True, help="read NN/NN/YYYY dates day first")
    order.add_argument("--monthfirst", dest="dayfirst", action="store_const", const=False, help="read NN/NN/YYYY dates month first")
    command.add_argument(
        "--max-file-mb", type=float, default=DEFAULT_MAX_FILE_BYTES / 1e6, metavar="MB",
        help=f"skip files larger than this (default: {DEFAULT_MAX_FILE_BYTES / 1e6:.0f})",
    )  # fmt: skip
    return command


def corpus_options(args: argparse.Namespace) -> dict[str, object]:
    """``load_corpus`` keyword arguments from the corpus arguments."""
    columns = {role: getattr(args, f"{role}_column") for role in ROLES if getattr(args, f"{role}_column", None)}
    return {
        "cache": not args.no_cache,
        "client": args.scheduler,
        "columns": columns or None,
        "dayfirst": args.dayfirst,
        "max_file_bytes": max(1, int(args.max_file_mb * 1e6)),
    }


def nothing_loaded(corpus: Corpus, path: str) -> str:
    """One line saying that nothing loaded from ``path``, and why.

    >>> from pathlib import Path
    >>> empty = Corpus(pd.DataFrame(), pd.DataFrame(), pd.DataFrame(columns=["path", "reason"]), Path("."))
    >>> nothing_loaded(empty, "news/")
    'nothing loaded from news/: no input files found'
    """
    see = " (see: python -m helpers check)" if len(corpus.skipped) else ""
    return f"nothing loaded from {path}: {corpus.empty_reason()}{see}"


def load_or_exit(args: argparse.Namespace, command: str) -> Corpus | int:
    """The corpus of ``args.path``, or an exit code after a one-line error."""
    try:
        return load_corpus(args.path, **corpus_options(args))  # type: ignore[arg-type]
    except CorpusError as exc:
        print(f"helpers {command}: {exc}", file=sys.stderr)
        return EXIT_USAGE


def measure_or_exit(args: argparse.Namespace, command: str):  # noqa: ANN201
    """The corpus's coverage (counting stories when ``args.unit`` says so), or an
    exit code after a one-line error (usage: 2; nothing loaded: 1, with the reasons)."""
    from helpers.topics import measure_coverage

    try:
        lexicon = load_lexicon(args.lexicon)
        corpus = load_corpus(args.path, **corpus_options(args))  # type: ignore[arg-type]
        if corpus.documents.empty:
            print(f"helpers {command}: {nothing_loaded(corpus, args.path)}", file=sys.stderr)
            return EXIT_SKIPPED
        unit = getattr(args, "unit", "documents")
        return measure_coverage(corpus, lexicon, cache=not args.no_cache, client=args.scheduler, unit=unit)
    except (CorpusError, LexiconError) as exc:
        print(f"helpers {command}: {exc}", file=sys.stderr)
        return EXIT_USAGE


def report_skips(corpus: Corpus) -> int:
    """List skipped inputs on stderr; the exit code for a finished command."""
    for path, reason in corpus.skipped.itertuples(index=False):
        print(f"skipped {path}: {reason}", file=sys.stderr)
    return EXIT_SKIPPED if len(corpus.skipped) else EXIT_OK


def run_command(handler: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run a command's handler; if the reader of its output goes away (``coverage … | head``),
    stop quietly: no traceback, no "Broken pipe" message at exit."""
    try:
        code = handler(args)
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        # Python flushes stdout again at exit and would complain: point it at /dev/null first
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return EXIT_PIPE_CLOSED


def write_csv(table: pd.DataFrame, output: str | None, command: str) -> int | None:
    """Write ``table`` to ``output`` (standard output when None), safe to open in a
    spreadsheet (:mod:`helpers.spreadsheet`); an exit code on failure."""
    if output:
        try:
            write_safe_csv(table, output)
        except OSError as exc:
            print(f"helpers {command}: cannot write {output}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_USAGE
    else:
        write_safe_csv(table, sys.stdout)
    return None


def write_csv_and_report(table: pd.DataFrame, output: str | None, command: str, corpus: Corpus) -> int:
    """:func:`write_csv`, then the skipped inputs: the exit code of a command that writes a table."""
    failed = write_csv(table, output, command)
    return failed if failed is not None else report_skips(corpus)
