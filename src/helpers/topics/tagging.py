"""Tagging a whole corpus: in chunks, on all cores or a Dask cluster, cached.

Each document is identified by a *text key*: a BLAKE2b digest of its
normalized text and its sentence boundaries, the only inputs the matcher
sees. Its mentions are cached under that key, per lexicon (by content) and
per version of the matching code, so an unchanged document is never tagged
twice with the same lexicon, and editing the lexicon, a document's text or
the matcher can never serve stale mentions.

>>> from helpers import load_corpus
>>> from helpers.topics.lexicon import load_lexicon
>>> mentions = tag_corpus(load_corpus(cache=False), load_lexicon(), cache=False)
>>> mentions[["topic", "matched"]].head(2).values.tolist()
[['trade', 'روابط اقتصادی'], ['culture_tourism', 'فرهنگی']]
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from helpers import config
from helpers.compute import ComputeError, InProcess, add_preload, map_ordered, resolve_workers
from helpers.corpus import Corpus, CorpusError
from helpers.corpus.loading import corpus_backend
from helpers.corpus.cache import TableStore, code_digest, conforms, pipeline_key, root_key
from helpers.corpus.rows import repeat_values, take_rows, typed_column
from helpers.topics.lexicon import Lexicon
from helpers.topics.matching import TopicMatcher

__all__ = [
    "MENTION_COLUMNS", "SUPPRESSED_COLUMNS", "category_codes", "chunk_tasks", "lexicon_key", "matcher_for", "sentence_starts", "tag_corpus",
    "tag_texts", "text_array",
]  # fmt: skip

MENTION_COLUMNS = ["doc_id", "sent_id", "topic", "group", "term", "matched", "start", "end"]
# Per-document mention rows as cached: no doc_id (content-keyed) and no group
# (derived from the lexicon).
_ROW_TYPES = {
    "sent_id": "int64", "topic": "str", "term": "str", "matched": "str", "start": "int64", "end": "int64",
    "name": "str", "name_kind": "str",
}  # fmt: skip
# A suppressed mention (inside a proper name: helpers.topics.names) has its name and
# the name's kind; a counted one has "" in both.
SUPPRESSED_COLUMNS = [*MENTION_COLUMNS, "status", "name", "name_kind"]
# Documents are tagged in chunks of about this many characters (one automaton
# pass each); chunks that fit in the CPU caches measured fastest.
TAG_CHUNK_CHARS = 250_000
# Below this many characters one process tags faster than a pool starts
# (its workers fork from the running fork server with the matcher built:
# ≈0.1 s; tagging runs at ≈3 M characters per second per core).
_POOL_MIN_CHARS = 2_000_000
_PROGRESS_MIN_CHARS = 20_000_000
_CODE_MODULES = tuple(
    f"helpers.topics.{name}"
    for name in ("lexicon", "yamlfile", "gazetteer", "spelling", "keys", "compiled", "rules", "names", "matching", "tagging")
)


# Pools started from now on have the default lexicon's matcher built in every worker.
add_preload("helpers.topics.preload")


@lru_cache(maxsize=8)
def matcher_for(lexicon: Lexicon) -> TopicMatcher:
    """One compiled matcher per lexicon per process (a Lexicon is frozen and hashable)."""
    return TopicMatcher(lexicon)


def lexicon_key(lexicon: Lexicon) -> str:
    """Digest of a lexicon's content (topics, terms, rules), not of its path.

    >>> from helpers.topics.lexicon import load_lexicon
    >>> lexicon_key(load_lexicon()) == lexicon_key(load_lexicon())
    True
    """
    return hashlib.blake2b(repr((lexicon.topics, lexicon.names)).encode("utf-8"), digest_size=10).hexdigest()


def tag_texts(
    lexicon: Lexicon, texts: list[str] | pa.Array | pa.ChunkedArray, sentence_starts: list[np.ndarray]
) -> tuple[np.ndarray, pd.DataFrame]:
    """Mentions in ``texts``: per-document row counts and the rows, document by document.

    Each document's counted mentions come first (``name`` empty), then the
    ones suppressed inside proper names, with the name and its kind.

    >>> from helpers.topics.lexicon import load_lexicon
    >>> counts, rows = tag_texts(load_lexicon(), ["صادرات نفت", "باران", "بانک تجارت"], [np.array([0])] * 3)
    >>> counts.tolist(), rows[["topic", "name"]].values.tolist()
    ([1, 0, 1], [['energy', ''], ['trade', 'بانک تجارت']])
    """
    if isinstance(texts, (pa.Array, pa.ChunkedArray)):
        texts = texts.to_pylist()
    found, suppressed = matcher_for(lexicon).find_batch_with_suppressed(texts, [s.tolist() if len(s) else [0] for s in sentence_starts])
    merged = [[(*m, "", "") for m in kept] + list(out) for kept, out in zip(found, suppressed, strict=True)]
    counts = np.fromiter((len(spans) for spans in merged), dtype=np.int64, count=len(merged))
    flat = [span for spans in merged for span in spans]
    if not flat:
        return counts, _empty_rows()
    topics, terms, starts, ends, sent_ids, names, kinds = zip(*flat, strict=True)
    owners = np.repeat(np.arange(len(texts)), counts).tolist()
    matched = [texts[d][a:b] for d, a, b in zip(owners, starts, ends, strict=True)]
    values = {
        "sent_id": sent_ids, "topic": topics, "term": terms, "matched": matched, "start": starts, "end": ends,
        "name": names, "name_kind": kinds,
    }  # fmt: skip
    return counts, pd.DataFrame({name: typed_column(values[name], dtype) for name, dtype in _ROW_TYPES.items()})


_TAGGED_TYPES = {"key": "str", "first": "int64", "count": "int64"}


def _mentions_valid(tables: dict[str, pd.DataFrame]) -> bool:
    """Whether a cached generation is this code's layout and every document's
    rows are there (``first … first+count`` within ``mentions``)."""
    tagged, rows = tables["tagged"], tables["mentions"]
    if not (conforms(tagged, _TAGGED_TYPES) and conforms(rows, _ROW_TYPES)):
        return False
    if tagged["key"].isna().any() or tagged["key"].duplicated().any():
        return False
    first, count = tagged["first"].to_numpy(), tagged["count"].to_numpy()
    return bool(len(tagged) == 0 or ((first >= 0).all() and (count >= 0).all() and (first + count).max() <= len(rows)))


def _empty_rows() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in _ROW_TYPES.items()})


class _MentionCache(TableStore):
    """Mentions per text key for one corpus root and one lexicon.

    ``tagged``: ``key``, ``first``, ``count`` (rows ``first … first+count`` of
    ``mentions``); keys stay when a subset of the corpus is tagged, so
    filtering a corpus does not evict the rest.
    """

    def __init__(self, root: Path, lexicon: Lexicon, base: Path) -> None:
        code = code_digest(_CODE_MODULES)
        folder = base / pipeline_key() / f"mentions-{code}" / root_key(root) / lexicon_key(lexicon)
        super().__init__(folder, ("tagged", "mentions"))


def text_array(texts: pd.Series) -> pa.ChunkedArray:
    """The column as Arrow data, without copying when it already is (chunks and all)."""
    array = pa.chunked_array(pa.array(texts.array)) if len(texts) else pa.chunked_array([], type=pa.large_string())
    return array if array.type == pa.large_string() else array.cast(pa.large_string())


def _document_keys(texts: pa.ChunkedArray, starts: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """Text key per document, hashing the UTF-8 bytes in place (no Python strings)."""
    keys: list[str] = []
    for chunk in texts.chunks:
        offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int64)[chunk.offset : chunk.offset + len(chunk) + 1]
        data = chunk.buffers()[2]
        view = memoryview(data) if data is not None else memoryview(b"")
        first = len(keys)
        for i in range(len(chunk)):
            digest = hashlib.blake2b(view[offsets[i] : offsets[i + 1]], digest_size=16)
            digest.update(starts[bounds[first + i] : bounds[first + i + 1]].tobytes())
            keys.append(digest.hexdigest())
    return np.array(keys, dtype=object)


def category_codes(values: pd.Series, categories: pd.Series | list[str]) -> np.ndarray:
    """Position of each value in ``categories`` (-1 when absent or missing), by Arrow hash lookup.

    >>> category_codes(pd.Series(["b", "x", None, "a"]), ["a", "b"]).tolist()
    [1, -1, -1, 0]
    """
    if not len(values):
        return np.array([], dtype=np.int64)
    value_set = pa.chunked_array(pa.array(pd.Series(categories, dtype="str").array)).combine_chunks()
    found = pc.index_in(pa.array(pd.Series(values, dtype="str").array), value_set=value_set)
    return np.asarray(found.fill_null(-1)).astype(np.int64)


def sentence_starts(corpus: Corpus) -> tuple[np.ndarray, np.ndarray]:
    """All sentence starts grouped by document, and each document's bounds in them."""
    doc_ids = corpus.documents["doc_id"]
    sentences = corpus.sentences
    codes = category_codes(sentences["doc_id"], doc_ids)
    order = np.argsort(codes, kind="stable")
    starts = sentences["start"].to_numpy(dtype=np.int64)[order]
    bounds = np.searchsorted(codes[order], np.arange(len(doc_ids) + 1))
    return starts, bounds


