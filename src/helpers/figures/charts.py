"""Report charts of topic coverage, with correct Persian labels.

Every string goes through :func:`helpers.text.for_matplotlib`; labels come
from the lexicon in Persian (``lang="fa"``), English (``"en"``) or both.
With Persian labels, numbers use Persian digits, category labels of
horizontal bars sit on the right with bars growing leftwards, and titles
are right-aligned — a right-to-left page layout.

>>> from helpers import load_corpus
>>> from helpers.topics.coverage import measure_coverage
>>> fig = coverage_bars(measure_coverage(load_corpus(cache=False)))
>>> fig.axes[0].get_title(loc="right") == for_matplotlib("پوشش موضوعی: سهم اسناد")
True
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path

import matplotlib as mpl
import matplotlib.style
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from helpers.topics.coverage import Coverage
from helpers.figures.fonts import use_persian_font
from helpers.figures.text import for_matplotlib, to_persian_digits

__all__ = [
    "STYLE",
    "cooccurrence_heatmap",
    "coverage_bars",
    "coverage_over_time",
    "document_heatmap",
    "regional_bodies_chart",
    "standard_figures",
]

STYLE = Path(str(files("helpers") / "data" / "house.mplstyle"))
LANGS = ("fa", "en", "both")

# Importing the charts registers the Persian font and puts it first in
# font.family (DejaVu Sans after it for Latin), for the user's own plots too.
use_persian_font()

# Chart titles and axis texts in each language.
_TEXTS = {
    "share_of_documents": ("سهم اسناد", "Share of documents"),
    "mentions_per_1k_tokens": ("اشاره در هر هزار واژه", "Mentions per 1,000 tokens"),
    "mentions_per_document": ("اشاره در هر سند", "Mentions per document"),
    "mentions": ("شمار اشاره‌ها", "Mentions"),
    "coverage": ("پوشش موضوعی", "Topic coverage"),
    "heatmap": ("پوشش موضوعی هر سند", "Topic coverage by document"),
    "cooccurrence_document": ("هم‌آیی موضوع‌ها در اسناد", "Topics mentioned in the same documents"),
    "cooccurrence_sentence": ("هم‌آیی موضوع‌ها در جمله‌ها", "Topics mentioned in the same sentences"),
    "over_time": ("پوشش موضوعی در گذر زمان", "Topic coverage over time"),
    "bodies": ("نهادهای منطقه‌ای", "Regional bodies"),
    "documents": ("سند", "Document"),
    "no_dates": ("هیچ سندی تاریخ ندارد", "No document has a date"),
    "month": ("ماه", "Month"),
    "week": ("هفته", "Week"),
    "day": ("روز", "Day"),
}


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")


def _text(key: str, lang: str) -> str:
    fa, en = _TEXTS[key]
    return for_matplotlib({"fa": fa, "en": en, "both": f"{fa} ({en})"}[lang])


def _number(value: float, lang: str, percent: bool = False) -> str:
    if percent:
        text = f"{value * 100:.0f}%"
    elif float(value).is_integer():
        text = f"{int(value)}"
    else:
        text = f"{value:.1f}"
    # Persian: Persian digits, the decimal separator «٫» and the percent sign «٪»
    if lang == "fa":
        text = to_persian_digits(text).replace(".", "٫").replace("%", "٪")
    return for_matplotlib(text)


def _formatter(lang: str, percent: bool = False) -> FuncFormatter:
    return FuncFormatter(lambda value, _pos: _number(value, lang, percent=percent))


def _topic_labels(coverage: Coverage, topic_ids: Sequence[str], lang: str) -> list[str]:
    return [for_matplotlib(coverage.lexicon.topic(t).label(lang)) for t in topic_ids]


def _colors(coverage: Coverage, topic_ids: Sequence[str]) -> list[str]:
    return [coverage.lexicon.topic(t).color for t in topic_ids]


def _main_topics(coverage: Coverage) -> list[str]:
    """Thematic topics and groups, without group members (shown in their own chart)."""
    return [t.id for t in coverage.lexicon.topics if t.group is None]


@contextmanager
def _house_style():
    family = use_persian_font()
    with mpl.style.context(STYLE), mpl.rc_context({"font.family": [family, "DejaVu Sans"]}):
        yield


def _title(ax: mpl.axes.Axes, text: str, lang: str) -> None:
    ax.set_title(text, loc="right" if lang == "fa" else "left")


def _horizontal_bars(
    ax: mpl.axes.Axes, labels: list[str], values: np.ndarray, colors: list[str], lang: str, format_value: Callable[[float], str]
) -> None:
    """Bars sorted by value, largest on top; right-to-left when Persian."""
    positions = np.arange(len(values))[::-1]
    ax.barh(positions, values, color=colors, height=0.7)
    ax.set_yticks(positions, labels)
    top = float(values.max()) if len(values) and values.max() > 0 else 1.0
    ax.set_xlim(0, top * 1.18)
    for y, value in zip(positions, values, strict=True):
        ax.text(value + top * 0.015, y, format_value(value), va="center", ha="right" if lang == "fa" else "left", fontsize=10)
    if lang == "fa":
        ax.invert_xaxis()  # bars grow from the right, where the labels are
        ax.yaxis.tick_right()
        ax.spines["right"].set_visible(True)
        ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)


def coverage_bars(
    coverage: Coverage, value: str = "share_of_documents", lang: str = "fa", topics: Sequence[str] | None = None
) -> Figure:
    """Topic coverage: share of documents or mentions per 1,000 tokens, sorted.

    Args:
        value: ``share_of_documents`` or ``mentions_per_1k_tokens``.
        topics: topic ids (default: thematic topics and groups).
    """
    _check_lang(lang)
    if value not in ("share_of_documents", "mentions_per_1k_tokens"):
        raise ValueError("value must be 'share_of_documents' or 'mentions_per_1k_tokens'")
    summary = coverage.summary().set_index("topic").loc[list(topics or _main_topics(coverage))]
    summary = summary.sort_values(value, ascending=False, kind="stable")
    ids = list(summary.index)
    percent = value == "share_of_documents"
    with _house_style():
        fig = Figure(figsize=(8, 0.45 * len(ids) + 1.6))
        ax = fig.add_subplot()
        _horizontal_bars(
            ax, _topic_labels(coverage, ids, lang), summary[value].to_numpy(dtype=float), _colors(coverage, ids), lang,
            lambda v: _number(v, lang, percent=percent),
        )  # fmt: skip
        ax.xaxis.set_major_formatter(_formatter(lang, percent=percent))
        ax.set_xlabel(_text(value, lang))
        _title(ax, for_matplotlib(f"{_TEXTS['coverage'][0]}: {_TEXTS[value][0]}") if lang == "fa" else _text("coverage", lang), lang)
    return fig


def regional_bodies_chart(coverage: Coverage, lang: str = "fa", value: str = "mentions", group: str = "regional_bodies") -> Figure:
    """Mentions (or documents) of each member of the regional-bodies group."""
    _check_lang(lang)
    if value not in ("mentions", "documents"):
        raise ValueError("value must be 'mentions' or 'documents'")
    members = coverage.lexicon.members(group)
    summary = coverage.summary().set_index("topic").loc[members].sort_values(value, ascending=False, kind="stable")
    ids = list(summary.index)
    with _house_style():
        fig = Figure(figsize=(8, 0.45 * len(ids) + 1.6))
        ax = fig.add_subplot()
        _horizontal_bars(
            ax, _topic_labels(coverage, ids, lang), summary[value].to_numpy(dtype=float), _colors(coverage, ids), lang,
            lambda v: _number(v, lang),
        )  # fmt: skip
        ax.xaxis.set_major_formatter(_formatter(lang))
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_xlabel(_text("mentions" if value == "mentions" else "documents", lang))
        _title(ax, _text("bodies", lang), lang)
    return fig


def _heatmap(
    ax: mpl.axes.Axes, matrix: np.ndarray, rows: list, columns: list, lang: str, annotate: bool, counts: bool = False
) -> None:
    """A heatmap; with ``lang="both"`` a label may be a (Persian, English) pair: English
    along the bottom / left, Persian along the top / right, each as long as one language."""
    if lang == "fa":  # read columns right to left
        matrix, columns = matrix[:, ::-1], columns[::-1]
    image = ax.imshow(matrix, aspect="auto", cmap="cividis", vmin=0)
    # vertical column labels: as readable as slanted ones, and text extractors read them whole
    positions = np.arange(len(columns))
    ax.set_xticks(positions, [_one_language(c, 1) for c in columns], rotation=90)
    ax.set_yticks(np.arange(len(rows)), [_one_language(r, 1) for r in rows])
    ax.grid(False)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    if lang == "fa":
        ax.yaxis.tick_right()
    if any(isinstance(c, tuple) for c in columns):
        top = ax.secondary_xaxis("top")
        top.set_xticks(positions, [_one_language(c, 0) for c in columns], rotation=90)
        _quiet_axis(top)
    if any(isinstance(r, tuple) for r in rows):
        right = ax.secondary_yaxis("right")
        right.set_yticks(np.arange(len(rows)), [_one_language(r, 0) for r in rows])
        _quiet_axis(right)
    if annotate:
        top_value = matrix.max() if matrix.size and matrix.max() > 0 else 1
        for (i, j), v in np.ndenumerate(matrix):
            ax.text(j, i, _number(v, lang), ha="center", va="center", fontsize=9, color="white" if v < top_value * 0.6 else "black")
    colorbar = ax.figure.colorbar(image, ax=ax, location="left" if lang == "fa" else "right", shrink=0.8)
    colorbar.ax.yaxis.set_major_formatter(_formatter(lang))
    if counts:
        colorbar.ax.yaxis.get_major_locator().set_params(integer=True)


def _one_language(label: str | tuple[str, str], index: int) -> str:
    """One language of a (Persian, English) label pair; a plain label as it is."""
    return label[index] if isinstance(label, tuple) else label


def _quiet_axis(axis: mpl.axes.Axes) -> None:
    axis.tick_params(length=0)
    for spine in axis.spines.values():
        spine.set_visible(False)


def _heatmap_labels(coverage: Coverage, topic_ids: Sequence[str], lang: str, wrap: int | None = None) -> list:
    """Topic labels for a heatmap axis: (Persian, English) pairs in both languages,
    each wrapped to ``wrap`` characters a line when given."""
    if lang != "both":
        return _topic_labels(coverage, topic_ids, lang)
    pairs = zip(_topic_labels(coverage, topic_ids, "fa"), _topic_labels(coverage, topic_ids, "en"), strict=True)
    if wrap is None:
        return list(pairs)
    return [tuple(textwrap.fill(label, wrap) for label in pair) for pair in pairs]


def document_heatmap(coverage: Coverage, value: str = "mentions_per_1k_tokens", lang: str = "fa", max_documents: int = 40) -> Figure:
    """Documents × topics. With more than ``max_documents`` documents, the
    ones with the most mentions are shown (the title says so)."""
    _check_lang(lang)
    matrix = coverage.document_matrix(value)[_main_topics(coverage)]
    shown = matrix
    if len(matrix) > max_documents:
        shown = matrix.loc[matrix.sum(axis=1).sort_values(ascending=False, kind="stable").index[:max_documents]]
    ids = list(shown.columns)
    with _house_style():
        # in both languages the Persian column labels take the top edge as well
        fig = Figure(figsize=(9, max(0.32 * len(shown), 2.0) + (4.0 if lang == "both" else 3.2)))
        ax = fig.add_subplot()
        rows = [for_matplotlib(str(d) if len(str(d)) <= 28 else str(d)[:27] + "…") for d in shown.index]
        columns = _heatmap_labels(coverage, ids, lang, wrap=18)
        _heatmap(ax, shown.to_numpy(dtype=float), rows, columns, lang, annotate=shown.size <= 400)
        title = _text("heatmap", lang)
        if len(shown) < len(matrix):
            count = _number(len(shown), lang) + " / " + _number(len(matrix), lang)
            title = for_matplotlib(f"{_TEXTS['heatmap'][0] if lang != 'en' else _TEXTS['heatmap'][1]} ({count})")
        _title(ax, title, lang)
        ax.set_xlabel(_text(value, lang))
    return fig


def cooccurrence_heatmap(coverage: Coverage, level: str = "document", lang: str = "fa") -> Figure:
    """How many documents (or sentences) mention both topics; the diagonal
    is the number mentioning the topic at all."""
    _check_lang(lang)
    ids = _main_topics(coverage)
    matrix = coverage.cooccurrence(level).loc[ids, ids]
    rows, columns = _heatmap_labels(coverage, ids, lang), _heatmap_labels(coverage, ids, lang, wrap=18)
    with _house_style():
        fig = Figure(figsize=(8.5, 7))
        ax = fig.add_subplot()
        _heatmap(ax, matrix.to_numpy(dtype=float), rows, columns, lang, annotate=True, counts=True)
        _title(ax, _text(f"cooccurrence_{level}", lang), lang)
    return fig


def coverage_over_time(
    coverage: Coverage,
    freq: str = "month",
    calendar: str = "jalali",
    value: str = "share_of_documents",
    lang: str = "fa",
    topics: Sequence[str] | None = None,
) -> Figure:
    """Coverage per period (normalized by the documents in it), one line per topic."""
    _check_lang(lang)
    series = coverage.timeseries(freq, calendar, value)
    ids = list(topics or [t for t in _main_topics(coverage) if t in series.columns])
    percent = value == "share_of_documents"
    with _house_style():
        fig = Figure(figsize=(9, 4.8))
        ax = fig.add_subplot()
        _title(ax, _text("over_time", lang), lang)
        if series.empty:
            ax.text(0.5, 0.5, _text("no_dates", lang), transform=ax.transAxes, ha="center", va="center")
            ax.set_axis_off()
            return fig
        x = np.arange(len(series))
        for topic_id, label, color in zip(ids, _topic_labels(coverage, ids, lang), _colors(coverage, ids), strict=True):
            ax.plot(x, series[topic_id].to_numpy(dtype=float), marker="o", markersize=4, label=label, color=color)
        step = max(1, len(x) // 12)
        ticks = [_period_label(p, freq, calendar, lang) for p in series.index[::step]]
        ax.set_xticks(x[::step], [for_matplotlib(t) for t in ticks], rotation=0 if len(ticks) <= 6 else 45)
        ax.yaxis.set_major_formatter(_formatter(lang, percent=percent))
        ax.set_ylim(bottom=0)
        ax.grid(axis="y")
        ax.set_ylabel(_text(value, lang))
        ax.set_xlabel(_text(freq, lang))
        if lang == "fa":
            ax.invert_xaxis()  # time runs right to left in a Persian layout
            ax.yaxis.tick_right()
            ax.yaxis.set_label_position("right")
        ax.legend(loc="upper left" if lang == "fa" else "upper right", ncols=2, fontsize=9)
    return fig


_JALALI_MONTHS = (
    ("فروردین", "Farvardin"), ("اردیبهشت", "Ordibehesht"), ("خرداد", "Khordad"), ("تیر", "Tir"),
    ("مرداد", "Mordad"), ("شهریور", "Shahrivar"), ("مهر", "Mehr"), ("آبان", "Aban"),
    ("آذر", "Azar"), ("دی", "Dey"), ("بهمن", "Bahman"), ("اسفند", "Esfand"),
)  # fmt: skip


def _period_label(period: str, freq: str, calendar: str, lang: str) -> str:
    """«آذر ۱۴۰۴» / «Azar 1404» for Jalali months; dates with Persian digits in Persian."""
    if freq == "month" and calendar == "jalali":
        year, month = period.split("-")
        fa, en = _JALALI_MONTHS[int(month) - 1]
        return {"fa": f"{fa} {to_persian_digits(year)}", "en": f"{en} {year}", "both": f"{fa} {to_persian_digits(year)}"}[lang]
    return to_persian_digits(period) if lang == "fa" else period


def standard_figures(coverage: Coverage, lang: str = "fa") -> dict[str, Figure]:
    """The report's standard set, by file name."""
    return {
        "coverage-share": coverage_bars(coverage, "share_of_documents", lang),
        "coverage-per-1k-tokens": coverage_bars(coverage, "mentions_per_1k_tokens", lang),
        "document-heatmap": document_heatmap(coverage, lang=lang),
        "cooccurrence-documents": cooccurrence_heatmap(coverage, "document", lang),
        "coverage-over-time": coverage_over_time(coverage, lang=lang),
        "regional-bodies": regional_bodies_chart(coverage, lang),
    }
