"""Loading a corpus: files or tables in, three pandas tables out.

>>> corpus = load_corpus(config.DEFAULT_CORPUS, cache=False)
>>> print(corpus.documents[["doc_id", "date_origin", "date_jalali"]].to_string(index=False))
              doc_id date_origin date_jalali
000_871be342d87c0a10      header  1404-09-19
004_70c488eabe7cc5d7        none         NaN
>>> corpus
<Corpus 'seeds': 2 documents, 31 sentences, 0 skipped>
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from helpers import config
from helpers.cache import CacheTables, CorpusCache, content_hash
from helpers.dates import to_jalali
from helpers.normalization import NormalizedText, get_pipeline
from helpers.parallel import ParallelError, map_ordered, resolve_workers, start_pool_early
from helpers.sources import ParsedDocument, Skip, discover, parse_source

__all__ = ["Corpus", "CorpusError", "load_corpus"]

DOCUMENT_COLUMNS = [
    "doc_id", "path", "source", "date", "date_origin", "date_jalali", "title", "body", "text",
    "n_chars", "n_tokens", "n_sentences", "warnings", "boilerplate", "encoding",
]  # fmt: skip
SENTENCE_COLUMNS = ["doc_id", "sent_id", "text", "start", "end"]
SKIPPED_COLUMNS = ["path", "reason"]

# Below this much input a process pool costs more (start ≈ 2 s) than it saves.
_POOL_MIN_BYTES = 4_000_000
_BATCH_BYTES = 500_000
_PROGRESS_MIN_BYTES = 6_000_000


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

    def summary(self) -> pd.Series:
        """Counts, dates and sources at a glance.

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


# ---------------------------------------------------------------- processing
Processed = list[tuple[ParsedDocument | Skip, NormalizedText | None]]


def _document_text(doc: ParsedDocument) -> str:
    return f"{doc.title}\n\n{doc.body}" if doc.title else doc.body


def _process_texts(texts: list[str]) -> list[NormalizedText]:
    pipeline = get_pipeline()
    return [pipeline.process(t) for t in texts]


def _process_file(root: Path, relpath: str, digest: str | None) -> Processed:
    """Read, decode, clean, parse and normalize one input file.

    ``digest``: the content hash the file had when listed (a changed file
    is skipped), or None to take it as it is now.
    """
    try:
        data = (root / relpath).read_bytes()
    except OSError as exc:  # vanished since it was hashed
        return [(Skip(0, "", f"cannot read file: {exc.strerror or exc}"), None)]
    if digest is not None and content_hash(data) != digest:
        return [(Skip(0, "", "file changed while the corpus was being loaded; load again"), None)]
    results = parse_source(relpath, data)
    docs = [r for r in results if isinstance(r, ParsedDocument)]
    normalized = iter(_process_texts([_document_text(d) for d in docs]))
    return [(r, next(normalized) if isinstance(r, ParsedDocument) else None) for r in results]


def _process_batch(root: Path, batch: list[tuple[str, str]]) -> CacheTables:
    """Process files and lay them out as cache rows (in the worker: the
    parent only concatenates)."""
    return _build_rows({digest: _process_file(root, relpath, digest) for relpath, digest in batch})


def _batches(items: list[tuple[str, str, int]], size: int) -> Iterator[tuple[list[tuple[str, str]], int]]:
    """Group ``(relpath, digest, n_bytes)`` into batches of about ``size`` bytes."""
    batch: list[tuple[str, str]] = []
    batch_bytes = 0
    for relpath, digest, n_bytes in items:
        batch.append((relpath, digest))
        batch_bytes += n_bytes
        if batch_bytes >= size:
            yield batch, batch_bytes
            batch, batch_bytes = [], 0
    if batch:
        yield batch, batch_bytes


def _process_all(
    root: Path, items: list[tuple[str, str, int]], workers: int | None, progress: bool | None, client: Any = None
) -> CacheTables:
    """Process files in order: here, on all cores when there is enough work, or on a Dask cluster."""
    total = sum(n for _, _, n in items)
    n_workers = resolve_workers(workers)
    local = client is None and (n_workers <= 1 or total < _POOL_MIN_BYTES)
    # Several batches per worker: the last ones finish together.
    size = _BATCH_BYTES if local else max(20_000, min(_BATCH_BYTES, math.ceil(total / (n_workers * 8))))
    tasks = (((root, batch), n_bytes) for batch, n_bytes in _batches(items, size))
    try:
        results = list(
            map_ordered(
                _process_batch, tasks, workers=1 if local else n_workers, client=client, total=total,
                progress=progress if progress is not None else total >= _PROGRESS_MIN_BYTES, desc="normalizing",
            )
        )  # fmt: skip
    except ParallelError as exc:
        raise CorpusError(f"normalization {exc}") from None
    return _concat_tables(results)


