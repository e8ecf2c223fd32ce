"""The file index: which files changed since the last load.

A file's content hash is reused without reading the file when its size,
modification time, inode and status-change time are as recorded — as in
git's index — so a warm run over 100,000 unchanged files reads none of them.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pandas as pd

from helpers.corpus.cache import content_hash

__all__ = ["identify_files"]


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


def identify_files(
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
