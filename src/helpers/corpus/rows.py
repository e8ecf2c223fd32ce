"""Cache rows and the corpus tables built from them.

Processed files become *content-keyed* rows (by ``source_hash`` and item,
no paths or ids): the form the cache stores. :func:`assemble` turns them into
the :class:`~helpers.corpus.model.Corpus` tables for the files at hand —
document ids and paths, input order, later duplicate ids as skips — without
copying the text of a big corpus more than once.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from helpers.corpus.cache import SCHEMAS, CacheTables
from helpers.corpus.dates import to_jalali
from helpers.corpus.model import DOCUMENT_COLUMNS, SENTENCE_COLUMNS, SKIPPED_COLUMNS, Corpus
from helpers.corpus.normalization import NormalizedText
from helpers.corpus.sources import ParsedDocument, Skip
from helpers.corpus.tables import TABLE_SUFFIXES

__all__ = [
    "Processed", "assemble", "assign_ids", "build_rows", "concat_tables", "empty_tables", "gather_sentences",
    "repeat_values", "rows_consistent", "take_rows", "text_key", "typed_column",
]  # fmt: skip

# A path whose documents are table rows (ids: the id column, or file:row).
_TABLE_FILE = r"\.(?:" + "|".join(sorted(s.lstrip(".") for s in TABLE_SUFFIXES)) + r")$"
# One input file's results: each parsed document (with its normalized text) or skip.
Processed = list[tuple[ParsedDocument | Skip, NormalizedText | None]]


def empty_tables() -> CacheTables:
    """Cache tables with no rows, with their column types (copies of frames
    built once: building them costs ≈15 ms, and every batch needs them)."""
    return CacheTables(**{name: _empty_frame(name).copy() for name in SCHEMAS})


@lru_cache(maxsize=None)
def _empty_frame(name: str) -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype=dtype) for column, dtype in SCHEMAS[name].items()})


def build_rows(processed: dict[str, Processed]) -> CacheTables:
    """Lay processed documents and skips out as content-keyed cache rows."""
    docs: dict[str, list[object]] = {c: [] for c in SCHEMAS["documents"]}
    sents: dict[str, list[object]] = {c: [] for c in SCHEMAS["sentences"]}
    skips: dict[str, list[object]] = {c: [] for c in SCHEMAS["skipped"]}
    for digest, results in processed.items():
        for parsed, normalized in results:
            if isinstance(parsed, Skip):
                for column, value in (
                    ("source_hash", digest), ("item", parsed.item), ("locator", parsed.locator),
                    ("reason", parsed.reason), ("transient", parsed.transient),
                ):  # fmt: skip
                    skips[column].append(value)
                continue
            assert normalized is not None
            text = normalized.text
            row = {
                "source_hash": digest,
                "item": parsed.item,
                "locator": parsed.locator,
                "id_value": parsed.id_value,
                "source": parsed.source,
                "date": parsed.date,
                "date_origin": parsed.date_origin,
                "date_jalali": to_jalali(parsed.date),
                "title": parsed.title,
                "body": parsed.body,
                "text": text,
                "n_chars": len(text),
                "n_tokens": normalized.n_tokens,
                "n_sentences": len(normalized.sentences),
                "warnings": list(parsed.warnings),
                "boilerplate": list(parsed.boilerplate),
                "encoding": parsed.encoding,
                "url": parsed.url,
                "title_origin": parsed.title_origin,
                "text_key": text_key(text, [a for a, _ in normalized.sentences]),
            }
            for column, value in row.items():
                docs[column].append(value)
            spans = normalized.sentences
            sents["source_hash"].extend([digest] * len(spans))
            sents["item"].extend([parsed.item] * len(spans))
            sents["sent_id"].extend(range(len(spans)))
            sents["text"].extend([text[a:b] for a, b in spans])
            sents["start"].extend([a for a, _ in spans])
            sents["end"].extend([b for _, b in spans])

    def frame(name: str, columns: dict[str, list[object]]) -> pd.DataFrame:
        if not next(iter(columns.values())):
            return _empty_frame(name).copy()
        # Each column built as its type (no inference, then astype): ≈2.5× faster per batch.
        return pd.DataFrame({column: typed_column(columns[column], dtype) for column, dtype in SCHEMAS[name].items()})

    return CacheTables(documents=frame("documents", docs), sentences=frame("sentences", sents), skipped=frame("skipped", skips))


def typed_column(values: Sequence[object], dtype: object) -> Any:
    """A column of ``dtype`` built from Python values (no type inference); lists stay one object per row.

    >>> str(typed_column(["الف", "ب"], "str").dtype), typed_column([[], ["x"]], object).tolist()
    ('str', [[], ['x']])
    """
    if dtype in (object, "object"):
        return np.fromiter(values, dtype=object, count=len(values))  # not np.array: a list of lists would become 2-D
    if isinstance(dtype, str) and dtype == "str" and set(map(type, values)) <= _STR_OR_NONE:
        # Arrow builds a column of strings ≈3× faster than pd.array (anything
        # else — NaN, numbers, bytes — goes the pd.array way, which converts it).
        string_dtype = pd.api.types.pandas_dtype("str")
        if string_dtype.storage == "pyarrow":
            try:
                return pd.arrays.ArrowStringArray(pa.array(values, type=pa.large_string()), dtype=string_dtype)
            except (pa.ArrowException, ValueError):  # a lone surrogate: pd.array says what is wrong
                pass
    return pd.array(values, dtype=dtype)


_STR_OR_NONE = {str, type(None)}


def text_key(text: str, sentence_starts: list[int]) -> str:
    """A document's text key: BLAKE2b of its normalized text (UTF-8) and its
    sentence starts (int64), the inputs of topic matching (the mention cache's key).

    >>> len(text_key("متن", [0]))
    32
    """
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16)
    digest.update(np.asarray(sentence_starts, dtype=np.int64).tobytes())
    return digest.hexdigest()


def concat_tables(parts: list[CacheTables]) -> CacheTables:
    if not parts:
        return empty_tables()
    return CacheTables(
        documents=_concat([p.documents for p in parts]),
        sentences=_concat([p.sentences for p in parts]),
        skipped=_concat([p.skipped for p in parts]),
    )


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)] or frames[:1]
    return pd.concat(frames, ignore_index=True)


def assign_ids(docs: pd.DataFrame, skipped: pd.DataFrame, unread: list[tuple[str, str]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Document ids and paths, in input order; later duplicate ids become skips.

    Args:
        docs: one row per document: ``relpath``, ``order`` (of the file),
            ``item``, ``locator``, ``id_value``, and any other columns.
        skipped: one row per skip: ``relpath``, ``order``, ``item``,
            ``locator``, ``reason``.
        unread: ``(path, reason)`` of files that could not be read at all.

    Returns:
        ``docs`` sorted, with ``doc_id`` and ``path``, and ``skipped`` as
        ``path``, ``reason``.
    """
    docs = docs.copy()
    is_table = docs["relpath"].str.contains(_TABLE_FILE, case=False, regex=True)
    stem = docs["relpath"].str.replace(r"\.[^./]+$", "", regex=True)
    row_id = stem + ":" + docs["locator"]
    docs["doc_id"] = stem.where(~is_table, docs["id_value"].fillna(row_id))
    docs["path"] = docs["relpath"].where(~is_table, docs["relpath"] + ":" + docs["locator"])
    docs = docs.sort_values(["order", "item"], kind="stable").reset_index(drop=True)

    skipped = skipped.copy()
    skipped["path"] = skipped["relpath"].where(skipped["locator"] == "", skipped["relpath"] + ":" + skipped["locator"])
    skipped = skipped.sort_values(["order", "item"], kind="stable")[["path", "reason"]]

    # Ids must be unique for joins; later duplicates are skipped, not dropped silently.
    duplicated = docs["doc_id"].duplicated(keep="first")
    if duplicated.any():
        first_path = docs.drop_duplicates("doc_id").set_index("doc_id")["path"]
        dupes = docs[duplicated]
        skipped = pd.concat(
            [
                skipped,
                pd.DataFrame(
                    {
                        "path": dupes["path"],
                        "reason": [f"duplicate doc_id {i!r} (first loaded from {first_path[i]})" for i in dupes["doc_id"]],
                    }
                ),
            ],
            ignore_index=True,
        )
        docs = docs[~duplicated].reset_index(drop=True)
    if unread:
        skipped = pd.concat([skipped, pd.DataFrame(unread, columns=SKIPPED_COLUMNS)], ignore_index=True)
    return docs, skipped.reset_index(drop=True)


def assemble(files: pd.DataFrame, rows: CacheTables, unread: list[tuple[str, str]], root: Path) -> Corpus:
    """Attach paths and ids to content-keyed rows, in input order.

    Ids and order are decided on the small key columns; the text columns are
    then gathered once (``take``), so a big corpus is not copied several times.
    """
    meta = rows.documents[["source_hash", "item", "locator", "id_value"]].assign(row=np.arange(len(rows.documents)))
    docs = files[["relpath", "source_hash", "order"]].merge(meta, on="source_hash", how="inner")
    skipped = files.merge(rows.skipped, on="source_hash", how="inner")
    docs, skipped = assign_ids(docs, skipped, unread)

    positions = docs["row"].to_numpy()
    documents = take_rows(rows.documents, positions)
    documents["doc_id"] = docs["doc_id"].to_numpy()
    documents["path"] = docs["path"].to_numpy()
    keys = documents["text_key"].to_numpy(dtype=object)
    documents = documents[DOCUMENT_COLUMNS]
    shared = len(np.unique(positions)) != len(positions)  # a row taken twice: its lists must not be one object
    for column in ("warnings", "boilerplate"):
        values = documents[column].tolist()
        if shared or set(map(type, values)) - {list}:  # else they are already lists of their own (≈0.3 s at 100k)
            documents[column] = [_as_list(v) for v in values]
    sentences = gather_sentences(rows, positions, documents["doc_id"])
    corpus = Corpus(documents=documents, sentences=sentences, skipped=skipped.reset_index(drop=True), root=root)
    corpus.keep_text_keys(keys)
    return corpus


def _as_list(value: object) -> list[str]:
    """A list cell as a list of its own (cached rows give lists, numpy arrays or None)."""
    if type(value) is list:
        return value.copy()  # rows taken twice must not share one list
    return value.tolist() if isinstance(value, np.ndarray) else list(value) if value is not None else []  # type: ignore[call-overload]


def take_rows(frame: pd.DataFrame, positions: np.ndarray) -> pd.DataFrame:
    """``frame.take(positions)``, without copying when it takes every row in order
    (the usual case: a whole corpus in input order, ≈1 GB not copied at 100,000 documents)."""
    if len(positions) == len(frame) and np.array_equal(positions, np.arange(len(frame))):
        return frame.reset_index(drop=True)  # copy-on-write: shares the data
    return frame.take(positions).reset_index(drop=True)


def repeat_values(values: pd.Series, counts: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """Each value ``counts[i]`` times, as an array of the same type; for Arrow
    strings an Arrow ``take`` (≈8× faster than repeating Python objects: the
    mention table's ``doc_id`` at 100,000 documents).

    >>> repeat_values(pd.Series(["a", "b"], dtype="str"), np.array([2, 1])).tolist()
    ['a', 'a', 'b']
    """
    # Series.take, not the array's: ExtensionArray.take checks for negative indices (≈10× slower)
    return values.take(np.repeat(np.arange(len(values)), counts)).array


def _sentences_aligned(rows: CacheTables) -> tuple[bool, np.ndarray, np.ndarray]:
    """Whether each document's sentences are the ``n_sentences`` rows after
    those of the documents before it (as :func:`build_rows` writes them)."""
    counts_all = rows.documents["n_sentences"].to_numpy(dtype=np.int64)
    first_all = np.cumsum(counts_all) - counts_all
    table = rows.sentences
    # a negative count (a damaged cache) is never aligned, and would index from the end
    aligned = int(counts_all.sum()) == len(table) and not (counts_all < 0).any()
    if aligned and len(table):
        has = counts_all > 0
        at = first_all[has]
        # The hashes compared in Arrow: a pandas take and Python strings cost 0.3 s at 100k.
        sentence_hashes = pa.array(table["source_hash"].astype("str").array).take(pa.array(at))
        document_hashes = pa.array(rows.documents["source_hash"].astype("str").array).take(pa.array(np.flatnonzero(has)))
        aligned = bool(
            pc.all(pc.equal(sentence_hashes, document_hashes), skip_nulls=False).as_py() is True
            and (table["item"].to_numpy()[at] == rows.documents["item"].to_numpy()[has]).all()
            and (table["sent_id"].to_numpy()[at] == 0).all()
        )
    return aligned, counts_all, first_all


def rows_consistent(rows: CacheTables) -> bool:
    """Whether cached rows hold every sentence of every document, in order:
    cached tables that lost rows are rebuilt, never served."""
    aligned, counts, _ = _sentences_aligned(rows)
    return aligned and bool((counts >= 0).all())


def gather_sentences(rows: CacheTables, positions: np.ndarray, doc_ids: pd.Series) -> pd.DataFrame:
    """Sentences of the documents at ``positions`` of ``rows.documents``, in that order.

    Rows of both tables are written document by document in the same order,
    so a document's sentences are the ``n_sentences`` rows after those of the
    documents before it; checked, with a merge as the fallback.
    """
    aligned, counts_all, first_all = _sentences_aligned(rows)
    table = rows.sentences
    if not aligned:  # not expected; correct anyway
        keys = rows.documents[["source_hash", "item"]].take(positions).assign(doc_id=doc_ids.to_numpy())
        return keys.merge(table, on=["source_hash", "item"], how="inner")[SENTENCE_COLUMNS].reset_index(drop=True)
    counts = counts_all[positions]
    offsets = np.cumsum(counts) - counts
    index = np.repeat(first_all[positions] - offsets, counts) + np.arange(int(counts.sum()))
    sentences = take_rows(table, index)
    sentences["doc_id"] = repeat_values(doc_ids, counts)
    return sentences[SENTENCE_COLUMNS]