def _start_pool_early(root: Path, relpaths: list[str], workers: int | None) -> None:
    """Start the fork server now when a pool may be needed.

    It builds the hazm pipeline (≈2 s) in its own process while this one
    hashes the files; a corpus served from the cache never waits for it.
    """
    if resolve_workers(workers) <= 1:
        return
    total = 0
    for relpath in relpaths:
        try:
            total += (root / relpath).stat().st_size
        except OSError:
            continue
        if total >= _POOL_MIN_BYTES:
            start_pool_early()
            return


# ------------------------------------------------------------------- building
# Column types of the cache tables (content-keyed: no doc_id or path yet).
_SCHEMAS = {
    "documents": {
        "source_hash": "str", "item": "int64", "locator": "str", "id_value": "str", "source": "str",
        "date": "datetime64[ns]", "date_origin": "str", "date_jalali": "str", "title": "str",
        "body": "str", "text": "str", "n_chars": "int64", "n_tokens": "int64", "n_sentences": "int64",
        "warnings": "object", "boilerplate": "object", "encoding": "str",
    },
    "sentences": {"source_hash": "str", "item": "int64", "sent_id": "int64", "text": "str", "start": "int64", "end": "int64"},
    "skipped": {"source_hash": "str", "item": "int64", "locator": "str", "reason": "str"},
}  # fmt: skip


def _empty_tables() -> CacheTables:
    return CacheTables(
        **{
            name: pd.DataFrame({column: pd.Series(dtype=dtype) for column, dtype in schema.items()})
            for name, schema in _SCHEMAS.items()
        }
    )


def _build_rows(processed: dict[str, Processed]) -> CacheTables:
    """Lay processed documents and skips out as content-keyed cache rows."""
    empty = _empty_tables()
    docs: dict[str, list[object]] = {c: [] for c in empty.documents.columns}
    sents: dict[str, list[object]] = {c: [] for c in empty.sentences.columns}
    skips: dict[str, list[object]] = {c: [] for c in empty.skipped.columns}
    for digest, results in processed.items():
        for parsed, normalized in results:
            if isinstance(parsed, Skip):
                for column, value in (("source_hash", digest), ("item", parsed.item), ("locator", parsed.locator), ("reason", parsed.reason)):
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

    def frame(columns: dict[str, list[object]], like: pd.DataFrame) -> pd.DataFrame:
        if not next(iter(columns.values())):
            return like
        return pd.DataFrame(columns).astype(like.dtypes.to_dict())

    return CacheTables(
        documents=frame(docs, empty.documents),
        sentences=frame(sents, empty.sentences),
        skipped=frame(skips, empty.skipped),
    )


def _concat_tables(parts: list[CacheTables]) -> CacheTables:
    if not parts:
        return _empty_tables()
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
    is_table = docs["relpath"].str.contains(r"\.(?:csv|jsonl|parquet)$", case=False, regex=True)
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


def _assemble(files: pd.DataFrame, rows: CacheTables, unread: list[tuple[str, str]], root: Path) -> Corpus:
    """Attach paths and ids to content-keyed rows, in input order.

    Ids and order are decided on the small key columns; the text columns are
    then gathered once (``take``), so a big corpus is not copied several times.
    """
    meta = rows.documents[["source_hash", "item", "locator", "id_value"]].assign(row=np.arange(len(rows.documents)))
    docs = files[["relpath", "source_hash", "order"]].merge(meta, on="source_hash", how="inner")
    skipped = files.merge(rows.skipped, on="source_hash", how="inner")
    docs, skipped = assign_ids(docs, skipped, unread)

    positions = docs["row"].to_numpy()
    documents = _take(rows.documents, positions)
    documents["doc_id"] = docs["doc_id"].to_numpy()
    documents["path"] = docs["path"].to_numpy()
    documents = documents[DOCUMENT_COLUMNS]
    for column in ("warnings", "boilerplate"):
        documents[column] = [list(v) if v is not None else [] for v in documents[column].tolist()]
    sentences = _gather_sentences(rows, positions, documents["doc_id"])
    return Corpus(documents=documents, sentences=sentences, skipped=skipped.reset_index(drop=True), root=root)


