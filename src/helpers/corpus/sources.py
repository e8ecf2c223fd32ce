"""Turning input files into parsed documents or recorded skips.

A *source* is one input file. A ``.txt`` file is one document; a ``.csv``,
``.jsonl`` or ``.parquet`` file holds one document per row. Parsing here is
cheap and per file (decode, clean, split, dates); the expensive Persian
normalization happens later, in bulk.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from helpers.corpus.cleaning import clean_text, parse_article, strip_boilerplate
from helpers.corpus.dates import DateError, find_text_date, parse_date_value
from helpers.corpus.encoding import NotTextError, arabic_script_share, decode_bytes

__all__ = ["TEXT_SUFFIXES", "TABLE_SUFFIXES", "ParsedDocument", "Skip", "parse_source"]

TEXT_SUFFIXES = frozenset({".txt"})
TABLE_SUFFIXES = frozenset({".csv", ".jsonl", ".parquet"})
SUPPORTED = TEXT_SUFFIXES | TABLE_SUFFIXES


@dataclass
class ParsedDocument:
    """One document before normalization. ``item`` orders it within its file."""

    item: int
    locator: str  # "" for a .txt file, the row/line number for tables
    id_value: str | None
    title: str
    body: str
    source: str | None
    date: pd.Timestamp | None
    date_origin: str
    encoding: str
    warnings: list[str] = field(default_factory=list)
    boilerplate: list[str] = field(default_factory=list)


@dataclass
class Skip:
    """An input (file or row) that could not be used, and why."""

    item: int
    locator: str
    reason: str


def _resolve_date(
    given: object, text: str, warnings: list[str], *, what: str
) -> tuple[pd.Timestamp | None, str]:
    """Date from metadata if valid, else from the text; warn on conflicts."""
    found = find_text_date(text)
    if given is not None and not (isinstance(given, float) and pd.isna(given)) and str(given).strip():
        try:
            date = parse_date_value(given)
        except DateError:
            warnings.append(f"invalid {what} date {str(given)!r}: date left unknown")
            return None, "none"
        if found is not None and found[0].normalize() != date.normalize():
            warnings.append(
                f"{what} date {date.date()} disagrees with the date in the text "
                f"«{found[1]}» ({found[0].date()}); kept the {what} date"
            )
        return date, "header"
    if found is not None:
        return found[0], "text"
    return None, "none"


def _finish(doc: ParsedDocument, encoding_warning: str | None) -> ParsedDocument | Skip:
    if encoding_warning:
        doc.warnings.insert(0, encoding_warning)
    if not doc.body.strip():
        reason = "no article text left after removing boilerplate" if doc.boilerplate else (
            "only a title line, no article text" if doc.title else "no text"
        )
        return Skip(doc.item, doc.locator, reason)
    if arabic_script_share(doc.title + doc.body[:600]) < 0.2:  # a sample is enough
        doc.warnings.append("little or no Persian text")
    return doc


def _encoding_warning(encoding: str) -> str | None:
    return "decoded as Windows-1256 (not UTF-8)" if encoding == "cp1256" else None


def _parse_text_file(data: bytes) -> list[ParsedDocument | Skip]:
    try:
        raw, encoding = decode_bytes(data)
    except NotTextError as exc:
        return [Skip(0, "", str(exc))]
    if not raw.strip():
        return [Skip(0, "", "only whitespace")]
    text, warnings = clean_text(raw)
    if not text:
        return [Skip(0, "", "no text left after removing control characters and HTML")]
    article = parse_article(text)
    date, origin = _resolve_date(
        article.header_date, article.title + "\n" + article.body, warnings, what="header"
    )
    doc = ParsedDocument(
        item=0,
        locator="",
        id_value=None,
        title=article.title,
        body=article.body,
        source=article.source,
        date=date,
        date_origin=origin,
        encoding=encoding,
        warnings=warnings,
        boilerplate=article.boilerplate,
    )
    return [_finish(doc, _encoding_warning(encoding))]


def _cell(value: object) -> str | None:
    """A table cell as text, ``None`` when missing."""
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):  # lists and other non-scalars
        pass
    text = str(value).strip()
    return text or None


def _parse_row(item: int, locator: str, record: dict, encoding: str) -> ParsedDocument | Skip:
    text = _cell(record.get("text"))
    if text is None:
        return Skip(item, locator, "empty 'text' value")
    body, warnings = clean_text(text)
    title_raw = _cell(record.get("title"))
    title = clean_text(title_raw)[0] if title_raw else ""
    kept, removed = strip_boilerplate(body.split("\n"), title=title or None)
    body = "\n".join(kept)
    date, origin = _resolve_date(record.get("date"), title + "\n" + body, warnings, what="column")
    doc = ParsedDocument(
        item=item,
        locator=locator,
        id_value=_cell(record.get("id")),
        title=title,
        body=body,
        source=_cell(record.get("source")),
        date=date,
        date_origin=origin,
        encoding=encoding,
        warnings=warnings,
        boilerplate=removed,
    )
    return _finish(doc, _encoding_warning(encoding))


def _table_records(suffix: str, data: bytes) -> tuple[list[tuple[int, str, dict | Skip]], list[str], str] | Skip:
    """Rows of a table file as ``(item, locator, record-or-skip)``.

    Returns the rows, the column names and the text encoding, or one
    :class:`Skip` for the whole file.
    """
    encoding = "parquet"
    if suffix == ".parquet":
        try:
            frame = pd.read_parquet(io.BytesIO(data))
        except Exception as exc:  # pyarrow raises many types for corrupt files
            return Skip(0, "", f"unreadable Parquet file: {str(exc).strip().splitlines()[0][:200]}")
    else:
        try:
            raw, encoding = decode_bytes(data)
        except NotTextError as exc:
            return Skip(0, "", str(exc))
        if suffix == ".jsonl":
            return _jsonl_records(raw), [], encoding
        try:
            frame = pd.read_csv(io.StringIO(raw), dtype=str, keep_default_na=False)
        except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
            message = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
            return Skip(0, "", f"unreadable CSV file: {message}")
    columns = [str(c).strip().lower() for c in frame.columns]
    frame.columns = columns
    # Row numbers as a spreadsheet shows them: the header is row 1.
    offset = 2 if suffix == ".csv" else 1
    records = [(i, str(i + offset), r) for i, r in enumerate(frame.to_dict("records"))]
    return records, columns, encoding


def _jsonl_records(raw: str) -> list[tuple[int, str, dict | Skip]]:
    """JSON Lines rows keyed by line number; malformed lines become skips."""
    records: list[tuple[int, str, dict | Skip]] = []
    for number, line in enumerate(raw.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            records.append((number, str(number), Skip(number, str(number), f"malformed JSON line: {exc.msg} (column {exc.colno})")))
            continue
        if not isinstance(record, dict):
            kind = type(record).__name__
            records.append((number, str(number), Skip(number, str(number), f"JSON line is a {kind}, not an object")))
            continue
        records.append((number, str(number), {str(k).strip().lower(): v for k, v in record.items()}))
    return records


def _parse_table(suffix: str, data: bytes) -> list[ParsedDocument | Skip]:
    loaded = _table_records(suffix, data)
    if isinstance(loaded, Skip):
        return [loaded]
    records, columns, encoding = loaded
    if columns and "text" not in columns:
        shown = ", ".join(columns[:8]) + (" …" if len(columns) > 8 else "")
        return [Skip(0, "", f"no 'text' column (columns: {shown})")]
    if not records:
        return [Skip(0, "", "table has no rows")]
    results: list[ParsedDocument | Skip] = []
    for item, locator, record in records:
        if isinstance(record, Skip):
            results.append(record)
        elif "text" not in record:
            fields = ", ".join(list(record)[:8]) or "none"
            results.append(Skip(item, locator, f"no 'text' field (fields: {fields})"))
        else:
            results.append(_parse_row(item, locator, record, encoding))
    return results


def parse_source(relpath: str, data: bytes) -> list[ParsedDocument | Skip]:
    """Parse one input file's bytes into documents and skips.

    Never raises for bad input: every problem is a :class:`Skip` with a
    one-line reason.
    """
    suffix = Path(relpath).suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return _parse_text_file(data)
    if suffix in TABLE_SUFFIXES:
        return _parse_table(suffix, data)
    kind = f"'{suffix}'" if suffix else "no extension"
    return [Skip(0, "", f"unsupported file type ({kind}; expected .txt, .csv, .jsonl or .parquet)")]
