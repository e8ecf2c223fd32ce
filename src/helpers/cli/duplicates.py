"""``python -m helpers duplicates PATH [--threshold T] [--byline-threshold B|off] [--json] [--output F.csv]``: copies grouped into stories."""

from __future__ import annotations

import argparse
import json
import sys

import pandas as pd

from helpers.cli.common import EXIT_USAGE, add_corpus_command, cut, date_text, format_table, load_or_exit, report_skips, write_csv
from helpers.corpus.duplicates import BYLINE_THRESHOLD, THRESHOLD, find_duplicates

__all__ = ["register", "render_duplicates"]


def _byline(text: str) -> float | None:
    """``--byline-threshold``: a number, or ``off``.

    >>> _byline("0.3"), _byline("off")
    (0.3, None)
    """
    if text.strip().lower() in ("off", "none", "no"):
        return None
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number or 'off': {text!r}") from None


def render_duplicates(table: pd.DataFrame, documents: pd.DataFrame, threshold: float, byline: float | None = BYLINE_THRESHOLD) -> str:
    """The human-readable report: counts, then every story with more than one copy."""
    stories = table["story_id"].nunique()
    parts = [
        f"{len(table)} document(s), {stories} stor{'y' if stories == 1 else 'ies'}: "
        f"{len(table) - stories} cop{'y' if len(table) - stories == 1 else 'ies'} "
        f"(Jaccard of 5-word shingles >= {threshold:g}"
        + (f", or >= {byline:g} with the same agency credited)" if byline is not None else ")"),
    ]
    info = documents.set_index("doc_id")[["source", "date"]]
    shared = table[table["story_size"] > 1].join(info, on="doc_id")
    if len(shared):
        shared = shared.sort_values(["story_size", "first_seen", "story_id", "is_first"], ascending=[False, True, True, False], kind="stable")
        rows = [
            [cut(r.story_id, 36), cut(r.doc_id, 36), date_text(r.date), cut(r.source, 20), f"{r.similarity:.2f}",
             "first" if r.is_first else "exact" if r.exact else "", cut(r.agency, 16)]
            for r in shared.itertuples(index=False)
        ]  # fmt: skip
        parts += ["", format_table(rows, ["story", "document", "date", "source", "similarity", "", "credited"])]
    return "\n".join(parts)


def _as_json(table: pd.DataFrame) -> str:
    rows = [
        {
            "doc_id": r.doc_id, "story_id": r.story_id, "similarity": float(r.similarity),
            "first_seen": None if pd.isna(r.first_seen) else pd.Timestamp(r.first_seen).isoformat(),
            "story_size": int(r.story_size), "is_first": bool(r.is_first), "exact": bool(r.exact),
            "agency": None if r.agency is None or (isinstance(r.agency, float) and pd.isna(r.agency)) else r.agency,
        }
        for r in table.itertuples(index=False)
    ]  # fmt: skip
    summary = {"documents": len(table), "stories": int(table["story_id"].nunique())}
    return json.dumps({**summary, "documents_by_story": rows}, ensure_ascii=False, indent=2)


def _run(args: argparse.Namespace) -> int:
    corpus = load_or_exit(args, "duplicates")
    if isinstance(corpus, int):
        return corpus
    try:
        table = find_duplicates(corpus.documents, args.threshold, byline_threshold=args.byline_threshold)
    except ValueError as exc:
        print(f"helpers duplicates: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.output:
        failed = write_csv(table.assign(first_seen=table["first_seen"].dt.strftime("%Y-%m-%d")), args.output, "duplicates")
        if failed is not None:
            return failed
    print(_as_json(table) if args.json else render_duplicates(table, corpus.documents, args.threshold, args.byline_threshold))
    return report_skips(corpus)


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``duplicates`` to the command line."""
    command = add_corpus_command(commands, "duplicates", "group exact and near-duplicate copies into stories", lexicon=False)
    command.add_argument(
        "--threshold", type=float, default=THRESHOLD,
        help=f"Jaccard similarity of word shingles at which a document is a copy (default {THRESHOLD})",
    )  # fmt: skip
    command.add_argument(
        "--byline-threshold", type=_byline, default=BYLINE_THRESHOLD,
        help=f"the lower similarity enough when both credit the same agency (default {BYLINE_THRESHOLD}; 'off' to ignore credits)",
    )  # fmt: skip
    command.add_argument("--json", action="store_true", help="print JSON: {documents, stories, documents_by_story: [...]}")
    command.add_argument("--output", help="also write the table (one row per document) to this CSV")
    command.set_defaults(handler=_run)