def _take(frame: pd.DataFrame, positions: np.ndarray) -> pd.DataFrame:
    """``frame.take(positions)``, without copying when it takes every row in order
    (the usual case: a whole corpus in input order, ≈1 GB not copied at 100,000 documents)."""
    if len(positions) == len(frame) and np.array_equal(positions, np.arange(len(frame))):
        return frame.reset_index(drop=True)  # copy-on-write: shares the data
    return frame.take(positions).reset_index(drop=True)


def _gather_sentences(rows: CacheTables, positions: np.ndarray, doc_ids: pd.Series) -> pd.DataFrame:
    """Sentences of the documents at ``positions`` of ``rows.documents``, in that order.

    Rows of both tables are written document by document in the same order,
    so a document's sentences are the ``n_sentences`` rows after those of the
    documents before it; checked, with a merge as the fallback.
    """
    counts_all = rows.documents["n_sentences"].to_numpy(dtype=np.int64)
    first_all = np.cumsum(counts_all) - counts_all
    table = rows.sentences
    aligned = int(counts_all.sum()) == len(table)
    if aligned and len(table):
        has = counts_all > 0
        at = first_all[has]
        aligned = bool(
            (table["source_hash"].to_numpy()[at] == rows.documents["source_hash"].to_numpy()[has]).all()
            and (table["item"].to_numpy()[at] == rows.documents["item"].to_numpy()[has]).all()
            and (table["sent_id"].to_numpy()[at] == 0).all()
        )
    if not aligned:  # not expected; correct anyway
        keys = rows.documents[["source_hash", "item"]].take(positions).assign(doc_id=doc_ids.to_numpy())
        return keys.merge(table, on=["source_hash", "item"], how="inner")[SENTENCE_COLUMNS].reset_index(drop=True)
    counts = counts_all[positions]
    offsets = np.cumsum(counts) - counts
    index = np.repeat(first_all[positions] - offsets, counts) + np.arange(int(counts.sum()))
    sentences = _take(table, index)
    sentences["doc_id"] = np.repeat(doc_ids.to_numpy(), counts)
    return sentences[SENTENCE_COLUMNS]


# -------------------------------------------------------------------- loading
def _hash_one(path: str) -> tuple[str | None, int, str | None]:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        return None, 0, str(exc.strerror or exc)
    return content_hash(data), len(data), None


# A file whose status changed less than this long before it was last hashed
# is hashed again: file systems with coarse timestamps could hide an edit.
_RACY_NS = 2_000_000_000


def _identify_files(
    root: Path, relpaths: list[str], index: pd.DataFrame | None
) -> tuple[pd.DataFrame, list[tuple[str, str]], pd.DataFrame]:
    """Content hash of every file: recorded, or read and computed.

    A recorded hash is reused only when size, modification time, inode and
    status-change time (``ctime``, which no tool can set back) are all as
    recorded, and the file had not changed for a while before it was hashed;
    anything else is read again. As in git's index, this spares a warm run
    reading every file (on 100,000 files: ≈0.5 s of ``stat`` against 2–6 s).

    Returns:
        ``files`` (``relpath``, ``source_hash``, ``order``, ``size``), the
        unreadable files with a reason, and the new index to save.
    """
    started_ns = time.time_ns()
    root_prefix = os.fspath(root) + os.sep
    recorded: dict[str, tuple[int, int, int, int, str, int]] = {}
    if index is not None and len(index) and "indexed_ns" in index:
        # Columns to Python lists first: iterating Arrow-backed rows is ~10× slower.
        columns = [index[c].tolist() for c in ("size", "mtime_ns", "ctime_ns", "inode", "source_hash", "indexed_ns")]
        recorded = dict(zip(index["relpath"].tolist(), zip(*columns, strict=True), strict=True))  # type: ignore[arg-type]
    rows: list[tuple[str, str, int, int, int, int, int, int]] = []
    unread: list[tuple[str, str]] = []
    for order, relpath in enumerate(relpaths):
        path = root_prefix + relpath
        try:
            status = os.stat(path)
        except OSError as exc:
            unread.append((relpath, f"cannot read file: {exc.strerror or exc}"))
            continue
        signature = (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)
        known = recorded.get(relpath)
        if known is not None and tuple(known[:4]) == signature and status.st_ctime_ns < known[5] - _RACY_NS:
            digest, indexed_ns = known[4], known[5]
        else:
            digest, size, error = _hash_one(path)
            if error is not None:
                unread.append((relpath, f"cannot read file: {error}"))
                continue
            indexed_ns = started_ns
            signature = (size, *signature[1:])
        rows.append((relpath, digest, order, *signature, indexed_ns))
    names = ["relpath", "source_hash", "order", "size", "mtime_ns", "ctime_ns", "inode", "indexed_ns"]
    columns_out = list(zip(*rows, strict=True)) if rows else [[] for _ in names]
    table = pd.DataFrame(
        {
            name: pd.array(list(values), dtype="str" if name in ("relpath", "source_hash") else "int64")
            for name, values in zip(names, columns_out, strict=True)
        }
    )
    return table[["relpath", "source_hash", "order", "size"]], unread, table.drop(columns="order")