def _lengths(texts: pa.ChunkedArray) -> np.ndarray:
    """Characters per document (counted on the UTF-8 data, no copy of the text)."""
    return pc.utf8_length(texts).to_numpy().astype(np.int64) if len(texts) else np.array([], dtype=np.int64)


def chunk_tasks(
    lexicon: Lexicon, texts: pa.ChunkedArray, positions: np.ndarray, starts: np.ndarray, bounds: np.ndarray,
    lengths: np.ndarray | None = None,
) -> Any:
    """Tasks of about ``TAG_CHUNK_CHARS`` characters; Python strings made per chunk only.

    ``lengths``: characters of the documents at ``positions``, if already known.
    """
    lengths = _lengths(texts)[positions] if lengths is None else lengths
    chunk = 0
    chunk_of = np.empty(len(positions), dtype=np.int64)
    filled = 0
    for i, length in enumerate(lengths):
        if filled >= TAG_CHUNK_CHARS:
            chunk += 1
            filled = 0
        chunk_of[i] = chunk
        filled += int(length)
    edges = np.searchsorted(chunk_of, np.arange(chunk + 2)) if len(positions) else np.array([0])
    for a, b in zip(edges[:-1], edges[1:], strict=True):
        if a == b:
            continue
        part = positions[a:b]
        # An Arrow array pickles as one buffer: cheaper for the parent than a list of str.
        # Consecutive documents (the usual case) are a slice, not a take: a take
        # from a column of many chunks cost the parent ≈10 ms a chunk. Positions
        # are increasing and unique, so a span as long as the part is consecutive.
        if part[-1] - part[0] + 1 == len(part):
            chunk_texts = texts.slice(int(part[0]), len(part)).combine_chunks()
        else:
            chunk_texts = texts.take(pa.array(part)).combine_chunks()
        chunk_starts = [starts[bounds[p] : bounds[p + 1]] for p in part]
        yield (lexicon, chunk_texts, chunk_starts), int(lengths[a:b].sum())


