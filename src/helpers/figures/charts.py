"""Report charts of topic coverage, with correct Persian labels.

Every string goes through :func:`helpers.figures.text.for_matplotlib`; labels come
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

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from helpers.topics.coverage import Coverage
from helpers.topics.intervals import MIN_DOCUMENTS, share_over_time
from helpers.figures.fonts import use_persian_font
from helpers.figures.style import (
    STYLE,
    check_lang,
    formatter,
    heatmap_axes,
    house_style,
    main_topics,
    number,
    period_label,
    say,
    set_title,
    topic_colors,
    topic_labels,
    undated_note,
)
from helpers.figures.text import for_matplotlib

__all__ = [
    "STYLE",
    "cooccurrence_heatmap",
    "coverage_bars",
    "coverage_over_time",
    "document_heatmap",
    "heatmap_axes",
    "regional_bodies_chart",
    "standard_figures",
]

# Importing the charts registers the Persian font and puts it first in
# font.family (DejaVu Sans after it for Latin), for the user's own plots too.
use_persian_font()

# Chart titles and axis texts in each language.
_TEXTS = {
    "share_of_documents": ("سهم اسناد", "Share of documents"),
    "share_of_stories": ("سهم خبرها (هر خبر یک بار)", "Share of stories (each story once)"),
    "sparse": ("سایه: دوره‌هایی با سند کمتر از حد نصاب ({n})", "shaded: periods with fewer than {n} documents"),
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


def _horizontal_bars(
    ax: mpl.axes.Axes, labels: list[str], values: np.ndarray, colors: list[str], lang: str, format_value: Callable[[float], str],
    interval: tuple[np.ndarray, np.ndarray] | None = None,
) -> None:
    """Bars sorted by value, largest on top; right-to-left when Persian.
    ``interval``: (low, high) drawn as error bars, value labels beyond them."""
    positions = np.arange(len(values))[::-1]
    ax.barh(positions, values, color=colors, height=0.7)
    ends = values
    if interval is not None:
        low, high = (np.nan_to_num(np.asarray(bound, dtype=float)) for bound in interval)  # no documents: no bar
        ax.errorbar(values, positions, xerr=[np.maximum(values - low, 0), np.maximum(high - values, 0)], fmt="none", ecolor="#333333", elinewidth=1, capsize=3)
        ends = np.maximum(values, high)
    ax.set_yticks(positions, labels)
    top = float(ends.max()) if len(ends) and ends.max() > 0 else 1.0
    ax.set_xlim(0, top * 1.18)
    for y, value, end in zip(positions, values, ends, strict=True):
        ax.text(end + top * 0.015, y, format_value(value), va="center", ha="right" if lang == "fa" else "left", fontsize=10)
    if lang == "fa":
        ax.invert_xaxis()  # bars grow from the right, where the labels are
        ax.yaxis.tick_right()
        ax.spines["right"].set_visible(True)
        ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)


def coverage_bars(
    coverage: Coverage, value: str = "share_of_documents", lang: str = "fa", topics: Sequence[str] | None = None
) -> Figure:
    """Topic coverage: share of documents (or stories) or mentions per 1,000 tokens, sorted.

    Shares are drawn with their 95 % Wilson interval as error bars.

    Args:
        value: ``share_of_documents``, ``share_of_stories`` or ``mentions_per_1k_tokens``.
        topics: topic ids (default: thematic topics and groups).
    """
    check_lang(lang)
    if value not in ("share_of_documents", "share_of_stories", "mentions_per_1k_tokens"):
        raise ValueError("value must be 'share_of_documents', 'share_of_stories' or 'mentions_per_1k_tokens'")
    summary = coverage.summary(stories=value == "share_of_stories" or None).set_index("topic").loc[list(topics or main_topics(coverage))]
    summary = summary.sort_values(value, ascending=False, kind="stable")
    ids = list(summary.index)
    percent = value != "mentions_per_1k_tokens"
    bounds = {"share_of_documents": ("share_low", "share_high"), "share_of_stories": ("story_share_low", "story_share_high")}.get(value)
    with house_style():
        fig = Figure(figsize=(8, 0.45 * len(ids) + 1.6))
        ax = fig.add_subplot()
        _horizontal_bars(
            ax, topic_labels(coverage, ids, lang), summary[value].to_numpy(dtype=float), topic_colors(coverage, ids), lang,
            lambda v: number(v, lang, percent=percent), (summary[bounds[0]], summary[bounds[1]]) if bounds else None,
        )  # fmt: skip
        ax.xaxis.set_major_formatter(formatter(lang, percent=percent))
        ax.set_xlabel(_text(value, lang))
        set_title(ax, for_matplotlib(f"{_TEXTS['coverage'][0]}: {_TEXTS[value][0]}") if lang == "fa" else _text("coverage", lang), lang)
    return fig


def regional_bodies_chart(coverage: Coverage, lang: str = "fa", value: str = "mentions", group: str = "regional_bodies") -> Figure:
    """Mentions (or documents) of each member of the regional-bodies group."""
    check_lang(lang)
    if value not in ("mentions", "documents"):
        raise ValueError("value must be 'mentions' or 'documents'")
    members = coverage.lexicon.members(group)
    summary = coverage.summary().set_index("topic").loc[members].sort_values(value, ascending=False, kind="stable")
    ids = list(summary.index)
    with house_style():
        fig = Figure(figsize=(8, 0.45 * len(ids) + 1.6))
        ax = fig.add_subplot()
        _horizontal_bars(
            ax, topic_labels(coverage, ids, lang), summary[value].to_numpy(dtype=float), topic_colors(coverage, ids), lang,
            lambda v: number(v, lang),
        )  # fmt: skip
        ax.xaxis.set_major_formatter(formatter(lang))
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_xlabel(_text("mentions" if value == "mentions" else "documents", lang))
        set_title(ax, _text("bodies", lang), lang)
    return fig


def _heatmap(
    ax: mpl.axes.Axes, matrix: np.ndarray, rows: list, columns: list, lang: str, annotate: bool, counts: bool = False
) -> None:
    """A heatmap of ``matrix`` with its labels (see :func:`heatmap_axes`)."""
    if lang == "fa":  # read columns right to left
        matrix, columns = matrix[:, ::-1], columns[::-1]
    image = ax.imshow(matrix, aspect="auto", cmap="cividis", vmin=0)
    heatmap_axes(ax, rows, columns, lang)
    if annotate:
        top_value = matrix.max() if matrix.size and matrix.max() > 0 else 1
        for (i, j), v in np.ndenumerate(matrix):
            ax.text(j, i, number(v, lang), ha="center", va="center", fontsize=9, color="white" if v < top_value * 0.6 else "black")
    colorbar = ax.figure.colorbar(image, ax=ax, location="left" if lang == "fa" else "right", shrink=0.8)
    colorbar.ax.yaxis.set_major_formatter(formatter(lang))
    if counts:
        colorbar.ax.yaxis.get_major_locator().set_params(integer=True)


def _heatmap_labels(coverage: Coverage, topic_ids: Sequence[str], lang: str, wrap: int | None = None) -> list:
    """Topic labels for a heatmap axis: (Persian, English) pairs in both languages,
    each wrapped to ``wrap`` characters a line when given."""
    if lang != "both":
        return topic_labels(coverage, topic_ids, lang)
    pairs = zip(topic_labels(coverage, topic_ids, "fa"), topic_labels(coverage, topic_ids, "en"), strict=True)
    if wrap is None:
        return list(pairs)
    return [tuple(textwrap.fill(label, wrap) for label in pair) for pair in pairs]


def document_heatmap(coverage: Coverage, value: str = "mentions_per_1k_tokens", lang: str = "fa", max_documents: int = 40) -> Figure:
    """Documents × topics. With more than ``max_documents`` documents, the
    ones with the most mentions are shown (the title says so)."""
    check_lang(lang)
    matrix = coverage.document_matrix(value)[main_topics(coverage)]
    shown = matrix
    if len(matrix) > max_documents:
        shown = matrix.loc[matrix.sum(axis=1).sort_values(ascending=False, kind="stable").index[:max_documents]]
    ids = list(shown.columns)
    with house_style():
        # in both languages the Persian column labels take the top edge as well
        fig = Figure(figsize=(9, max(0.32 * len(shown), 2.0) + (4.0 if lang == "both" else 3.2)))
        ax = fig.add_subplot()
        rows = [for_matplotlib(str(d) if len(str(d)) <= 28 else str(d)[:27] + "…") for d in shown.index]
        columns = _heatmap_labels(coverage, ids, lang, wrap=18)
        _heatmap(ax, shown.to_numpy(dtype=float), rows, columns, lang, annotate=shown.size <= 400)
        title = _text("heatmap", lang)
        if len(shown) < len(matrix):
            count = number(len(shown), lang) + " / " + number(len(matrix), lang)
            title = for_matplotlib(f"{_TEXTS['heatmap'][0] if lang != 'en' else _TEXTS['heatmap'][1]} ({count})")
        set_title(ax, title, lang)
        ax.set_xlabel(_text(value, lang))
    return fig


def cooccurrence_heatmap(coverage: Coverage, level: str = "document", lang: str = "fa") -> Figure:
    """How many documents (or sentences) mention both topics; the diagonal
    is the number mentioning the topic at all."""
    check_lang(lang)
    ids = main_topics(coverage)
    matrix = coverage.cooccurrence(level).loc[ids, ids]
    rows, columns = _heatmap_labels(coverage, ids, lang), _heatmap_labels(coverage, ids, lang, wrap=18)
    with house_style():
        fig = Figure(figsize=(8.5, 7))
        ax = fig.add_subplot()
        _heatmap(ax, matrix.to_numpy(dtype=float), rows, columns, lang, annotate=True, counts=True)
        set_title(ax, _text(f"cooccurrence_{level}", lang), lang)
    return fig


def coverage_over_time(
    coverage: Coverage,
    freq: str = "month",
    calendar: str = "jalali",
    value: str = "share_of_documents",
    lang: str = "fa",
    topics: Sequence[str] | None = None,
    min_documents: int = MIN_DOCUMENTS,
) -> Figure:
    """Coverage per period (normalized by the documents in it), one line per topic.

    Shares are drawn with their 95 % Wilson interval as a band; each
    period's n is printed along the time axis, and periods with fewer than
    ``min_documents`` documents are shaded and their points left
    unconnected and hollow, instead of 0 % / 100 % spikes.
    """
    check_lang(lang)
    series = coverage.timeseries(freq, calendar, value)
    ids = list(topics or [t for t in main_topics(coverage) if t in series.columns])
    percent = value == "share_of_documents"
    with house_style():
        fig = Figure(figsize=(9, 4.8))
        ax = fig.add_subplot()
        set_title(ax, _text("over_time", lang), lang)
        if series.empty:
            ax.text(0.5, 0.5, _text("no_dates", lang), transform=ax.transAxes, ha="center", va="center")
            ax.set_axis_off()
            return fig
        x = np.arange(len(series))
        step = -(-len(x) // 8)  # at most 8 labels: they stay level (rotated labels break a PDF's text layer into pieces)
        sparse = series["n_documents"].to_numpy() < min_documents
        # the intervals from the series already computed (Coverage.share_over_time would count it again)
        bands = share_over_time(series, min_documents, ids).set_index(["topic", "period"]) if percent else None
        for rank, topic_id, label, color in zip(range(len(ids)), ids, topic_labels(coverage, ids, lang), topic_colors(coverage, ids), strict=True):
            values = series[topic_id].to_numpy(dtype=float)
            ax.plot(x, np.where(sparse, np.nan, values), marker="o", markersize=4, label=label, color=color)
            thin = sparse & (series["n_documents"].to_numpy() > 0)  # a period without documents has no point
            ax.plot(x[thin], values[thin], linestyle="none", marker="o", markersize=4, markerfacecolor="white", color=color)
            if bands is not None:
                band = bands.loc[topic_id].reindex(series.index.astype("str"))
                low, high = (np.where(sparse, np.nan, band[c].to_numpy(dtype=float)) for c in ("share_low", "share_high"))
                ax.fill_between(x, low, high, color=color, alpha=0.15, linewidth=0)
                dodge = (rank - (len(ids) - 1) / 2) * 0.04  # the interval also where a period stands alone
                ax.vlines(x + dodge, low, high, color=color, alpha=0.5, linewidth=1.2)
        for position in x[sparse]:
            ax.axvspan(position - 0.5, position + 0.5, color="#999999", alpha=0.12, linewidth=0)
        counts = ax.secondary_xaxis("top")  # each period's n above the plot
        counts.set_xticks(x[::step], [for_matplotlib("n=" + number(n, lang)) for n in series["n_documents"].to_numpy()[::step]])
        counts.tick_params(labelsize=8, length=0, labelcolor="#555555")
        if sparse.any():
            fa, en = _TEXTS["sparse"]
            ax.text(0.99 if lang == "fa" else 0.01, 0.98, for_matplotlib({"fa": fa, "en": en, "both": fa}[lang].format(n=number(min_documents, lang))), transform=ax.transAxes, ha="right" if lang == "fa" else "left", va="top", fontsize=8, color="#555555")
        ticks = [period_label(p, freq, calendar, lang) for p in series.index[::step]]
        ax.set_xticks(x[::step], [for_matplotlib(t) for t in ticks], rotation=0)
        ax.yaxis.set_major_formatter(formatter(lang, percent=percent))
        ax.set_ylim(bottom=0)
        ax.grid(axis="y")
        ax.set_ylabel(_text(value, lang))
        undated = int(series["n_undated"].iloc[0]) if "n_undated" in series.columns else 0
        footnote = "\n" + undated_note(undated, lang) if undated else ""
        ax.set_xlabel(_text(freq, lang) + footnote)  # a footnote under the time axis
        if lang == "fa":
            ax.invert_xaxis()  # time runs right to left in a Persian layout
            ax.yaxis.tick_right()
            ax.yaxis.set_label_position("right")
        ax.legend(loc="upper left" if lang == "fa" else "upper right", ncols=2, fontsize=9)
    return fig


def _text(key: str, lang: str) -> str:
    return say(_TEXTS, key, lang)


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
