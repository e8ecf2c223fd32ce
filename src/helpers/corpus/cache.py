"""On-disk caches of the normalized corpus (and of topic mentions), keyed by file content.

Rows are stored per *source hash* (BLAKE2b of a file's bytes), never per
path: an edited file has a new hash and is re-processed, a removed one drops
out, a renamed one is still a hit. The cache folder's name also carries the
package version and a hash of the code that produces the rows, so a change
in cleaning or normalization can never serve rows made by older code.

Each save writes a new generation folder and then atomically replaces the
``CURRENT`` pointer, so a crash mid-save leaves the previous generation whole.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import uuid
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pyarrow as pa
from pyarrow import feather

from helpers import config

__all__ = ["FILE_INDEX_SCHEMA", "SCHEMAS", "CacheTables", "CorpusCache", "TableStore", "conforms", "content_hash"]

# Column types of the cache tables (content-keyed: no doc_id or path yet).
SCHEMAS = {
    "documents": {
        "source_hash": "str", "item": "int64", "locator": "str", "id_value": "str", "source": "str",
        "date": "datetime64[ns]", "date_origin": "str", "date_jalali": "str", "title": "str",
        "body": "str", "text": "str", "n_chars": "int64", "n_tokens": "int64", "n_sentences": "int64",
        "warnings": "object", "boilerplate": "object", "encoding": "str", "url": "str", "title_origin": "str",
        "text_key": "str",
    },
    "sentences": {"source_hash": "str", "item": "int64", "sent_id": "int64", "text": "str", "start": "int64", "end": "int64"},
    "skipped": {"source_hash": "str", "item": "int64", "locator": "str", "reason": "str", "transient": "bool"},
}  # fmt: skip
#: The file index (see :mod:`helpers.corpus.files`).
FILE_INDEX_SCHEMA = {
    "relpath": "str", "source_hash": "str", "size": "int64", "mtime_ns": "int64", "ctime_ns": "int64",
    "inode": "int64", "indexed_ns": "int64",
}  # fmt: skip

_TABLES = ("documents", "sentences", "skipped")
# The code that decides what a cached row contains: every module of this package
# (a hand-kept list missed documents.py once; a change elsewhere only rebuilds the cache).
_PIPELINE_MODULES = tuple(f"helpers.corpus.{path.stem}" for path in sorted(Path(__file__).parent.glob("*.py")))


def content_hash(data: bytes) -> str:
    """Hex digest identifying a file's content.

    >>> content_hash(b"abc")
    'cf4ab791c62b8d2b2109c90275287816'
    """
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@lru_cache(maxsize=8)
def code_digest(modules: tuple[str, ...]) -> str:
    """Hash of these modules' source (dotted names; read once per process):
    cached rows made by other code are never served.

    >>> len(code_digest(("helpers.corpus.cache",)))
    12
    """
    digest = hashlib.blake2b(digest_size=6)
    for name in modules:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            raise ModuleNotFoundError(name)
        digest.update(Path(spec.origin).read_bytes())
    return digest.hexdigest()


def root_key(root: Path) -> str:
    """Folder name for the caches of one corpus root (its resolved path, hashed)."""
    return hashlib.blake2b(str(root.resolve()).encode("utf-8"), digest_size=8).hexdigest()


@lru_cache(maxsize=1)
def pipeline_key() -> str:
    """Package version, which normalizer made the text (this project's
    reproduction of hazm 0.12 or hazm's own, with hazm's version) and a hash
    of the pipeline's code.

    >>> from helpers.corpus.normalizer import normalizer_id
    >>> f"-{normalizer_id()}-" in pipeline_key()
    True
    """
    from helpers.corpus.normalizer import normalizer_id

    return f"v{config.VERSION}-{normalizer_id()}-{code_digest(_PIPELINE_MODULES)}"


def conforms(frame: pd.DataFrame, schema: dict[str, str]) -> bool:
    """Whether ``frame`` has every column of ``schema`` with a matching type
    (a cache file with a valid Arrow layout may still hold other tables).

    >>> conforms(pd.DataFrame({"a": [1], "b": ["x"]}), {"a": "int64", "b": "str"})
    True
    >>> conforms(pd.DataFrame({"a": ["1"]}), {"a": "int64"}), conforms(pd.DataFrame({"a": [1]}), {"b": "str"})
    (False, False)
    """
    types = pd.api.types
    checks = {
        "str": lambda s: types.is_string_dtype(s) or s.dtype == object,
        "int64": types.is_integer_dtype,
        "bool": types.is_bool_dtype,
        "float64": types.is_float_dtype,
        "object": lambda s: True,
    }
    for column, dtype in schema.items():
        if column not in frame.columns:
            return False
        check = types.is_datetime64_any_dtype if dtype.startswith("datetime64") else checks[dtype]
        if not check(frame[column]):
            return False
    return True


@dataclass
class CacheTables:
    """Cached rows: documents, sentences and skips, each with ``source_hash``."""

    documents: pd.DataFrame
    sentences: pd.DataFrame
    skipped: pd.DataFrame
    # The file index: ``relpath``, ``size``, ``mtime_ns``, ``ctime_ns``,
    # ``inode``, ``source_hash``, ``indexed_ns`` (see helpers.corpus.files).
    files: pd.DataFrame | None = None


class TableStore:
    """Named tables kept in generation folders (uncompressed Arrow IPC files).

    Arrow IPC rather than Parquet, and uncompressed: the cache is read on
    every warm run, and an uncompressed IPC file is *memory-mapped* — the
    string columns become pandas columns over the mapped file without being
    decoded or copied (≈0.05 s for 150 MB of tables, against ≈0.8 s with
    LZ4; Parquet is slower still). The pages are read from disk when a column
    is used. The price is disk space: about twice that of LZ4 for news text.
    """

    def __init__(self, folder: Path, tables: tuple[str, ...]) -> None:
        self.folder = folder
        self.tables = tables
        self._pointer = self.folder / "CURRENT"

    def exists(self) -> bool:
        """Whether a generation has been saved (it may still be unreadable)."""
        return self._pointer.is_file()

    def load_tables(self) -> dict[str, pd.DataFrame] | None:
        """Read the current generation, or ``None`` if absent or unreadable."""
        try:
            generation = self.folder / self._pointer.read_text(encoding="utf-8").strip()
            return {name: _read_mapped(generation / f"{name}.arrow") for name in self.tables}
        except (OSError, ValueError, KeyError):
            return None
        except Exception:  # a corrupt file: rebuild rather than fail
            return None

    def save_tables(self, tables: dict[str, pd.DataFrame]) -> None:
        """Write a new generation and switch the pointer to it atomically."""
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"gen-{uuid.uuid4().hex[:12]}"
        generation = self.folder / name
        generation.mkdir()
        for table in self.tables:
            # One chunk per column: a corpus built from hundreds of batches would
            # otherwise be written as hundreds of small record batches, each
            # decompressed on its own (2.8 s instead of 0.4 s to read back).
            data = pa.Table.from_pandas(tables[table], preserve_index=False).combine_chunks()
            feather.write_feather(data, generation / f"{table}.arrow", compression="uncompressed")
        tmp_pointer = self.folder / f".CURRENT.{name}"
        tmp_pointer.write_text(name, encoding="utf-8")
        os.replace(tmp_pointer, self._pointer)
        for old in self.folder.glob("gen-*"):
            if old.name != name:
                shutil.rmtree(old, ignore_errors=True)


def _read_mapped(path: Path) -> pd.DataFrame:
    """An Arrow IPC file as a DataFrame, memory-mapped (see :class:`TableStore`):
    the frame ``pd.read_feather`` gives (string columns as ``str``), except
    that list cells are Python lists (None when missing), not NumPy arrays."""
    table = feather.read_table(path, memory_map=True)
    # List columns (warnings, boilerplate) straight to Python lists: pandas
    # would make a NumPy array per row (≈0.2 s at 100,000 documents), which
    # every reader turns into a list anyway.
    lists = [i for i, column in enumerate(table.schema) if pa.types.is_list(column.type) or pa.types.is_large_list(column.type)]
    frame = table.drop_columns([table.schema.names[i] for i in lists]).to_pandas(types_mapper=_STRING_TYPES.get)
    for i in lists:
        frame.insert(i, table.schema.names[i], pd.Series(table.column(i).to_pylist(), dtype=object, index=frame.index))
    return frame


# Arrow strings as pandas' default string type, over the Arrow data (no copy).
_STRING_TYPES = {pa.string(): pd.StringDtype("pyarrow", na_value=float("nan")), pa.large_string(): pd.StringDtype("pyarrow", na_value=float("nan"))}


class CorpusCache(TableStore):
    """The cache of one corpus root (folder or file)."""

    def __init__(self, root: Path, base: Path) -> None:
        super().__init__(base / pipeline_key() / root_key(root), (*_TABLES, "files"))

    def load(self) -> CacheTables | None:
        """Read the current generation, or ``None`` if absent, unreadable or
        not the tables this code writes (then the corpus is rebuilt)."""
        tables = self.load_tables()
        if tables is None:
            return None
        schemas = {**SCHEMAS, "files": FILE_INDEX_SCHEMA}
        if not all(conforms(tables[name], schema) for name, schema in schemas.items()):
            return None
        if tables["documents"]["source_hash"].isna().any() or tables["skipped"]["source_hash"].isna().any():
            return None
        return CacheTables(**tables)

    def save(self, tables: CacheTables) -> None:
        """Write a new generation and switch the pointer to it atomically.

        Transient skips (a file that changed or vanished while it was read)
        are not saved: the next load reads that file again.
        """
        files = tables.files if tables.files is not None else pd.DataFrame({"relpath": pd.Series(dtype="str")})
        skipped = tables.skipped
        if "transient" in skipped and skipped["transient"].any():
            skipped = skipped[~skipped["transient"].astype(bool)].reset_index(drop=True)
        self.save_tables({"documents": tables.documents, "sentences": tables.sentences, "skipped": skipped, "files": files})
