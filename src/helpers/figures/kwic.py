"""The keyword-in-context table for notebooks: right-to-left, article text escaped.

>>> from helpers.corpus import load_corpus
>>> from helpers.topics import measure_coverage
>>> table = kwic_table(measure_coverage(load_corpus(cache=False), cache=False), topic="sco")
>>> table.caption, list(table.data.columns)
('1 mentions of sco', ['doc_id', 'sent_id', 'topic', 'term', 'left', 'match', 'right'])
>>> "<script>" in kwic_table.__doc__
False
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from helpers.topics.coverage import Coverage

__all__ = ["KwicTable", "kwic_table"]


@dataclass(frozen=True)
class KwicTable:
    """Keyword-in-context rows for notebooks.

    Shown as a right-to-left HTML table with the article text escaped (a
    ``<script>`` in an article shows as text); its plain-text form is the
    rows themselves. ``data`` is the DataFrame, ``styler`` the pandas Styler.
    """

    data: pd.DataFrame
    caption: str

    @property
    def styler(self) -> pd.io.formats.style.Styler:
        # a fixed id: the HTML is identical on every run (notebooks are compared by nbval)
        styler = self.data.style.format(escape="html").hide(axis="index").set_uuid("kwic")
        styler = styler.set_table_attributes('dir="rtl" class="pnc-kwic"')
        styler = styler.set_properties(**{"text-align": "right", "unicode-bidi": "plaintext"})
        styler = styler.set_properties(subset=["match"], **{"font-weight": "bold", "background-color": "#FFF3C4"})
        # the caption is English: keep it left-to-right inside the right-to-left table
        styler = styler.set_table_styles([{"selector": "caption", "props": "direction: ltr; text-align: right;"}], overwrite=False)
        return styler.set_caption(html.escape(self.caption))

    def to_html(self) -> str:
        return self.styler.to_html()

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        return f"{self.caption}\n{self.data.to_string(index=False)}" if len(self.data) else self.caption


def kwic_table(coverage: Coverage, topic: str | None = None, term: str | None = None, limit: int | None = 50) -> KwicTable:
    """Keyword-in-context rows of a topic (or group) or term, as a :class:`KwicTable`."""
    rows = coverage.kwic(topic=topic, term=term, limit=limit)
    caption = f"{len(rows)} mentions" + (f" of {topic}" if topic else "") + (f", term {term}" if term else "")
    return KwicTable(rows, caption)
