"""CSV files that are safe to open in a spreadsheet.

Analysts open the tool's CSV output in Excel or LibreOffice, where a text
cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return) is run as a formula: a title such as ``=HYPERLINK("http://…")`` in a
scraped article would become a live link, ``=cmd|…`` worse. As OWASP
recommends, such text cells are written with a leading apostrophe, which
spreadsheets show as plain text. Numbers stay numbers: numeric columns are
untouched, and a text cell that is just a number («-12.5») is left as it is.

Every CSV the package writes goes through :func:`write_csv`.

>>> import pandas as pd
>>> frame = pd.DataFrame({"title": ["=HYPERLINK(1)", "+1+1", "@SUM(A1)", "-5", "متن"], "n": [1, -2, 3, 4, 5]})
>>> neutralize_cells(frame)["title"].tolist()
["'=HYPERLINK(1)", "'+1+1", "'@SUM(A1)", '-5', 'متن']
>>> neutralize_cells(frame)["n"].tolist()
[1, -2, 3, 4, 5]
"""

from __future__ import annotations

import re
from typing import IO

import pandas as pd

__all__ = ["neutralize_cells", "neutralize_text", "write_csv"]

_FORMULA_START = re.compile(r"^[=+\-@\t\r]")
_PLAIN_NUMBER = re.compile(r"^[+-]?(?:\d+(?:[.,]\d+)*|\d*\.\d+)(?:[eE][+-]?\d+)?$")


def neutralize_text(value: object) -> object:
    """``value`` with a leading apostrophe if a spreadsheet would run it as a formula.

    >>> neutralize_text("=1+1"), neutralize_text("\\t=1"), neutralize_text("+98 21"), neutralize_text(7)
    ("'=1+1", "'\\t=1", "'+98 21", 7)
    """
    if isinstance(value, str) and _FORMULA_START.match(value) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def neutralize_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells (and column names) cannot run as formulas."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_datetime64_any_dtype(values):
            continue
        out[column] = values.map(neutralize_text, na_action="ignore")
    out.columns = [neutralize_text(c) if isinstance(c, str) else c for c in out.columns]
    return out


def write_csv(frame: pd.DataFrame, target: str | IO[str], *, index: bool = False) -> None:
    """``frame.to_csv(target)`` with every text cell neutralized (see module docstring)."""
    neutralize_cells(frame).to_csv(target, index=index)
