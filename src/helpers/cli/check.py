"""``python -m helpers check PATH [--json]``: what was loaded and skipped, and why."""

from __future__ import annotations

import argparse
import json

import pandas as pd

from helpers.cli.common import EXIT_OK, EXIT_SKIPPED, add_corpus_command, cut, date_text, format_table, load_or_exit
from helpers.corpus import Corpus

__all__ = ["as_json", "register", "render_check"]


def render_check(corpus: Corpus) -> str:
    """The human-readable report of ``check``."""
    docs = corpus.documents
    rows = [
        [cut(r.doc_id, 40), date_text(r.date), r.date_origin, cut(r.source, 30), cut(r.title, 40), str(r.n_chars)]
        for r in docs.itertuples(index=False)
    ]
    parts = [f"Loaded {len(docs)} document(s) from {corpus.root}", ""]
    if rows:
        parts.append(format_table(rows, ["id", "date", "origin", "source", "title", "chars"]))
    warned = [(r.doc_id, w) for r in docs.itertuples(index=False) for w in r.warnings]
    if warned:
        # A table's warnings hold for each of its rows: list each text once.
        by_text: dict[str, list[str]] = {}
        for doc_id, warning in warned:
            by_text.setdefault(warning, []).append(doc_id)
        parts += ["", f"Warnings ({len(warned)}):"]
        for warning, ids in by_text.items():
            who = ids[0] if len(ids) == 1 else ", ".join(ids[:3]) + (", …" if len(ids) > 3 else "") + f" ({len(ids)} documents)"
            parts.append(f"  {who}: {warning}")
    skipped = corpus.skipped
    parts += ["", f"Skipped {len(skipped)} input(s)" + (":" if len(skipped) else ".")]
    if len(skipped):
        parts.append(format_table([[p, r] for p, r in skipped.itertuples(index=False)], ["path", "reason"]))
    return "\n".join(parts)


def as_json(corpus: Corpus) -> str:
    """The ``--json`` report: ``{"loaded": [...], "skipped": [...]}``."""
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


def _run(args: argparse.Namespace) -> int:
    corpus = load_or_exit(args, "check")
    if isinstance(corpus, int):
        return corpus
    print(as_json(corpus) if args.json else render_check(corpus))
    return EXIT_SKIPPED if len(corpus.skipped) else EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``check`` to the command line."""
    check = add_corpus_command(commands, "check", "load a corpus and list documents and skipped inputs", lexicon=False)
    check.add_argument("--json", action="store_true", help="print JSON: {loaded: [...], skipped: [...]}")
    check.set_defaults(handler=_run)