def load_corpus(
    path: str | os.PathLike[str] = config.DEFAULT_CORPUS,
    *,
    strict: bool = False,
    cache: bool = True,
    cache_dir: str | os.PathLike[str] | None = None,
    workers: int | None = None,
    progress: bool | None = None,
    client: Any = None,
) -> Corpus:
    """Load, clean and normalize a corpus.

    Args:
        path: a folder (searched recursively for ``.txt``, ``.csv``,
            ``.jsonl`` and ``.parquet`` files), or one such file.
        strict: raise :class:`CorpusError` listing every skipped input
            instead of returning them in ``skipped``.
        cache: reuse and update the on-disk cache of normalized documents.
        cache_dir: cache folder (default :func:`helpers.config.cache_dir`).
        workers: processes for normalization (default: all cores; only used
            when there is enough text to pay for them).
        progress: show a progress bar (default: only for large corpora).
        client: a ``distributed.Client`` or a Dask scheduler address
            (``"tcp://host:8786"``): decode, clean and normalize the files on
            that cluster instead of local processes. Its workers must see
            the files at the same path (a shared or network file system).
            Needs the ``dask`` extra.

    Returns:
        A :class:`Corpus`. Every input file, and every row of a table, ends up
        in ``documents`` or in ``skipped``.

    Raises:
        CorpusError: the path does not exist, or ``strict`` and something
            was skipped.
    """
    target = Path(path).expanduser()
    if not target.exists():
        raise CorpusError(f"no such file or folder: {path}")
    root, relpaths, unread = discover(target)
    store = CorpusCache(target, Path(cache_dir) if cache_dir else config.cache_dir()) if cache else None
    if client is None and (store is None or not store.exists()):
        _start_pool_early(root, relpaths, workers)

    cached = store.load() if store else None
    files, unread_now, index = _identify_files(root, relpaths, cached.files if cached is not None else None)
    unread.extend(unread_now)
    wanted = set(files["source_hash"])

    known: set[str] = set()
    cached_hashes: set[str] = set()
    if cached is not None:
        cached_hashes = set(cached.documents["source_hash"].unique()) | set(cached.skipped["source_hash"].unique())
        if not cached_hashes <= wanted:  # files removed or edited: drop their rows
            for table in ("documents", "sentences", "skipped"):
                frame = getattr(cached, table)
                setattr(cached, table, frame[frame["source_hash"].isin(wanted)].reset_index(drop=True))
        known = cached_hashes & wanted
    # One file per content: a copy of a file is processed once.
    todo = files[[h not in known for h in files["source_hash"]]].drop_duplicates("source_hash")
    items = list(zip(todo["relpath"], todo["source_hash"], todo["size"], strict=True))
    new_rows = _process_all(root, items, workers, progress, client)
    missing = list(todo["source_hash"])
    must_save = bool(missing) or cached is None or known != cached_hashes
    if cached is None:
        rows = new_rows
        rows.files = index
    elif missing:
        rows = _concat_tables([cached, new_rows])
        rows.files = index
    else:
        rows = cached
        rows.files = index
    del cached, new_rows  # a big corpus must not be held twice
    if store is not None and must_save:
        try:
            store.save(rows)
        except OSError:
            pass  # a read-only or full disk must not stop the analysis; next load recomputes

    corpus = _assemble(files, rows, unread, root)
    if strict and len(corpus.skipped):
        listing = "; ".join(f"{p} ({r})" for p, r in corpus.skipped.itertuples(index=False))
        raise CorpusError(f"{len(corpus.skipped)} input(s) could not be loaded: {listing}")
    return corpus
