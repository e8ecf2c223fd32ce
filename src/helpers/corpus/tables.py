"""Reading table files into rows: CSV/TSV, JSON Lines, JSON, Parquet, Excel.

Each reader returns a :class:`Table`: the column names and one entry per
row — the row's values by column, or a :class:`Skip` saying why that row
could not be read (a malformed JSON line, a CSV row with more fields than
the header, a quote never closed) — plus the warnings that belong to single
rows (a row in another encoding). A file that cannot be read at all is one
:class:`Skip`. Turning rows into documents is :mod:`helpers.corpus.records`.

Row numbers are those a user finds the row under: the spreadsheet row for
CSV and Excel (the header is row 1), the line for JSON Lines, the position
(from 1) for JSON arrays and Parquet.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass, field

from helpers.corpus.documents import Skip
from helpers.corpus.encoding import Decoded, NotTextError, decode_bytes, decode_lines, encoding_warnings

__all__ = ["TABLE_SUFFIXES", "Table", "decode_cell", "read_table"]

TABLE_SUFFIXES = frozenset({".csv", ".tsv", ".jsonl", ".json", ".parquet", ".xlsx"})
# An .xlsx is zipped XML: refuse one that would unpack to more than this many
# times the size cap (a "zip bomb").
_XLSX_EXPANSION = 10
_DELIMITERS = (",", ";", "\t", "|")
Row = tuple[int, str, "dict[str, object] | Skip", list[str]]

csv.field_size_limit(2**31 - 1)  # an article is one field; the file size cap bounds it


@dataclass
class Table:
    """Rows of a table file (see module docstring)."""

    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    decoded: Decoded | None = None  # for text formats: how the bytes were decoded

    @property
    def encoding(self) -> str:
        return self.decoded.encoding if self.decoded else "binary"


def read_table(suffix: str, data: bytes, max_bytes: int) -> Table | Skip:
    """The rows of a table file's bytes, or one :class:`Skip` for the whole file."""
    suffix = suffix.lower()
    if not data:
        return Skip(0, "", "empty file (0 bytes)")
    if suffix == ".parquet":
        return _read_parquet(data)
    if suffix == ".xlsx":
        return _read_xlsx(data, max_bytes)
    try:
        decoded = decode_lines(data)
    except NotTextError as exc:
        return Skip(0, "", str(exc))
    if suffix == ".jsonl":
        return _read_jsonl(decoded)
    if suffix == ".json":
        return _read_json(decoded)
    return _read_csv(decoded, "\t" if suffix == ".tsv" else None)


def _line_warnings(decoded: Decoded, first: int, last: int) -> list[str]:
    """Warnings of lines ``first…last`` (1-based) of a per-line decoding."""
    notes = decoded.line_notes
    return sorted({n for n in notes[first - 1 : last] if n}) if notes else []


def _sniff_delimiter(header: str) -> str:
    """The delimiter a header line uses most, outside quotes (comma when none)."""
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(decoded: Decoded, delimiter: str | None) -> Table | Skip:
    text = decoded.text.lstrip("\ufeff").replace("\x00", "")
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter or _sniff_delimiter(first_line), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        return Skip(0, "", "empty table (no header line)")
    except csv.Error as exc:
        return Skip(0, "", f"unreadable CSV file: header line: {exc}")
    columns = [c.strip() for c in header]
    table = Table(columns=columns, decoded=decoded)
    line = reader.line_num
    number = 1  # spreadsheet row of the header
    while True:
        start = line + 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            number += 1
            if "unexpected end of data" in str(exc):
                table.rows.append((number, str(number), Skip(number, str(number), f"unreadable CSV from row {number} on: a quote opened there is never closed"), []))
                break
            table.rows.append((number, str(number), Skip(number, str(number), f"unreadable CSV row: {exc}"), []))
            line = reader.line_num
            continue
        line = reader.line_num
        if not values:  # a blank line is not a row
            continue
        number += 1
        warnings = _line_warnings(decoded, start, line)
        if len(values) != len(columns):
            reason = f"row has {len(values)} fields, the header {len(columns)}; columns would shift, so the row is skipped"
            table.rows.append((number, str(number), Skip(number, str(number), reason), warnings))
            continue
        table.rows.append((number, str(number), dict(zip(columns, values, strict=True)), warnings))
    return table


def _json_value(line: str) -> tuple[object, str | None]:
    try:
        return json.loads(line), None
    except json.JSONDecodeError as exc:
        return None, f"{exc.msg} (column {exc.colno})"
    except RecursionError:
        return None, "nested too deeply"


