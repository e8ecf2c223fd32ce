"""Counting stories instead of copies.

With ``unit="stories"`` every table counts each story once, as its *first
copy* — the earliest document of the group :mod:`helpers.corpus.duplicates`
found (an agency's own copy before the outlets that republish it on the
same day). Its date, source and text stand for the story: a story belongs
to the outlet that published it first. The summary shows both units side
by side: shares of all documents and shares of stories, each with its 95 %
Wilson interval.

>>> import pandas as pd
>>> stories = pd.DataFrame({"doc_id": ["a", "b", "c"], "story_id": ["a", "a", "c"]})
>>> first_copies(stories).tolist()
['a', 'c']
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from helpers.corpus import Corpus
from helpers.topics.intervals import add_intervals

__all__ = ["UNITS", "both_units", "check_unit", "first_copies", "story_columns", "story_corpus", "with_intervals"]

UNITS = ("documents", "stories")


def check_unit(unit: str) -> str:
    """``unit`` if it is one of :data:`UNITS`; a one-line error otherwise."""
    if unit not in UNITS:
        raise ValueError(f"unit must be 'documents' or 'stories', not {unit!r}")
    return unit


def first_copies(duplicates: pd.DataFrame) -> pd.Index:
    """The ``doc_id`` of each story's first document, in corpus order."""
    firsts = duplicates.loc[duplicates["doc_id"] == duplicates["story_id"], "doc_id"]
    return pd.Index(firsts.astype("str"))


def story_corpus(corpus: Corpus, mentions: pd.DataFrame, duplicates: pd.DataFrame) -> tuple[Corpus, pd.DataFrame]:
    """The corpus and mentions restricted to the first copy of each story."""
    keep = first_copies(duplicates)
    unknown = pd.Index(corpus.documents["doc_id"]).difference(pd.Index(duplicates["doc_id"]))
    if len(unknown):
        raise ValueError(f"the story table does not cover document {unknown[0]!r}: compute it on this corpus")
    documents = corpus.documents[corpus.documents["doc_id"].isin(keep)].reset_index(drop=True)
    sentences = corpus.sentences[corpus.sentences["doc_id"].isin(keep)].reset_index(drop=True)
    restricted = Corpus(documents=documents, sentences=sentences, skipped=corpus.skipped, root=corpus.root)
    return restricted, mentions[mentions["doc_id"].isin(keep)].reset_index(drop=True)


def story_columns(summary: pd.DataFrame, document_topics: pd.DataFrame, duplicates: pd.DataFrame) -> pd.DataFrame:
    """``summary`` with ``stories`` and ``share_of_stories`` after the document columns.

    ``document_topics`` is :meth:`Coverage.document_topics` over every copy.
    """
    keep = first_copies(duplicates)
    firsts = document_topics[document_topics["doc_id"].isin(keep)]
    counts = (firsts["mentions"] > 0).groupby(firsts["topic"]).sum()
    out = summary.copy()
    position = list(out.columns).index("share_of_documents") + 1
    stories = counts.reindex(out["topic"]).fillna(0).astype("int64").to_numpy()
    out.insert(position, "stories", stories)
    out.insert(position + 1, "share_of_stories", stories / len(keep) if len(keep) else 0.0)
    return out


def with_intervals(summary: pd.DataFrame, n_documents: int, n_stories: int | None) -> pd.DataFrame:
    """Wilson intervals after each share: ``share_low``/``share_high`` for
    documents, ``story_share_low``/``story_share_high`` for stories."""
    out = add_intervals(summary, "documents", n_documents, after="share_of_documents")
    if n_stories is not None and "stories" in out:
        out = add_intervals(out, "stories", n_stories, "story_share_low", "story_share_high", after="share_of_stories")
    return out


def both_units(coverage: Any, summary: pd.DataFrame, document_topics: pd.DataFrame) -> pd.DataFrame:
    """The summary with documents and stories side by side (``Coverage.summary(stories=True)``).

    ``summary`` and ``document_topics`` are the coverage's own; when it
    counts stories, the shares of both units come from every copy
    (``coverage.copies``) and the mentions from the first copies.
    """
    if coverage.copies is not None:
        mentions = {"mentions": summary["mentions"], "mentions_per_1k_tokens": summary["mentions_per_1k_tokens"]}
        return coverage.copies.summary(stories=True).assign(**mentions)
    stories = coverage.story_table()
    out = story_columns(summary.drop(columns=["share_low", "share_high"]), document_topics, stories)
    return with_intervals(out, len(coverage.corpus.documents), len(first_copies(stories)))
