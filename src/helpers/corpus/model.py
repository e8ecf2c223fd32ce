"""The loaded corpus: the :class:`Corpus` tables and their columns.

>>> from helpers.corpus import load_corpus
>>> from helpers import config
>>> print(load_corpus(config.DEFAULT_CORPUS, cache=False).documents[["doc_id", "date_origin", "date_jalali"]].to_string(index=False))
              doc_id date_origin date_jalali
000_871be342d87c0a10      header  1404-09-19
004_70c488eabe7cc5d7        none         NaN
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from helpers.corpus.dates import to_jalali
from helpers.corpus.duplicates import find_duplicates

__all__ = ["DOCUMENT_COLUMNS", "SENTENCE_COLUMNS", "SKIPPED_COLUMNS", "Corpus", "CorpusError"]

DOCUMENT_COLUMNS = [
    "doc_id", "path", "source", "url", "date", "date_origin", "date_jalali", "title", "title_origin", "body",
    "text", "n_chars", "n_tokens", "n_sentences", "warnings", "boilerplate", "encoding",
]  # fmt: skip
SENTENCE_COLUMNS = ["doc_id", "sent_id", "text", "start", "end"]
SKIPPED_COLUMNS = ["path", "reason"]


class CorpusError(Exception):
    """A corpus that cannot be loaded as asked (missing path, strict mode)."""


@dataclass
class Corpus:
    """A loaded corpus.

    Attributes:
        documents: one row per document (see ``DOCUMENT_COLUMNS``).
        sentences: one row per sentence of each document's normalized text,
            with ``start``/``end`` offsets into it.
        skipped: one row per input file or table row that was not loaded,
            with a one-line ``reason``.
        root: the folder paths are relative to.
    """

    documents: pd.DataFrame
    sentences: pd.DataFrame
    skipped: pd.DataFrame
    root: Path

    def __repr__(self) -> str:
        return (
            f"<Corpus {self.root.name!r}: {len(self.documents)} documents, "
            f"{len(self.sentences)} sentences, {len(self.skipped)} skipped>"
        )

    def keep_text_keys(self, keys: np.ndarray) -> None:
        """Remember each document's *text key* (its normalized text and
        sentence starts, hashed when it was normalized; see
        :mod:`helpers.topics.tagging`), so a warm run need not hash the corpus again."""
        self.__dict__["_text_keys"] = (keys, _data_of(self))

    def text_keys(self) -> np.ndarray | None:
        """The remembered text keys, or None — also when the documents' text or
        the sentences are no longer the very data they were computed for
        (edited, filtered or reordered tables get their keys computed again).

        >>> from helpers.corpus import load_corpus
        >>> from helpers import config
        >>> corpus = load_corpus(config.DEFAULT_CORPUS, cache=False)
        >>> len(corpus.text_keys())
        2
        >>> corpus.documents.loc[0, "text"] = "متن دیگر"
        >>> corpus.text_keys() is None
        True
        """
        held = self.__dict__.get("_text_keys")
        if held is None:
            return None
        keys, data = held
        if len(keys) != len(self.documents) or not _same_data(data, _data_of(self)):
            return None
        return keys

    def empty_reason(self, limit: int = 3) -> str:
        """Why no document loaded, in one line: no input files, or the first skips.

        >>> import tempfile, pathlib
        >>> from helpers.corpus import load_corpus
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> load_corpus(folder, cache=False).empty_reason()
        'no input files found'
        >>> _ = (folder / "empty.txt").write_bytes(b"")
        >>> load_corpus(folder, cache=False).empty_reason()
        'empty.txt: empty file (0 bytes)'
        """
        skipped = self.skipped
        if not len(skipped):
            return "no input files found"
        shown = "; ".join(f"{row.path}: {row.reason}" for row in skipped.head(limit).itertuples(index=False))
        more = f"; and {len(skipped) - limit} more" if len(skipped) > limit else ""
        prefix = f"{len(skipped)} input(s) skipped — " if len(skipped) > 1 else ""
        return prefix + shown + more

    @cached_property
    def duplicates(self) -> pd.DataFrame:
        """Each document's story: exact and near-duplicate copies grouped
        (:func:`helpers.corpus.duplicates.find_duplicates` with its default
        threshold; call that function for another). Computed once per corpus.

        >>> from helpers.corpus import load_corpus
        >>> from helpers import config
        >>> load_corpus(config.DEFAULT_CORPUS, cache=False).duplicates["story_size"].tolist()
        [1, 1]
        """
        return find_duplicates(self.documents)

    def summary(self) -> pd.Series:
        """Counts, dates and sources at a glance.

        >>> from helpers.corpus import load_corpus
        >>> from helpers import config
        >>> load_corpus(config.DEFAULT_CORPUS, cache=False).summary()["documents"]
        2
        """
        docs = self.documents
        dated = docs["date"].dropna()
        return pd.Series(
            {
                "documents": len(docs),
                "skipped inputs": len(self.skipped),
                "sentences": int(docs["n_sentences"].sum()),
                "tokens": int(docs["n_tokens"].sum()),
                "sources": int(docs["source"].nunique()),
                "documents without source": int(docs["source"].isna().sum()),
                "documents with a date": len(dated),
                "first date": dated.min().date().isoformat() if len(dated) else None,
                "last date": dated.max().date().isoformat() if len(dated) else None,
                "first date (Jalali)": to_jalali(dated.min()) if len(dated) else None,
                "last date (Jalali)": to_jalali(dated.max()) if len(dated) else None,
            },
            name="corpus",
        )

    def cleaning_log(self) -> pd.DataFrame:
        """One row per warning or removed piece of boilerplate: ``doc_id``, ``kind``, ``detail``.

        >>> from helpers.corpus import load_corpus
        >>> from helpers import config
        >>> load_corpus(config.DEFAULT_CORPUS, cache=False).cleaning_log()["kind"].tolist()
        ['boilerplate', 'boilerplate', 'boilerplate']
        """
        rows = [
            (doc_id, kind, detail)
            for doc_id, warnings, boilerplate in zip(
                self.documents["doc_id"], self.documents["warnings"], self.documents["boilerplate"], strict=True
            )
            for kind, details in (("warning", warnings), ("boilerplate", boilerplate))
            for detail in details
        ]
        return pd.DataFrame(rows, columns=["doc_id", "kind", "detail"])


def _data_of(corpus: Corpus) -> tuple[object, ...]:
    """The arrays text keys are computed from: each document's text, and the
    sentences' ``doc_id`` and ``start`` (views, not copies)."""
    try:
        texts = pa.chunked_array(pa.array(corpus.documents["text"].array))
        doc_ids = pa.chunked_array(pa.array(corpus.sentences["doc_id"].array))
        starts = corpus.sentences["start"].to_numpy()
    except (KeyError, TypeError, pa.ArrowException):
        return ()
    return texts, doc_ids, starts


def _same_data(held: tuple[object, ...], now: tuple[object, ...]) -> bool:
    """Whether ``now`` views the same memory as ``held`` (which keeps that memory
    alive, so an address cannot have been reused by other data)."""
    if not held or not now:
        return False
    (texts, doc_ids, starts), (texts_now, doc_ids_now, starts_now) = held, now
    return (
        _buffers(texts) == _buffers(texts_now)
        and _buffers(doc_ids) == _buffers(doc_ids_now)
        and starts.__array_interface__["data"] == starts_now.__array_interface__["data"]
        and starts.shape == starts_now.shape
    )


def _buffers(array: pa.ChunkedArray) -> list[tuple[int, int, int, int]]:
    return [
        (chunk.offset, len(chunk), *(b.address if b is not None else 0 for b in chunk.buffers()[1:3]))
        for chunk in array.chunks
    ]
