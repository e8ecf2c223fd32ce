"""Loading a corpus: files or tables in, the :class:`Corpus` tables out.

Lists the inputs, reuses what the cache holds, sends the rest through
decode → clean → parse → normalize (here, on all cores, or on a Dask
cluster), saves the new rows and assembles the tables in input order.

>>> import pandas as pd

from helpers import config
>>> load_corpus(config.DEFAULT_CORPUS, cache=False)
<Corpus 'seeds': 2 documents, 31 sentences, 0 skipped>
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from helpers import config
from helpers.compute import Backend, ComputeError, InProcess, backend_for, map_ordered, resolve_workers, start_pool_early
from helpers.corpus.cache import CacheTables, CorpusCache, content_hash
from helpers.corpus.columns import ROLES
from helpers.corpus.discovery import discover
from helpers.corpus.documents import DEFAULT_MAX_FILE_BYTES, ReadOptions
from helpers.corpus.files import UnreadableFile, identify_files, read_file
from helpers.corpus.model import Corpus, CorpusError
from helpers.corpus.normalization import NormalizedText, get_pipeline
from helpers.corpus.rows import Processed, assemble, build_rows, concat_tables, rows_consistent
from helpers.corpus.sources import ParsedDocument, Skip, parse_source

__all__ = ["PRELOAD", "batches_by_size", "corpus_backend", "load_corpus", "process_file", "read_options", "row_keys"]

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


def process_file(root: Path, relpath: str, digest: str | None, options: ReadOptions) -> Processed:
    """Read, decode, clean, parse and normalize one input file.

    Args:
        root: the corpus root.
        relpath: the path to open, relative to ``root``.
        digest: the content hash the file had when listed (a changed file
            is skipped, transiently), or None to take it as it is now.
        options: how to read it.
    """
    try:
        data = read_file(os.path.join(root, relpath), options.max_file_bytes)
    except UnreadableFile as exc:  # vanished or changed since it was hashed
        return [(Skip(0, "", exc.reason, transient=exc.transient), None)]
    if digest is not None and content_hash(data) != digest:
        return [(Skip(0, "", "file changed while the corpus was being loaded; load again", transient=True), None)]
    results = parse_source(relpath, data, options)
    docs = [r for r in results if isinstance(r, ParsedDocument)]
    normalized = iter(_process_texts([_document_text(d) for d in docs]))
    return [(r, next(normalized) if isinstance(r, ParsedDocument) else None) for r in results]


def _process_batch(root: Path, batch: list[tuple[str, str, str]], options: ReadOptions) -> CacheTables:
    """Process ``(path to open, content hash, row key)`` files and lay them out
    as cache rows (in the worker: the parent only concatenates)."""
    return build_rows({key: process_file(root, relpath, digest, options) for relpath, digest, key in batch})


def batches_by_size(items: list[tuple[Any, ...]], size: int) -> Iterator[tuple[list[tuple[Any, ...]], int]]:
    """Group items whose last field is a byte count into batches of about
    ``size`` bytes (the items without it).

    >>> [batch for batch, _ in batches_by_size([("a", 3), ("b", 3), ("c", 3)], 5)]
    [[('a',), ('b',)], [('c',)]]
    """
    batch: list[tuple[Any, ...]] = []
    batch_bytes = 0
    for item in items:
        batch.append(tuple(item[:-1]))
        batch_bytes += item[-1]
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
    root: Path, items: list[tuple[str, str, str, int]], options: ReadOptions, workers: int | None,
    progress: bool | None, client: Any = None,
) -> CacheTables:
    """Process files in order: here, on all cores when there is enough work, or on a Dask cluster."""
    total = sum(item[-1] for item in items)
    n_workers = resolve_workers(workers)
    local = client is None and (n_workers <= 1 or total < _POOL_MIN_BYTES)
    # Several batches per worker: the last ones finish together.
    size = _BATCH_BYTES if local else max(20_000, min(_BATCH_BYTES, math.ceil(total / (n_workers * 8))))
    tasks = (((root, batch, options), n_bytes) for batch, n_bytes in batches_by_size(items, size))
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


def _start_pool_early(root: Path, relpaths: list[str], workers: int | None, read_path: Any = str) -> None:
    """Start the fork server now when a pool may be needed.

    It builds the hazm pipeline (≈2 s) in its own process while this one
    hashes the files; a corpus served from the cache never waits for it.
    """
    if resolve_workers(workers) <= 1:
        return
    total = 0
    for relpath in relpaths:
        try:
            total += os.stat(os.path.join(root, read_path(relpath))).st_size
        except OSError:
            continue
        if total >= _POOL_MIN_BYTES:
            start_pool_early(PRELOAD)
            return


def read_options(
    columns: dict[str, str] | None = None, dayfirst: bool | None = None, max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
) -> ReadOptions:
    """Validated reading options.

    Raises:
        CorpusError: an unknown role in ``columns``, or a size limit below 1.

    >>> read_options({"txt": "story"})
    Traceback (most recent call last):
    ...
    helpers.corpus.model.CorpusError: columns: unknown role 'txt' (roles: text, title, date, source, id, url)
    """
    for role, name in (columns or {}).items():
        if role not in ROLES:
            raise CorpusError(f"columns: unknown role {role!r} (roles: {', '.join(ROLES)})")
        if not isinstance(name, str) or not name.strip():
            raise CorpusError(f"columns: the {role} column must be a column name, not {name!r}")
    if not isinstance(max_file_bytes, int) or max_file_bytes < 1:
        raise CorpusError(f"max_file_bytes must be a positive number of bytes, not {max_file_bytes!r}")
    return ReadOptions(columns, dayfirst, max_file_bytes)


def row_keys(relpaths: list[str], content_hashes: list[str], options: ReadOptions) -> pd.api.extensions.ExtensionArray:
    """Cache-row key of each file: its content hash and how it is read (its
    format, and for tables the column mapping and date order), so a renamed
    ``news.csv`` → ``news.txt`` or a new mapping never serves the old parse.

    Computed in Arrow (a file's suffix by one regex pass, a key per distinct
    suffix): a Python loop over 100,000 paths took a third of a second.

    >>> keys = row_keys(["a.TXT", "b/c.txt", "d"], ["h1", "h2", "h3"], ReadOptions())
    >>> [k.split(".")[0] for k in keys], [k.split(".")[1] == ReadOptions().key(".txt") for k in keys]
    (['h1', 'h2', 'h3'], [True, True, False])
    """
    if not relpaths:
        return pd.array([], dtype="str")
    # the suffix as helpers.corpus.documents reads it: from the last «.» of the file name
    found = pc.extract_regex(pa.array(relpaths, type=pa.large_string()), r"(?P<suffix>\.[^./]*)$")
    raw = pc.struct_field(found, [0]).fill_null("").dictionary_encode()
    by_suffix = pa.array([options.key(suffix.lower()) for suffix in raw.dictionary.to_pylist()], type=pa.large_string())
    keys = pc.binary_join_element_wise(pa.array(content_hashes, type=pa.large_string()), by_suffix.take(raw.indices), pa.scalar(".", type=pa.large_string()))
    return pd.array(keys, dtype="str")


def load_corpus(
    path: str | os.PathLike[str] = config.DEFAULT_CORPUS,
    *,
    strict: bool = False,
    cache: bool = True,
    cache_dir: str | os.PathLike[str] | None = None,
    workers: int | None = None,
    progress: bool | None = None,
    client: Any = None,
    columns: dict[str, str] | None = None,
    dayfirst: bool | None = None,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
) -> Corpus:
    """Load, clean and normalize a corpus.

    Args:
        path: a folder (searched recursively for ``.txt``, ``.csv``, ``.tsv``,
            ``.jsonl``, ``.json``, ``.parquet`` and ``.xlsx`` files), or one
            such file.
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
        columns: for tables, which column holds what, overriding the
            automatic choice: ``{"text": "story", "date": "time"}`` (roles:
            text, title, date, source, id, url).
        dayfirst: how to read ``NN/NN/YYYY`` dates that no value of their
            column decides: None (default) reads them day first and warns
            on each, True/False decide without a warning.
        max_file_bytes: files larger than this are skipped unread (50 MB).

    Returns:
        A :class:`Corpus`. Every input file, and every row of a table, ends up
        in ``documents`` or in ``skipped``.

    Raises:
        CorpusError: the path does not exist, bad options, or ``strict`` and
            something was skipped.
    """
    options = read_options(columns, dayfirst, max_file_bytes)
    target = Path(path).expanduser()
    if not target.exists() and not target.is_symlink():
        raise CorpusError(f"no such file or folder: {path}")
    inputs = discover(target)
    root, relpaths, unread = inputs.root, inputs.files, list(inputs.problems)
    store = CorpusCache(target, Path(cache_dir) if cache_dir else config.cache_dir()) if cache else None
    if client is None and (store is None or not store.exists()):
        _start_pool_early(root, relpaths, workers, inputs.read_path)

    cached = store.load() if store else None
    if cached is not None and not rows_consistent(cached):
        cached = None  # rows lost or reordered: rebuild rather than serve them
    files, unread_now, index = identify_files(
        root, relpaths, cached.files if cached is not None else None, options.max_file_bytes,
        inputs.read_path if inputs.real_names else str,  # str: every name is opened as shown
    )
    unread.extend(unread_now)
    files["content_hash"] = files["source_hash"]
    files["source_hash"] = row_keys(files["relpath"].tolist(), files["content_hash"].tolist(), options)
    wanted = set(files["source_hash"].tolist())  # tolist: iterating an Arrow column is ~5× slower

    known: set[str] = set()
    cached_hashes: set[str] = set()
    if cached is not None:
        cached_hashes = set(cached.documents["source_hash"].unique().tolist()) | set(cached.skipped["source_hash"].unique().tolist())
        if not cached_hashes <= wanted:  # files removed or edited: drop their rows
            for table in ("documents", "sentences", "skipped"):
                frame = getattr(cached, table)
                setattr(cached, table, frame[frame["source_hash"].isin(wanted)].reset_index(drop=True))
        known = cached_hashes & wanted
    # One file per content and reading: a copy of a file is processed once.
    # (An unchanged corpus — every file known — skips the membership test: 0.4 s per 20,000 files.)
    todo = files.iloc[:0] if known >= wanted else files[~files["source_hash"].isin(known)].drop_duplicates("source_hash")
    items = [
        (inputs.read_path(relpath), digest, key, size)
        for relpath, digest, key, size in zip(todo["relpath"], todo["content_hash"], todo["source_hash"], todo["size"], strict=True)
    ]
    new_rows = _process_all(root, items, options, workers, progress, client)
    missing = list(todo["source_hash"])
    must_save = bool(missing) or cached is None or known != cached_hashes
    if cached is None:
        rows = new_rows
    elif missing:
        rows = concat_tables([cached, new_rows])
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
    if inputs.real_names:
        shown = set(inputs.real_names)
        renamed = [p in shown or p.rsplit(":", 1)[0] in shown for p in corpus.documents["path"]]
        for position in [i for i, hit in enumerate(renamed) if hit]:
            corpus.documents.at[position, "warnings"] = [
                *corpus.documents.at[position, "warnings"],
                "file name is not valid UTF-8 or holds control characters: shown decoded or escaped",
            ]
    if strict and len(corpus.skipped):
        listing = "; ".join(f"{p} ({r})" for p, r in corpus.skipped.itertuples(index=False))
        raise CorpusError(f"{len(corpus.skipped)} input(s) could not be loaded: {listing}")
    return corpus
