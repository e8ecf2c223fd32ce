"""The house style every chart shares: languages, texts, numbers, labels, layout.

Every string goes through :func:`helpers.figures.text.for_matplotlib`.
With Persian labels (``lang="fa"``) numbers use Persian digits, «٫» and
«٪», titles are right-aligned and category labels sit on the right; ``en``
is left-to-right; ``both`` writes «فارسی (English)».

>>> number(0.25, "fa", percent=True) == for_matplotlib("۲۵٪"), number(12.5, "en")
(True, '12.5')
>>> period_label("1404-09", "month", "jalali", "en")
'Azar 1404'
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path

import matplotlib as mpl
import matplotlib.style
import numpy as np
from matplotlib.ticker import FuncFormatter

from helpers.figures.fonts import use_persian_font
from helpers.figures.text import for_matplotlib, to_persian_digits
from helpers.topics.coverage import Coverage

__all__ = [
    "LANGS", "STYLE", "check_lang", "formatter", "heatmap_axes", "house_style", "main_topics", "number",
    "one_language", "period_label", "quiet_axis", "say", "set_title", "topic_colors", "topic_labels", "undated_note",
]  # fmt: skip

STYLE = Path(str(files("helpers") / "data" / "house.mplstyle"))
LANGS = ("fa", "en", "both")

_JALALI_MONTHS = (
    ("فروردین", "Farvardin"), ("اردیبهشت", "Ordibehesht"), ("خرداد", "Khordad"), ("تیر", "Tir"),
    ("مرداد", "Mordad"), ("شهریور", "Shahrivar"), ("مهر", "Mehr"), ("آبان", "Aban"),
    ("آذر", "Azar"), ("دی", "Dey"), ("بهمن", "Bahman"), ("اسفند", "Esfand"),
)  # fmt: skip


def check_lang(lang: str) -> None:
    """Raise a one-line ValueError for a label language other than fa, en, both."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")


def say(texts: Mapping[str, tuple[str, str]], key: str, lang: str, **values: object) -> str:
    """``texts[key]`` (a Persian, English pair) in ``lang``, formatted with ``values``."""
    fa, en = texts[key]
    text = {"fa": fa, "en": en, "both": f"{fa} ({en})"}[lang]
    return for_matplotlib(text.format(**values) if values else text)


def undated_note(n: int, lang: str) -> str:
    """The line under a time chart for the ``n`` documents it leaves out ("" when none).

    >>> undated_note(3, "en")
    'undated documents not shown (3)'
    >>> undated_note(0, "fa")
    ''
    """
    if not n:
        return ""
    return say({"undated": ("اسناد بی‌تاریخ در نمودار نیامده‌اند ({n})", "undated documents not shown ({n})")}, "undated", lang, n=number(n, lang))


def number(value: float, lang: str, percent: bool = False) -> str:
    """A value label: ``25%``/``12.5``/``3``; in Persian with Persian digits, «٫» and «٪»; "" for NaN."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if percent:
        text = f"{value * 100:.0f}%"
    elif float(value).is_integer():
        text = f"{int(value)}"
    else:
        text = f"{value:.1f}"
    if lang == "fa":
        text = to_persian_digits(text).replace(".", "٫").replace("%", "٪")
    return for_matplotlib(text)


def formatter(lang: str, percent: bool = False) -> FuncFormatter:
    """An axis formatter writing :func:`number`."""
    return FuncFormatter(lambda value, _pos: number(value, lang, percent=percent))


def topic_labels(coverage: Coverage, topic_ids: Sequence[str], lang: str) -> list[str]:
    """The lexicon's labels of ``topic_ids`` in ``lang``."""
    return [for_matplotlib(coverage.lexicon.topic(t).label(lang)) for t in topic_ids]


def topic_colors(coverage: Coverage, topic_ids: Sequence[str]) -> list[str]:
    """The lexicon's colour of each topic."""
    return [coverage.lexicon.topic(t).color for t in topic_ids]


def main_topics(coverage: Coverage) -> list[str]:
    """Thematic topics and groups, without group members (shown in their own chart)."""
    return [t.id for t in coverage.lexicon.topics if t.group is None]


@contextmanager
def house_style() -> Iterator[None]:
    """The house style sheet, the Persian font first and DejaVu Sans for Latin."""
    family = use_persian_font()
    with mpl.style.context(STYLE), mpl.rc_context({"font.family": [family, "DejaVu Sans"]}):
        yield


def set_title(ax: mpl.axes.Axes, text: str, lang: str, **options: object) -> None:
    """A title on the side a reader of ``lang`` starts from."""
    ax.set_title(text, loc="right" if lang == "fa" else "left", **options)


def one_language(label: str | tuple[str, str], index: int) -> str:
    """One language of a (Persian, English) label pair; a plain label as it is."""
    return label[index] if isinstance(label, tuple) else label


def quiet_axis(axis: mpl.axes.Axes) -> None:
    """No ticks or frame on an axis (heatmaps)."""
    axis.tick_params(length=0)
    for spine in axis.spines.values():
        spine.set_visible(False)


def heatmap_axes(ax: mpl.axes.Axes, rows: list, columns: list, lang: str) -> None:
    """A heatmap's category labels: columns vertical (as readable as slanted ones, and
    text extractors read them whole), rows on the right in Persian, no grid or frame.
    With ``lang="both"`` a label may be a (Persian, English) pair: English along the
    bottom / left, Persian along the top / right, each as long as one language.
    (Columns must already be in reading order: right to left in Persian.)"""
    positions = np.arange(len(columns))
    ax.set_xticks(positions, [one_language(c, 1) for c in columns], rotation=90)
    ax.set_yticks(np.arange(len(rows)), [one_language(r, 1) for r in rows])
    ax.grid(False)
    quiet_axis(ax)
    if lang == "fa":
        ax.yaxis.tick_right()
    if any(isinstance(c, tuple) for c in columns):
        top = ax.secondary_xaxis("top")
        top.set_xticks(positions, [one_language(c, 0) for c in columns], rotation=90)
        quiet_axis(top)
    if any(isinstance(r, tuple) for r in rows):
        right = ax.secondary_yaxis("right")
        right.set_yticks(np.arange(len(rows)), [one_language(r, 0) for r in rows])
        quiet_axis(right)


def period_label(period: str, freq: str, calendar: str, lang: str) -> str:
    """«آذر ۱۴۰۴» / «Azar 1404» for Jalali months; dates with Persian digits in Persian."""
    if freq == "month" and calendar == "jalali":
        year, month = period.split("-")
        fa, en = _JALALI_MONTHS[int(month) - 1]
        return {"fa": f"{fa} {to_persian_digits(year)}", "en": f"{en} {year}", "both": f"{fa} {to_persian_digits(year)}"}[lang]
    return to_persian_digits(period) if lang == "fa" else period
