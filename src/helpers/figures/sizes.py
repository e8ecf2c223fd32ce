"""Where a figure goes: size presets for a report column, a page, a slide.

One mechanism for every chart, applied when a figure is saved
(``save_figure(fig, name, size="column")``), so no chart takes a size
argument: the figure is set to the preset's width (and the slide's 16:9
height), every text, line and tick is scaled to the preset's type size, and
constrained layout fits the plot into what is left. A column or page figure
keeps the chart's own proportions at that type size (capped at a printable
height). The figure is restored afterwards, so the notebook still shows it
as drawn.

>>> preset("column").width_cm, preset("page").width_cm, round(preset("slide").width_cm / preset("slide").height_cm, 3)
(8.5, 17.0, 1.778)
"""

from __future__ import annotations

import textwrap
import unicodedata
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

__all__ = ["SIZES", "SizePreset", "fitted", "preset"]

CM = 1 / 2.54


@dataclass(frozen=True)
class SizePreset:
    """A destination: width, height (``None``: the chart's own proportions), type size, PNG resolution."""

    name: str
    width_cm: float
    height_cm: float | None
    font_pt: float
    dpi: int
    max_height_cm: float


SIZES = {
    # one column of a two-column report or journal page
    "column": SizePreset("column", 8.5, None, 7.0, 300, 22.0),
    # the full text width of an A4/Letter page
    "page": SizePreset("page", 17.0, None, 9.0, 300, 23.0),
    # a 16:9 slide (13.33 × 7.5 in): 1920 × 1080 pixels at its 144 dpi
    "slide": SizePreset("slide", 33.867, 19.05, 18.0, 144, 19.05),
}

#: Line spacing of a label put on several lines: Noto Sans Arabic's own line height is
#: about twice its size (room for marks), too loose between the lines of one label.
_WRAPPED_LINE_SPACING = 0.8
#: The house style's body size (``font.size`` in house.mplstyle): presets scale text relative to it.
HOUSE_FONT_PT = 11.0


def preset(size: str) -> SizePreset:
    """The preset called ``size`` (``column``, ``page``, ``slide``)."""
    if size not in SIZES:
        raise ValueError(f"size must be one of {', '.join(SIZES)}, not {size!r}")
    return SIZES[size]


def _direction(word: str) -> str:
    for ch in word:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return ""


def _lines(text: str, chars: int) -> str:
    """``text`` on lines of at most ``chars`` characters; a mixed label such as «انرژی (Energy)»
    first splits where the language changes, so each line reads in one direction."""
    runs: list[list[str]] = []
    for word in text.split():
        kind = _direction(word)
        if runs and kind and kind != _direction(" ".join(runs[-1])):
            runs.append([word])
        elif runs:
            runs[-1].append(word)
        else:
            runs.append([word])
    lines: list[str] = []
    for run in runs:
        lines += textwrap.wrap(" ".join(run), chars, break_long_words=False) or [" ".join(run)]
    return "\n".join(lines)


def _wrap_texts(texts: list, renderer: object, limit: float) -> list[Callable[[], None]]:
    """Texts wider than ``limit`` pixels on more lines; the undo steps."""
    undo: list[Callable[[], None]] = []
    for text in texts:
        extent = text.get_window_extent(renderer).width
        original = text.get_text()
        if extent > limit and "\n" not in original:
            spacing = text.get_linespacing()
            text.set_text(_lines(original, max(10, int(len(original) * limit / extent))))
            text.set_linespacing(_WRAPPED_LINE_SPACING)
            undo.append(lambda t=text, o=original, s=spacing: (t.set_text(o), t.set_linespacing(s)))
    return undo


def _unwrap_crowded_columns(fig: object, renderer: object) -> list[Callable[[], None]]:
    """Vertical column labels on two lines where the columns are too narrow for two: one line each."""
    from matplotlib.ticker import FixedLocator

    undo: list[Callable[[], None]] = []
    for ax in _axes(fig):
        axis = ax.xaxis
        ticks = [t for t in axis.get_majorticklabels() if "\n" in t.get_text() and t.get_rotation() == 90]
        locations = axis.get_majorticklocs()
        if not ticks or len(locations) < 2 or not isinstance(axis.get_major_locator(), FixedLocator):
            continue
        pitch = abs(ax.transData.transform((locations[1], 0))[0] - ax.transData.transform((locations[0], 0))[0])
        if max(t.get_window_extent(renderer).width for t in ticks) <= 0.9 * pitch:
            continue
        locator, formatter = axis.get_major_locator(), axis.get_major_formatter()
        axis.set_ticks(locations, [" ".join(t.get_text().split("\n")) for t in axis.get_majorticklabels()], rotation=90)
        undo.append(lambda axis=axis, loc=locator, fmt=formatter: (axis.set_major_locator(loc), axis.set_major_formatter(fmt)))
    return undo