def _labels(labels: list[str | None], codes: np.ndarray) -> Any:
    """``labels[code]`` for each code (-1: the last), as a string column (None: missing)."""
    return pd.Series(labels, dtype="str").take(codes).array  # Series.take: see helpers.corpus.rows.repeat_values


def tag_corpus(
    corpus: Corpus,
    lexicon: Lexicon,
    *,
    cache: bool = True,
    cache_dir: str | os.PathLike[str] | None = None,
    workers: int | None = None,
    progress: bool | None = None,
    client: Any = None,
    suppressed: bool = False,
) -> pd.DataFrame:
    """Every mention in ``corpus`` (``MENTION_COLUMNS``), documents in order.

    With ``suppressed``, also the hits inside proper names
    (``SUPPRESSED_COLUMNS``: ``status`` is ``counted`` or ``suppressed``,
    ``name`` and ``name_kind`` say which name contained a suppressed one).

    Args:
        corpus: from :func:`helpers.load_corpus`.
        lexicon: the topics to look for.
        cache: reuse and update the on-disk mention cache.
        cache_dir: cache folder (default :func:`helpers.config.cache_dir`).
        workers: processes (default: all cores, when there is enough text).
        progress: show a progress bar (default: only for large corpora).
        client: a ``distributed.Client`` or scheduler address: tag on Dask.
    """
    documents = corpus.documents
    texts = text_array(documents["text"])
    keys = corpus.text_keys()  # hashed when the documents were normalized, if still theirs
    starts = bounds = None
    if keys is None:
        starts, bounds = sentence_starts(corpus)
        keys = _document_keys(texts, starts, bounds)

    store = _MentionCache(corpus.root, lexicon, Path(cache_dir) if cache_dir else config.cache_dir()) if cache else None
    cached = store.load_tables() if store else None
    if cached is not None and not _mentions_valid(cached):
        cached = None  # another layout or lost rows: tag again rather than serve them
    tagged = cached["tagged"] if cached is not None else pd.DataFrame({"key": pd.Series(dtype="str"), "first": pd.Series(dtype="int64"), "count": pd.Series(dtype="int64")})
    rows = cached["mentions"] if cached is not None else _empty_rows()

    known = pd.Index(tagged["key"]).get_indexer(keys)
    todo_keys, todo_positions = np.unique(keys[known < 0], return_index=True) if (known < 0).any() else (np.array([], dtype=object), np.array([], dtype=np.int64))
    if len(todo_keys):
        positions = np.flatnonzero(known < 0)[np.sort(todo_positions)]
        if starts is None or bounds is None:
            starts, bounds = sentence_starts(corpus)
        lengths = _lengths(texts)[positions]
        n_chars = int(lengths.sum())
        n_workers = resolve_workers(workers)
        local = client is None and (n_workers <= 1 or n_chars < _POOL_MIN_CHARS)
        counts_parts: list[np.ndarray] = []
        row_parts: list[pd.DataFrame] = [rows]
        backend = InProcess() if local else corpus_backend(n_workers, client)
        try:
            for counts, chunk_rows in map_ordered(
                tag_texts, chunk_tasks(lexicon, texts, positions, starts, bounds, lengths), backend,
                total=n_chars, unit="char",
                progress=progress if progress is not None else n_chars >= _PROGRESS_MIN_CHARS, desc="tagging",
            ):  # fmt: skip
                counts_parts.append(counts)
                row_parts.append(chunk_rows)
        except ComputeError as exc:
            raise CorpusError(f"tagging: {exc}") from None
        counts = np.concatenate(counts_parts)
        first = len(rows) + np.cumsum(counts) - counts
        new_tagged = pd.DataFrame({"key": pd.array(keys[positions], dtype="str"), "first": first, "count": counts})
        tagged = pd.concat([tagged, new_tagged], ignore_index=True) if len(tagged) else new_tagged
        rows = pd.concat([p for p in row_parts if len(p)] or [rows], ignore_index=True)
        del row_parts
        if store is not None:
            try:
                store.save_tables({"tagged": tagged, "mentions": rows})
            except OSError:
                pass  # a read-only or full disk must not stop the analysis
        known = pd.Index(tagged["key"]).get_indexer(keys)

    first = tagged["first"].to_numpy()[known]
    counts = tagged["count"].to_numpy()[known]
    offsets = np.cumsum(counts) - counts
    index = np.repeat(first - offsets, counts) + np.arange(int(counts.sum()))
    mentions = take_rows(rows, index)
    mentions.insert(0, "doc_id", repeat_values(documents["doc_id"].astype("str"), counts))
    # Label columns by position in a short Arrow column (a C take): building
    # millions of Python strings cost ≈1 s per column at 100,000 documents.
    topic_code = category_codes(mentions["topic"], list(lexicon.ids))  # -1 (unknown): the None at the end
    group = _labels([t.group for t in lexicon.topics] + [None], topic_code) if len(mentions) else None
    if group is None or group.isna().all():  # no mention in a group: Python None in an object column, as pandas infers it
        group = pd.Series([None] * len(mentions), dtype=object).array
    mentions.insert(3, "group", group)
    is_counted = (mentions["name"] == "").to_numpy(dtype=bool)
    if not suppressed:
        return take_rows(mentions, np.flatnonzero(is_counted))[MENTION_COLUMNS]
    mentions["status"] = _labels(["suppressed", "counted"], is_counted.astype(np.int64))
    # documents in order, mentions by position (a document's suppressed rows come after its counted ones)
    position = np.repeat(np.arange(len(counts)), counts)
    starts, ends = mentions["start"].to_numpy(), mentions["end"].to_numpy()
    if _in_order(position, starts, ends):  # nothing suppressed, or already in place: no sort (≈0.4 s at 100k)
        return mentions[SUPPRESSED_COLUMNS]
    order = np.lexsort((ends, starts, position))
    return take_rows(mentions, order)[SUPPRESSED_COLUMNS]


def _in_order(*keys: np.ndarray) -> bool:
    """Whether rows are already sorted by ``keys`` (first key first), as a stable
    ``np.lexsort`` would leave them.

    >>> _in_order(np.array([0, 0, 1]), np.array([5, 7, 2])), _in_order(np.array([0, 0]), np.array([7, 5]))
    (True, False)
    """
    if len(keys[0]) < 2:
        return True
    tied = np.ones(len(keys[0]) - 1, dtype=bool)  # rows i and i+1 equal on the keys so far
    for key in keys:
        step = np.diff(key)
        if (step[tied] < 0).any():
            return False
        tied &= step == 0
    return True
