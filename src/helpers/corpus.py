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
import multiprocessing
import multiprocessing.context
import os
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers import config
from helpers.cache import CacheTables, CorpusCache, content_hash
from helpers.dates import to_jalali
from helpers.normalization import NormalizedText, get_pipeline
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


def _process_file(root: Path, relpath: str, digest: str) -> Processed:
    """Read, decode, clean, parse and normalize one input file."""
    try:
        data = (root / relpath).read_bytes()
    except OSError as exc:  # vanished since it was hashed
        return [(Skip(0, "", f"cannot read file: {exc.strerror or exc}"), None)]
    if content_hash(data) != digest:
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
    root: Path, items: list[tuple[str, str, int]], workers: int | None, progress: bool | None
) -> CacheTables:
    """Process files in order, on all cores when there is enough work.

    At most a few batches per worker are in flight, so memory stays bounded
    whatever the corpus size.
    """
    total = sum(n for _, _, n in items)
    workers = workers if workers is not None else (os.cpu_count() or 1)
    show = progress if progress is not None else total >= _PROGRESS_MIN_BYTES
    # plain tqdm: tqdm.auto wants ipywidgets in notebooks and warns without them
    from tqdm import tqdm

    bar = tqdm(total=total, unit="B", unit_scale=True, desc="normalizing", disable=not show, leave=False)
    results: list[CacheTables] = []
    try:
        if workers <= 1 or total < _POOL_MIN_BYTES:
            for batch, n_bytes in _batches(items, _BATCH_BYTES):
                results.append(_process_batch(root, batch))
                bar.update(n_bytes)
        else:
            size = max(20_000, min(_BATCH_BYTES, math.ceil(total / (workers * 8))))
            with ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context()) as pool:
                pending: deque[tuple[Future[CacheTables], int]] = deque()

                def collect_oldest() -> None:
                    future, done_bytes = pending.popleft()
                    results.append(future.result())
                    bar.update(done_bytes)

                for batch, n_bytes in _batches(items, size):
                    pending.append((pool.submit(_process_batch, root, batch), n_bytes))
                    if len(pending) >= workers * 4:
                        collect_oldest()
                while pending:
                    collect_oldest()
    except BrokenProcessPool:
        raise CorpusError(
            "normalization worker processes failed to start; in a script, call load_corpus "
            "under `if __name__ == '__main__':`, or pass workers=1"
        ) from None
    finally:
        bar.close()
    return _concat_tables(results)


def _start_pool_early(root: Path, relpaths: list[str], workers: int | None) -> None:
    """Start the fork server now when a pool may be needed.

    It builds the hazm pipeline (≈2 s) in its own process while this one
    hashes the files; a corpus served from the cache never waits for it.
    """
    if (workers if workers is not None else os.cpu_count() or 1) <= 1:
        return
    total = 0
    for relpath in relpaths:
        try:
            total += (root / relpath).stat().st_size
        except OSError:
            continue
        if total >= _POOL_MIN_BYTES:
            from multiprocessing import forkserver

            _pool_context()
            forkserver.ensure_running()
            return


def _pool_context() -> multiprocessing.context.BaseContext:
    """forkserver, preloading a built hazm pipeline.

    Workers must not inherit the parent's threads (pyarrow, tqdm), so no
    plain fork; the fork server builds the pipeline once and every worker
    forked from it starts with it ready, instead of each spending ≈2 s.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["helpers._worker"])
    return context


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


def _assemble(files: pd.DataFrame, rows: CacheTables, unread: list[tuple[str, str]], root: Path) -> Corpus:
    """Attach paths and ids to content-keyed rows, in input order."""
    docs = files.merge(rows.documents, on="source_hash", how="inner")
    is_table = docs["relpath"].str.contains(r"\.(?:csv|jsonl|parquet)$", case=False, regex=True)
    stem = docs["relpath"].str.replace(r"\.[^./]+$", "", regex=True)
    row_id = stem + ":" + docs["locator"]
    docs["doc_id"] = stem.where(~is_table, docs["id_value"].fillna(row_id))
    docs["path"] = docs["relpath"].where(~is_table, docs["relpath"] + ":" + docs["locator"])
    docs = docs.sort_values(["order", "item"], kind="stable").reset_index(drop=True)

    skipped = files.merge(rows.skipped, on="source_hash", how="inner")
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

    keys = docs[["source_hash", "item", "doc_id"]]
    sentences = keys.merge(rows.sentences, on=["source_hash", "item"], how="inner")
    # Keep documents' order; merge keeps left order, sentences ordered by sent_id within.
    sentences = sentences[SENTENCE_COLUMNS].reset_index(drop=True)

    documents = docs[DOCUMENT_COLUMNS].copy()
    for column in ("warnings", "boilerplate"):
        documents[column] = [list(v) if v is not None else [] for v in documents[column]]
    return Corpus(documents=documents, sentences=sentences, skipped=skipped.reset_index(drop=True), root=root)


# -------------------------------------------------------------------- loading
def load_corpus(
    path: str | os.PathLike[str] = config.DEFAULT_CORPUS,
    *,
    strict: bool = False,
    cache: bool = True,
    cache_dir: str | os.PathLike[str] | None = None,
    workers: int | None = None,
    progress: bool | None = None,
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
    if store is None or not store.exists():
        _start_pool_early(root, relpaths, workers)

    hashes: list[str | None] = []
    sizes: list[int] = []
    root_prefix = os.fspath(root) + os.sep
    for relpath in relpaths:
        try:
            with open(root_prefix + relpath, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            unread.append((relpath, f"cannot read file: {exc.strerror or exc}"))
            hashes.append(None)
            sizes.append(0)
            continue
        hashes.append(content_hash(data))
        sizes.append(len(data))
    files = pd.DataFrame({"relpath": relpaths, "source_hash": hashes, "order": range(len(relpaths)), "size": sizes})
    files = files.dropna(subset=["source_hash"]).astype({"source_hash": "str"})
    wanted = set(files["source_hash"])

    cached = store.load() if store else None
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
    new_rows = _process_all(root, items, workers, progress)
    missing = list(todo["source_hash"])
    rows = new_rows if cached is None else _concat_tables([cached, new_rows])
    if store is not None and (missing or cached is None or known != cached_hashes):
        try:
            store.save(rows)
        except OSError:
            pass  # a read-only or full disk must not stop the analysis; next load recomputes

    corpus = _assemble(files, rows, unread, root)
    if strict and len(corpus.skipped):
        listing = "; ".join(f"{p} ({r})" for p, r in corpus.skipped.itertuples(index=False))
        raise CorpusError(f"{len(corpus.skipped)} input(s) could not be loaded: {listing}")
    return corpus
