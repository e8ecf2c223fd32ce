"""Table rows to documents: which column is which, values as text, dates per column.

A row becomes a document when its text column holds text; a value that is
not text (a number, a list, an object, a boolean) is a skip with its reason,
never its Python ``repr``. ``NN/NN/YYYY`` dates are read the way their
column writes them: day first if any value's first part is above 12, month
first if any second part is; when no value tells, ``dayfirst`` decides
(day first by default) and each such date carries a warning.

>>> from helpers.corpus.tables import Table
>>> table = Table(columns=["Headline", "Body", "Published"], rows=[(1, "2", {"Headline": "تیتر", "Body": "متن خبر", "Published": "25/12/2025"}, [])])
>>> [doc] = parse_rows(table, ReadOptions())
>>> doc.title, doc.body, str(doc.date.date()), doc.title_origin
('تیتر', 'متن خبر', '2025-12-25', 'column')
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

from helpers.corpus.cleaning import clean_text, strip_boilerplate
from helpers.corpus.columns import plan_columns
from helpers.corpus.dates import day_month_order, is_ambiguous, parse_date_value
from helpers.corpus.documents import ParsedDocument, ReadOptions, Skip, finish, resolve_date
from helpers.corpus.encoding import encoding_warnings
from helpers.corpus.tables import Table, decode_cell

__all__ = ["parse_rows"]


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float | Decimal):
        return "a number"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dt.date):
        return "a date"
    return f"a {type(value).__name__}"


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _as_text(value: object, *, numbers: bool) -> tuple[str | None, str | None, list[str]]:
    """``(text, problem, warnings)`` for a cell: text (None when empty), or why it is not text.

    ``numbers``: a number is acceptable and written as text (ids, titles).
    """
    if _missing(value):
        return None, None, []
    if isinstance(value, bytes | bytearray | memoryview):
        text, notes = decode_cell(bytes(value))
        return (text.strip() or None), None, notes
    if isinstance(value, str):
        return (value.strip() or None), None, []
    if numbers and not isinstance(value, bool) and isinstance(value, int | float | Decimal):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value), None, []
    return None, _kind(value), []


def parse_rows(table: Table, options: ReadOptions) -> list[ParsedDocument | Skip]:
    """Documents and skips from the rows of one table file."""
    plan = plan_columns(table.columns, options.column_map)
    if plan.missing_text is not None:
        return [Skip(0, "", plan.missing_text)]
    if not table.rows:
        return [Skip(0, "", "table has no rows")]
    table_warnings = list(plan.warnings)
    if table.decoded is not None and not table.decoded.line_notes:
        table_warnings[:0] = encoding_warnings(table.decoded)
    elif table.decoded is not None and table.decoded.encoding == "mixed":
        table_warnings.insert(0, "rows in two encodings: UTF-8 and Windows-1256, each row decoded as its own")

    date_column = plan.roles.get("date")
    order = day_month_order([r[2].get(date_column) for r in table.rows if isinstance(r[2], dict)]) if date_column else None
    dayfirst = {"dmy": True, "mdy": False}.get(order or "", options.dayfirst is not False)
    results: list[ParsedDocument | Skip] = []
    for item, locator, record, row_warnings in table.rows:
        if isinstance(record, Skip):
            results.append(record)
            continue
        results.append(_parse_row(item, locator, record, plan.roles, table, row_warnings, table_warnings, dayfirst, order, options))
    return results


def _parse_row(
    item: int, locator: str, record: dict[str, object], roles: dict[str, str], table: Table, row_warnings: list[str],
    table_warnings: list[str], dayfirst: bool, order: str | None, options: ReadOptions,
) -> ParsedDocument | Skip:  # fmt: skip
    text_column = roles["text"]
    if text_column not in record:
        fields = ", ".join(list(record)[:8]) or "none"
        return Skip(item, locator, f"no {text_column!r} field (fields: {fields})")
    text, problem, notes = _as_text(record[text_column], numbers=False)
    if problem is not None:
        return Skip(item, locator, f"{text_column!r} value is {problem}, not text")
    if text is None:
        return Skip(item, locator, f"empty {text_column!r} value")
    body, warnings = clean_text(text)
    warnings[:0] = notes

    values: dict[str, str | None] = {}
    for role in ("title", "source", "id", "url"):
        column = roles.get(role)
        if column is None:
            values[role] = None
            continue
        value, problem, notes = _as_text(record.get(column), numbers=True)
        if problem is not None:
            warnings.append(f"{column!r} value is {problem}, not text: {role} left empty")
        warnings.extend(notes)
        values[role] = value
    title = clean_text(values["title"])[0] if values["title"] else ""
    kept, removed = strip_boilerplate(body.split("\n"), title=title or None)
    body = "\n".join(kept)

    raw_date = record.get(roles["date"]) if "date" in roles else None
    if isinstance(raw_date, bytes | bytearray):
        raw_date = decode_cell(bytes(raw_date))[0]
    date, origin = resolve_date(raw_date, title + "\n" + body, warnings, what="column", dayfirst=dayfirst)
    if date is not None and order is None and options.dayfirst is None and is_ambiguous(raw_date):
        other = parse_date_value(raw_date, dayfirst=not dayfirst)
        warnings.append(
            f"ambiguous date {raw_date!r}: read day first as {date.date()}, not {other.date()} "
            "(no date in its column tells; dayfirst=False or --monthfirst reads month first)"
        )
    doc = ParsedDocument(
        item=item,
        locator=locator,
        id_value=values["id"],
        title=title,
        body=body,
        source=values["source"],
        date=date,
        date_origin=origin,
        encoding=table.encoding,
        warnings=warnings,
        boilerplate=removed,
        url=values["url"],
        title_origin="column" if title else "none",
    )
    return finish(doc, [*table_warnings, *row_warnings])
