"""Comparison charts: sources × topics, topics over time in small multiples, countries × topics, keyness.

Same house style, labels and right-to-left layout as
:mod:`helpers.figures.charts` (Persian digits, labels on the right, time
running right to left, panels read from the top right).

* :func:`source_topic_heatmap` — share of each group's documents mentioning
  each topic (:meth:`Coverage.compare`); «*» marks a share that differs
  from the rest of the corpus after Holm's correction.
* :func:`topic_small_multiples` — one panel per topic, shared axes, the
  share per period with its 95 % band, each period's n, sparse periods
  shaded and hollow.
* :func:`country_topic_heatmap` — for each topic, the share of its documents
  that also mention each country (:meth:`Coverage.country_topics`).
* :func:`keyness_chart` — the key items of each side by log ratio.

>>> from helpers import load_corpus
>>> from helpers.topics.coverage import measure_coverage
>>> fig = topic_small_multiples(measure_coverage(load_corpus(cache=False)), lang="en")
>>> len([ax for ax in fig.axes if ax.get_visible()]) >= 8
True
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from helpers.figures.style import check_lang, heatmap_axes, house_style, number, say, topic_labels, undated_note
from helpers.figures.text import for_matplotlib, to_persian_digits
from helpers.topics.coverage import Coverage
from helpers.topics.intervals import MIN_DOCUMENTS

__all__ = ["country_topic_heatmap", "keyness_chart", "source_topic_heatmap", "topic_small_multiples"]

_TITLES = {
    "source": ("سهم اسناد هر منبع از هر موضوع", "Share of each source's documents by topic"),
    "month": ("سهم اسناد هر ماه از هر موضوع", "Share of each month's documents by topic"),
    "group": ("سهم اسناد هر گروه از هر موضوع", "Share of each group's documents by topic"),
    "significant": ("*: تفاوت معنادار با بقیه (هولم، ۵٪)", "*: differs from the rest (Holm, 5%)"),
    "over_time": ("پوشش هر موضوع در گذر زمان (با بازه اطمینان ۹۵٪)", "Each topic over time (with 95% intervals)"),
    "countries": ("کشورهای هم‌آمده با هر موضوع (سهم اسناد موضوع)", "Countries mentioned with each topic (share of the topic's documents)"),
    "keyness": ("واژه‌های شاخص: {a} در برابر {b}", "Key items: {a} against {b}"),
    "log_ratio": ("نسبت لگاریتمی (log2)", "Log ratio (log2)"),
    "no_dates": ("هیچ سندی تاریخ ندارد", "No document has a date"),
    "nothing": ("داده‌ای برای نمایش نیست", "Nothing to show"),
}


def _share(value: float, lang: str) -> str:
    return number(value, lang, percent=True)


def _grid(ax: mpl.axes.Axes, matrix: np.ndarray, rows: list[str], columns: list[str], cells: list[list[str]], lang: str) -> None:
    """A share heatmap (0–100 %), columns right to left in Persian, text in each cell."""
    if lang == "fa":
        matrix, columns, cells = matrix[:, ::-1], columns[::-1], [row[::-1] for row in cells]
    image = ax.imshow(matrix, aspect="auto", cmap="cividis", vmin=0, vmax=1)
    heatmap_axes(ax, rows, columns, lang)
    for (i, j), value in np.ndenumerate(matrix):
        ax.text(j, i, cells[i][j], ha="center", va="center", fontsize=8, color="white" if not value >= 0.6 else "black")
    bar = ax.figure.colorbar(image, ax=ax, location="left" if lang == "fa" else "right", shrink=0.8)
    bar.ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: _share(v, lang)))


def source_topic_heatmap(
    coverage: Coverage, by: str = "source", lang: str = "fa", topics: Sequence[str] | None = None,
    calendar: str = "jalali", max_groups: int = 15,
) -> Figure:  # fmt: skip
    """Groups (sources, months, a column) × topics: the share of each group's documents.

    The ``max_groups`` largest groups are shown; «*» marks a significant
    difference from the rest (:meth:`Coverage.compare`).
    """
    check_lang(lang)
    ids = list(topics or [t.id for t in coverage.lexicon.topics if t.group is None])
    table = coverage.compare(by=by, topics=ids, calendar=calendar)
    groups = list(dict.fromkeys(table["group"]))[:max_groups]
    if by == "month":
        groups = sorted(groups)
    shares = table.pivot(index="group", columns="topic", values="share").loc[groups, ids]
    marks = table.pivot(index="group", columns="topic", values="significant").loc[groups, ids]
    sizes = table.drop_duplicates("group").set_index("group")["n_documents"]
    cells = [[_share(shares.iloc[i, j], lang) + ("*" if marks.iloc[i, j] else "") for j in range(len(ids))] for i in range(len(groups))]
    number = (lambda n: to_persian_digits(str(n))) if lang == "fa" else str
    rows = [for_matplotlib(f"{g} (n={number(int(sizes[g]))})") for g in groups]
    with house_style():
        fig = Figure(figsize=(9.5, 0.42 * len(groups) + 3.4))
        ax = fig.add_subplot()
        _grid(ax, shares.to_numpy(dtype=float), rows, [topic_labels(coverage, [t], lang)[0] for t in ids], cells, lang)
        ax.set_title(say(_TITLES, by if by in ("source", "month") else "group", lang), loc="right" if lang == "fa" else "left")
        # the note on the side the title leaves free
        ax.text(0.0 if lang == "fa" else 1.0, 1.02, say(_TITLES, "significant", lang), transform=ax.transAxes, ha="left" if lang == "fa" else "right", va="bottom", fontsize=8, color="#555555")
    return fig


def topic_small_multiples(
    coverage: Coverage, freq: str = "month", calendar: str = "jalali", lang: str = "fa",
    topics: Sequence[str] | None = None, min_documents: int = MIN_DOCUMENTS, columns: int = 3,
) -> Figure:  # fmt: skip
    """One panel per topic: share of documents per period, its 95 % band, shared axes."""
    check_lang(lang)
    ids = list(topics or [t.id for t in coverage.lexicon.topics if t.group is None])
    table = coverage.share_over_time(freq, calendar, min_documents, ids)
    periods = list(dict.fromkeys(table["period"]))
    rows = max(1, -(-len(ids) // columns))
    with house_style():
        fig = Figure(figsize=(3.3 * columns, 2.5 * rows + 1.2), layout="constrained")
        axes = fig.subplots(rows, columns, sharex=True, sharey=True, squeeze=False)
        fig.suptitle(say(_TITLES, "over_time", lang), x=0.99 if lang == "fa" else 0.01, ha="right" if lang == "fa" else "left")
        if not periods:
            for ax in axes.flat:
                ax.set_visible(False)
            axes.flat[0].set_visible(True)
            axes.flat[0].set_axis_off()
            axes.flat[0].text(0.5, 0.5, say(_TITLES, "no_dates", lang), transform=axes.flat[0].transAxes, ha="center")
            return fig
        x = np.arange(len(periods))
        for index, ax in enumerate(axes.flat):
            # Persian pages are read from the right: the first topic in the top-right panel
            slot = index // columns * columns + (columns - 1 - index % columns) if lang == "fa" else index
            if slot >= len(ids):
                ax.set_visible(False)
                continue
            topic = ids[slot]
            part = table[table["topic"] == topic].set_index("period").loc[periods]
            share = part["share"].to_numpy(dtype=float)
            sparse = part["sparse"].to_numpy()
            color = coverage.lexicon.topic(topic).color
            ax.fill_between(x, np.where(sparse, np.nan, part["share_low"]), np.where(sparse, np.nan, part["share_high"]), color=color, alpha=0.2, linewidth=0)
            ax.plot(x, np.where(sparse, np.nan, share), color=color, marker="o", markersize=3)
            ax.plot(x[sparse], share[sparse], linestyle="none", marker="o", markersize=3, markerfacecolor="white", color=color)
            for position in x[sparse]:
                ax.axvspan(position - 0.5, position + 0.5, color="#999999", alpha=0.12, linewidth=0)
            ax.set_title(topic_labels(coverage, [topic], lang)[0], loc="right" if lang == "fa" else "left", fontsize=10)
            ax.set_ylim(0, 1)
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: _share(v, lang)))
            ax.grid(axis="y")
        step = max(1, len(periods) // 6)
        labels = [_period(p, part_n, lang) for p, part_n in zip(periods, table.drop_duplicates("period")["n_documents"], strict=True)]
        for column in range(columns):  # period labels under the lowest panel of each column
            lowest = [ax for ax in axes[:, column] if ax.get_visible()][-1:]
            for ax in lowest:
                ax.set_xticks(x[::step], labels[::step], fontsize=7, rotation=0 if len(labels[::step]) <= 4 else 45)
                ax.tick_params(labelbottom=True)
        undated = int(table.attrs.get("undated", 0))
        if undated:  # the documents left out, as under the single time chart
            fig.supxlabel(undated_note(undated, lang), fontsize=8, color="#555555")
        if lang == "fa":
            axes.flat[0].invert_xaxis()  # shared: time runs right to left in every panel
            for ax in axes.flat:
                ax.yaxis.tick_right()
            for row in axes:  # percentages on the right edge only
                for column, ax in enumerate(row):
                    ax.tick_params(labelright=column == columns - 1, labelleft=False)
    return fig


def _period(period: str, n: int, lang: str) -> str:
    """The tick label: the period, and its n on the line below."""
    if lang == "fa":
        return for_matplotlib(f"{to_persian_digits(period)}\nn={to_persian_digits(str(n))}")
    return f"{period}\nn={n}"


def country_topic_heatmap(
    coverage: Coverage, lang: str = "fa", topics: Sequence[str] | None = None, countries: int = 10, include_home: bool = False
) -> Figure:
    """Topics × the ``countries`` most co-mentioned countries: the share of the
    topic's documents that also mention the country."""
    check_lang(lang)
    ids = list(topics or [t.id for t in coverage.lexicon.topics if t.group is None])
    table = coverage.country_topics(ids, include_home=include_home)
    top = table.groupby("country")["documents"].sum().sort_values(ascending=False, kind="stable").index[:countries].tolist()
    with house_style():
        fig = Figure(figsize=(9.5, 0.45 * len(ids) + 3.2))
        ax = fig.add_subplot()
        ax.set_title(say(_TITLES, "countries", lang), loc="right" if lang == "fa" else "left")
        if not top:
            ax.set_axis_off()
            ax.text(0.5, 0.5, say(_TITLES, "nothing", lang), transform=ax.transAxes, ha="center")
            return fig
        shares = table.pivot(index="topic", columns="country", values="share_of_topic_documents").reindex(index=ids, columns=top)
        shares = shares.fillna(0.0)
        names = table.drop_duplicates("country").set_index("country")["country_fa" if lang == "fa" else "country_en"]
        cells = [[_share(v, lang) if v > 0 else "" for v in row] for row in shares.to_numpy()]
        _grid(ax, shares.to_numpy(dtype=float), [topic_labels(coverage, [t], lang)[0] for t in ids], [for_matplotlib(names[c]) for c in top], cells, lang)
    return fig