def _wrap_wide_labels(fig: object) -> list[Callable[[], None]]:
    """Put labels that leave the plot no room on more lines: category labels wider than
    40 % of the figure (shared between both sides when both carry labels), and titles or
    other texts wider than half of it. A long both-language label in a column needs it."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text
    from matplotlib.ticker import FixedLocator

    renderer = FigureCanvasAgg(fig).get_renderer()
    with warnings.catch_warnings():
        # a trial layout: it may collapse before the labels are wrapped, which is what this fixes
        warnings.filterwarnings("ignore", "constrained_layout not applied")
        fig.draw_without_rendering()
    width = fig.get_size_inches()[0] * fig.dpi
    undo: list[Callable[[], None]] = []
    category_axes = [ax.yaxis for ax in _axes(fig) if isinstance(ax.yaxis.get_major_locator(), FixedLocator)]
    labelled = [axis for axis in category_axes if any(t.get_text() for t in axis.get_majorticklabels())]
    tick_texts: set[int] = set()
    for axis in labelled:
        ticks = [t for t in axis.get_majorticklabels() if t.get_text()]
        tick_texts |= {id(t) for t in axis.get_majorticklabels()}
        limit = 0.45 * width if len(labelled) == 1 else 0.25 * width
        widest = max(t.get_window_extent(renderer).width for t in ticks)
        if widest <= limit:
            continue
        chars = max(10, int(max(len(t.get_text()) for t in ticks) * limit / widest))
        locator, formatter = axis.get_major_locator(), axis.get_major_formatter()
        labels = [_lines(t.get_text(), chars) for t in axis.get_majorticklabels()]
        axis.set_ticks(axis.get_majorticklocs(), labels, linespacing=_WRAPPED_LINE_SPACING)
        undo.append(lambda axis=axis, loc=locator, fmt=formatter: (axis.set_major_locator(loc), axis.set_major_formatter(fmt)))
    legends = [legend for legend in [ax.get_legend() for ax in _axes(fig)] + list(fig.legends) if legend is not None]
    for legend in legends:
        if legend.get_window_extent(renderer).width <= 0.85 * width:
            continue
        columns = len({round(t.get_window_extent(renderer).x0) for t in legend.get_texts()}) or 1
        # each entry's text gets its share of the width, less its line or marker handle
        undo += _wrap_texts(legend.get_texts(), renderer, 0.85 * width / columns * 0.7)
    legend_texts = {id(t) for legend in legends for t in legend.get_texts()}
    others = fig.findobj(lambda a: isinstance(a, Text) and id(a) not in tick_texts | legend_texts and a.get_text().strip())
    undo += _wrap_texts(others, renderer, 0.5 * width)
    undo += _unwrap_crowded_columns(fig, renderer)
    return undo


def _axes(fig: object) -> list:
    found = []
    for ax in fig.axes:
        found += [ax, *ax.child_axes]
    return found


@contextmanager
def fitted(fig: object, size: str | None) -> Iterator[SizePreset | None]:
    """``fig`` resized and rescaled for ``size`` while the block runs; restored after."""
    if size is None:
        yield None
        return
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.text import Text

    target = preset(size)
    scale = target.font_pt / HOUSE_FONT_PT
    width, height = fig.get_size_inches()
    fig.draw_without_rendering()  # creates the ticks, so their sizes can be read
    undo: list[Callable[[], None]] = []
    ticks: set[int] = set()
    for ax in _axes(fig):
        for axis_name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
            for which, tick_list in (("major", axis.get_major_ticks()), ("minor", axis.get_minor_ticks())):
                if not tick_list:
                    continue
                first = tick_list[0]
                old = {
                    "labelsize": first.label1.get_fontsize(),
                    "length": first.tick1line.get_markersize(),
                    "width": first.tick1line.get_markeredgewidth(),
                    "grid_linewidth": first.gridline.get_linewidth(),
                }
                ax.tick_params(axis=axis_name, which=which, **{k: v * scale for k, v in old.items()})
                undo.append(lambda ax=ax, a=axis_name, w=which, old=old: ax.tick_params(axis=a, which=w, **old))
                for tick in tick_list:
                    ticks |= {id(tick.label1), id(tick.label2), id(tick.tick1line), id(tick.tick2line), id(tick.gridline)}
    for artist in fig.findobj(lambda a: isinstance(a, (Text, Line2D, Patch)) and id(a) not in ticks):
        if isinstance(artist, Text):
            old_size = artist.get_fontsize()
            artist.set_fontsize(old_size * scale)
            undo.append(lambda a=artist, s=old_size: a.set_fontsize(s))
        elif isinstance(artist, Line2D):
            old_line = (artist.get_linewidth(), artist.get_markersize(), artist.get_markeredgewidth())
            artist.set_linewidth(old_line[0] * scale)
            artist.set_markersize(old_line[1] * scale)
            artist.set_markeredgewidth(old_line[2] * scale)
            undo.append(lambda a=artist, o=old_line: (a.set_linewidth(o[0]), a.set_markersize(o[1]), a.set_markeredgewidth(o[2])))
        elif artist.get_linewidth():
            old_width = artist.get_linewidth()
            artist.set_linewidth(old_width * scale)
            undo.append(lambda a=artist, w=old_width: a.set_linewidth(w))
    new_width = target.width_cm * CM
    if target.height_cm is not None:
        new_height = target.height_cm * CM
    else:
        new_height = min(height * scale, target.max_height_cm * CM)
    fig.set_size_inches(new_width, new_height)
    undo += _wrap_wide_labels(fig)
    _settle(fig)
    try:
        yield target
    finally:
        fig.set_size_inches(width, height)
        for step in reversed(undo):
            step()
        _settle(fig)


def _settle(fig: object) -> None:
    """Lay the figure out until constrained layout has converged (a legend placed inside the
    axes moves with them, so one pass after a resize is not yet the final layout)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "constrained_layout not applied")
        fig.draw_without_rendering()
    fig.draw_without_rendering()