def _read_jsonl(decoded: Decoded) -> Table:
    table = Table(columns=[], decoded=decoded)
    seen: dict[str, None] = {}
    for number, line in enumerate(decoded.text.lstrip("\ufeff").split("\n"), start=1):
        if not line.strip():
            continue
        record, problem = _json_value(line)
        if problem is not None:
            table.rows.append((number, str(number), Skip(number, str(number), f"malformed JSON line: {problem}"), []))
        elif not isinstance(record, dict):
            table.rows.append((number, str(number), Skip(number, str(number), f"JSON line is a {_kind(record)}, not an object"), []))
        else:
            record = {str(k): v for k, v in record.items()}
            seen.update(dict.fromkeys(record))
            table.rows.append((number, str(number), record, _line_warnings(decoded, number, number)))
    table.columns = list(seen)
    return table


def _read_json(decoded: Decoded) -> Table | Skip:
    """A JSON array of objects, or an object holding one (``{"items": [...]}``)."""
    value, problem = _json_value(decoded.text.lstrip("\ufeff"))
    if problem is not None:
        return Skip(0, "", f"malformed JSON file: {problem}")
    if isinstance(value, dict):
        lists = [v for v in value.values() if isinstance(v, list)]
        if len(lists) != 1:
            return Skip(0, "", "JSON file is an object without one list of articles in it")
        value = lists[0]
    if not isinstance(value, list):
        return Skip(0, "", f"JSON file is a {_kind(value)}, not a list of articles")
    table = Table(columns=[], decoded=decoded)
    seen: dict[str, None] = {}
    for number, record in enumerate(value, start=1):
        if isinstance(record, dict):
            record = {str(k): v for k, v in record.items()}
            seen.update(dict.fromkeys(record))
            table.rows.append((number, str(number), record, []))
        else:
            table.rows.append((number, str(number), Skip(number, str(number), f"item is a {_kind(record)}, not an object"), []))
    table.columns = list(seen)
    return table


def _kind(value: object) -> str:
    return {dict: "object", list: "list", str: "string", bool: "boolean", type(None): "null"}.get(type(value), "number")


def _read_parquet(data: bytes) -> Table | Skip:
    import pyarrow.parquet as pq

    try:
        arrow = pq.read_table(io.BytesIO(data))
    except Exception as exc:  # pyarrow raises many types for corrupt files
        message = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        return Skip(0, "", f"unreadable Parquet file: {message}")
    columns = [str(c) for c in arrow.column_names]
    # Python values, not pandas: dates outside pandas' range and binary text
    # stay as they are, for the row reader to judge one by one.
    values = [arrow.column(i).to_pylist() for i in range(arrow.num_columns)]
    table = Table(columns=columns)
    for index in range(arrow.num_rows):
        table.rows.append((index + 1, str(index + 1), {c: v[index] for c, v in zip(columns, values, strict=True)}, []))
    return table


def _read_xlsx(data: bytes, max_bytes: int) -> Table | Skip:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return Skip(0, "", f"unreadable Excel file: {exc}")
    if unpacked > _XLSX_EXPANSION * max(max_bytes, len(data)):
        return Skip(0, "", f"Excel file unpacks to {unpacked / 1e6:.0f} MB, over {_XLSX_EXPANSION}× the size limit")
    try:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = next((s for s in book.worksheets if s.max_row and s.max_row > 0), None)
        rows = list(sheet.iter_rows(values_only=True)) if sheet is not None else []
        book.close()
    except Exception as exc:  # openpyxl raises many types for broken files
        message = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        return Skip(0, "", f"unreadable Excel file: {message}")
    rows = [r for r in rows]
    first = next((i for i, r in enumerate(rows) if any(v not in (None, "") for v in r)), None)
    if first is None:
        return Skip(0, "", "empty table (no header row)")
    columns = ["" if v is None else str(v).strip() for v in rows[first]]
    table = Table(columns=columns)
    for offset, values in enumerate(rows[first + 1 :], start=first + 2):
        if all(v in (None, "") for v in values):
            continue
        values = list(values) + [None] * (len(columns) - len(values))
        table.rows.append((offset, str(offset), dict(zip(columns, values[: len(columns)], strict=True)), []))
    return table


def decode_cell(value: bytes) -> tuple[str, list[str]]:
    """Text from a binary cell (a Parquet ``binary`` column), with warnings."""
    try:
        decoded = decode_bytes(bytes(value))
    except NotTextError as exc:
        return "", [f"binary value is not text ({exc})"]
    return decoded.text, encoding_warnings(decoded)