def keyness_chart(table: pd.DataFrame, label_a: str, label_b: str, n: int = 12, lang: str = "fa") -> Figure:
    """The ``n`` key items of each side (:meth:`Coverage.keyness`), as log-ratio bars."""
    check_lang(lang)
    side_a = table[table["key_for"] == "a"].head(n)
    side_b = table[table["key_for"] == "b"].sort_values("g2", kind="stable").head(n)
    shown = pd.concat([side_a, side_b.iloc[::-1]], ignore_index=True)
    with house_style():
        fig = Figure(figsize=(8, 0.3 * max(len(shown), 1) + 1.8))
        ax = fig.add_subplot()
        ax.set_title(say(_TITLES, "keyness", lang, a=label_a, b=label_b), loc="right" if lang == "fa" else "left")
        if shown.empty:
            ax.set_axis_off()
            return fig
        positions = np.arange(len(shown))[::-1]
        ratios = shown["log_ratio"].to_numpy(dtype=float)
        ax.barh(positions, ratios, color=np.where(ratios >= 0, "#0072B2", "#D55E00"), height=0.7)
        term = {"fa": "واژه‌نامه", "en": "lexicon", "both": "واژه‌نامه"}[lang]  # a lexicon term, not a single word
        ax.set_yticks(positions, [for_matplotlib(f"{i} ({term})" if k == "term" else i) for i, k in zip(shown["item"], shown["kind"], strict=True)])
        ax.axvline(0, color="#333333", linewidth=0.8)
        ax.set_xlabel(say(_TITLES, "log_ratio", lang))
        if lang == "fa":
            ax.invert_xaxis()
            ax.yaxis.tick_right()
            ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: for_matplotlib(to_persian_digits(f"{v:g}").replace("-", "−"))))
    return fig
