"""Turning one input file into parsed documents or recorded skips.

A *source* is one input file. A ``.txt`` file is one document
(:mod:`~helpers.corpus.textfiles`); a table file — ``.csv``, ``.tsv``,
``.jsonl``, ``.json``, ``.parquet``, ``.xlsx`` — holds one document per row
(:mod:`~helpers.corpus.tables`, :mod:`~helpers.corpus.records`). Parsing
here is cheap and per file (decode, clean, split, dates); the expensive
Persian normalization happens later, in bulk.

>>> [doc] = parse_source("a.txt", "تیتر\\nمتن خبر".encode())
>>> doc.title, doc.body
('تیتر', 'متن خبر')
>>> parse_source("a.md", b"# x")[0].reason
"unsupported file type ('.md'; expected .txt, .csv, .tsv, .jsonl, .json, .parquet or .xlsx)"
"""

from __future__ import annotations

from pathlib import PurePosixPath

from helpers.corpus.documents import ParsedDocument, ReadOptions, Skip
from helpers.corpus.records import parse_rows
from helpers.corpus.tables import TABLE_SUFFIXES, read_table
from helpers.corpus.textfiles import parse_text_file

__all__ = ["SUPPORTED", "TABLE_SUFFIXES", "TEXT_SUFFIXES", "ParsedDocument", "Skip", "parse_source"]

TEXT_SUFFIXES = frozenset({".txt"})
SUPPORTED = TEXT_SUFFIXES | TABLE_SUFFIXES
_EXPECTED = ".txt, .csv, .tsv, .jsonl, .json, .parquet or .xlsx"


def parse_source(relpath: str, data: bytes, options: ReadOptions | None = None) -> list[ParsedDocument | Skip]:
    """Parse one input file's bytes into documents and skips.

    Never raises for bad input: every problem is a :class:`Skip` with a
    one-line reason.
    """
    options = options or ReadOptions()
    suffix = PurePosixPath(relpath).suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return parse_text_file(data)
    if suffix in TABLE_SUFFIXES:
        table = read_table(suffix, data, options.max_file_bytes)
        return [table] if isinstance(table, Skip) else parse_rows(table, options)
    kind = f"'{suffix}'" if suffix else "no extension"
    return [Skip(0, "", f"unsupported file type ({kind}; expected {_EXPECTED})")]
