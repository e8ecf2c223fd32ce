"""Loading a corpus: files or tables in, the :class:`Corpus` tables out.

Lists the inputs, reuses what the cache holds, sends the rest through
decode → clean → parse → normalize (here, on all cores, or on a Dask
cluster), saves the new rows and assembles the tables in input order.

>>> from helpers import config
>>> load_corpus(config.DEFAULT_CORPUS, cache=False)
<Corpus 'seeds': 2 documents, 31 sentences, 0 skipped>
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from helpers import config
from helpers.compute import Backend, ComputeError, InProcess, backend_for, map_ordered, resolve_workers, start_pool_early
from helpers.corpus.cache import CacheTables, CorpusCache, content_hash
from helpers.corpus.discovery import discover
from helpers.corpus.files import identify_files
from helpers.corpus.model import Corpus, CorpusError
from helpers.corpus.normalization import NormalizedText, get_pipeline
from helpers.corpus.rows import Processed, assemble, build_rows, concat_tables
from helpers.corpus.sources import ParsedDocument, Skip, parse_source

__all__ = ["PRELOAD", "batches_by_size", "corpus_backend", "load_corpus", "process_file"]

#: Modules a worker process imports before its first task (builds hazm once).
PRELOAD = ("helpers.corpus.preload",)

# Below this much input a process pool costs more (start ≈ 2 s) than it saves.
_POOL_MIN_BYTES = 4_000_000
_BATCH_BYTES = 500_000
_PROGRESS_MIN_BYTES = 6_000_000


def _document_text(doc: ParsedDocument) -> str:
    return f"{doc.title}\n\n{doc.body}" if doc.title else doc.body


def _process_texts(texts: list[str]) -> list[NormalizedText]:
    pipeline = get_pipeline()
    return [pipeline.process(t) for t in texts]


def process_file(root: Path, relpath: str, digest: str | None) -> Processed:
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
    return build_rows({digest: process_file(root, relpath, digest) for relpath, digest in batch})


def batches_by_size(items: list[tuple[str, str, int]], size: int) -> Iterator[tuple[list[tuple[str, str]], int]]:
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


def corpus_backend(workers: int | None, client: Any = None) -> Backend:
    """Where to normalize: the Dask cluster, a local pool whose workers start
    with the hazm pipeline built, or here.

    Raises:
        CorpusError: Dask asked for and unavailable (one line).
    """
    try:
        return backend_for(workers, client, preload=PRELOAD, setup=get_pipeline)
    except ComputeError as exc:
        raise CorpusError(str(exc)) from None


def _process_all(
    root: Path, items: list[tuple[str, str, int]], workers: int | None, progress: bool | None, client: Any = None
) -> CacheTables:
    """Process files in order: here, on all cores when there is enough work, or on a Dask cluster."""
    total = sum(n for _, _, n in items)
    n_workers = resolve_workers(workers)
    local = client is None and (n_workers <= 1 or total < _POOL_MIN_BYTES)
    # Several batches per worker: the last ones finish together.
    size = _BATCH_BYTES if local else max(20_000, min(_BATCH_BYTES, math.ceil(total / (n_workers * 8))))
    tasks = (((root, batch), n_bytes) for batch, n_bytes in batches_by_size(items, size))
    backend = InProcess() if local else corpus_backend(n_workers, client)
    try:
        results = list(
            map_ordered(
                _process_batch, tasks, backend, total=total,
                progress=progress if progress is not None else total >= _PROGRESS_MIN_BYTES, desc="normalizing",
            )
        )  # fmt: skip
    except ComputeError as exc:
        raise CorpusError(f"normalization: {exc}") from None
    return concat_tables(results)


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
            start_pool_early(PRELOAD)
            return


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
    files, unread_now, index = identify_files(root, relpaths, cached.files if cached is not None else None)
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
        rows = concat_tables([cached, new_rows])
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

    corpus = assemble(files, rows, unread, root)
    if strict and len(corpus.skipped):
        listing = "; ".join(f"{p} ({r})" for p, r in corpus.skipped.itertuples(index=False))
        raise CorpusError(f"{len(corpus.skipped)} input(s) could not be loaded: {listing}")
    return corpus
