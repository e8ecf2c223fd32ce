"""Exported files fit for publication, checked by reading the files back.

- PDF: `pdftotext` (poppler) gives every label's letters in logical order,
  and the page looks the same as matplotlib's own PDF writer draws it;
  matplotlib's writer alone fails the same text check (so the check can fail).
- SVG: paths by default; with ``svg_text`` every label is a ``<text>`` holding
  the logical string in its bidi isolate, with a font fallback list, and
  rsvg-convert draws it.
- Size presets: exact widths (and the slide's 16:9), scaled type, the figure
  restored afterwards; ``dpi``.
- The both-language heatmaps: labels take less room than the plot.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import unicodedata

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
from conftest import SEEDS  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from PIL import Image  # noqa: E402

from helpers import load_corpus  # noqa: E402
from helpers.figures import charts  # noqa: E402
from helpers.figures.export import save_figure  # noqa: E402
from helpers.figures.pdf import logical_text_layer  # noqa: E402
from helpers.figures.sizes import SIZES  # noqa: E402
from helpers.figures.svg import FONT_FALLBACKS, isolate  # noqa: E402
from helpers.figures.text import needs_shaping  # noqa: E402
from helpers.topics.coverage import measure_coverage  # noqa: E402

PDFTOTEXT = shutil.which("pdftotext")
PDFTOPPM = shutil.which("pdftoppm")
RSVG = shutil.which("rsvg-convert")
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
PRESENTATION_FORMS = re.compile(r"[\ufb50-\ufdff\ufe70-\ufeff]")
needs_poppler = pytest.mark.skipif(not (PDFTOTEXT and PDFTOPPM), reason="poppler-utils (pdftotext, pdftoppm) not installed")
needs_311 = pytest.mark.skipif(needs_shaping(), reason="matplotlib < 3.11 writes presentation forms; checked by the legacy test")


@pytest.fixture(scope="module")
def coverage():
    return measure_coverage(load_corpus(SEEDS, cache=False), cache=False)


def _svg_labels(svg: str) -> list[str]:
    return [html.unescape(text) for text in re.findall(r"<text\b[^>]*>([^<]*)</text>", svg)]


def _pdf_lines(path) -> list[str]:
    out = subprocess.run([PDFTOTEXT, str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(line.translate(BIDI_CONTROLS).split()) for line in out.splitlines() if line.strip()]


def _word_class(word: str) -> str:
    for ch in word:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "number"


def _runs(label: str) -> list[str]:
    """The label's runs of words of one direction. Extractors order mixed-direction runs
    and place neutral punctuation (: ( )) by their own heuristics; the letters of each
    run must come out whole and in logical order."""
    runs: list[str] = []
    for piece in re.split(r"[():]+", label.translate(BIDI_CONTROLS)):
        words = piece.split()
        group: list[str] = []
        for word in words:
            if group and _word_class(word) != _word_class(group[-1]):
                runs.append(" ".join(group))
                group = []
            group.append(word)
        if group:
            runs.append(" ".join(group))
    return runs


def _missing_from_pdf(labels: list[str], lines: list[str]) -> list[str]:
    missing = []
    for label in labels:
        runs = _runs(label)
        if not runs:
            continue
        # a neighbouring label may touch it on the line (a bar's value «0» beside its name)
        found = any(all(re.search(rf"(^|[ ():\d٪%]){re.escape(run)}([ ():\d٪%]|$)", line) for run in runs) for line in lines)
        if not found:
            missing.append(label)
    return missing


@needs_poppler
@needs_311
@pytest.mark.parametrize("lang", ["fa", "en", "both"])
def test_pdf_text_layer_extracts_every_label_in_logical_order(coverage, tmp_path, lang):
    checked = 0
    for name, fig in charts.standard_figures(coverage, lang).items():
        svg, pdf = save_figure(fig, name, ["svg", "pdf"], tmp_path, svg_text=True)
        labels = _svg_labels(svg.read_text(encoding="utf-8"))
        assert labels, name
        assert _missing_from_pdf(labels, _pdf_lines(pdf)) == [], name
        checked += len(labels)
    assert checked > 60


@needs_poppler
@needs_311
def test_pure_persian_labels_extract_exactly(coverage, tmp_path):
    fig = charts.coverage_bars(coverage, "share_of_documents", "fa")
    svg, pdf = save_figure(fig, "bars", ["svg", "pdf"], tmp_path, svg_text=True)
    lines = _pdf_lines(pdf)
    persian = [t.translate(BIDI_CONTROLS) for t in _svg_labels(svg.read_text(encoding="utf-8")) if ":" not in t]
    assert "انرژی" in persian and "حمل\u200cونقل و ترانزیت" in persian  # ZWNJ kept, not a space
    assert [label for label in persian if label not in lines] == []


@needs_poppler
@needs_311
def test_matplotlibs_own_pdf_writer_fails_the_same_check(coverage, tmp_path):
    """Without the logical text layer the check fails: it can tell a garbled layer."""
    fig = charts.coverage_bars(coverage, "share_of_documents", "fa")
    svg = save_figure(fig, "bars", ["svg"], tmp_path, svg_text=True)[0]
    with matplotlib.rc_context({"pdf.fonttype": 42}):
        fig.savefig(tmp_path / "plain.pdf", format="pdf", bbox_inches="tight")
    missing = _missing_from_pdf(_svg_labels(svg.read_text(encoding="utf-8")), _pdf_lines(tmp_path / "plain.pdf"))
    assert "سهم اسناد" in missing or any("اسناد" in label for label in missing)


def _pdf_pixels(path, folder, stem):
    """The page at 100 dpi, blurred: rasterizers anti-alias glyphs and paths differently; a misplaced glyph survives the blur."""
    from PIL import ImageFilter

    subprocess.run([PDFTOPPM, "-r", "100", "-png", "-singlefile", str(path), str(folder / stem)], check=True)
    return np.asarray(Image.open(folder / f"{stem}.png").convert("L").filter(ImageFilter.GaussianBlur(2)), dtype=float)


@needs_poppler
@needs_311
@pytest.mark.parametrize(("chart", "lang"), [("bars", "fa"), ("bars", "both"), ("cooccurrence", "fa"), ("bodies", "en")])
def test_pdf_page_looks_as_matplotlib_lays_it_out(coverage, tmp_path, chart, lang):
    """Letters as text and dots as outlines, each glyph where matplotlib's layout puts it:
    the page matches the same figure with every label drawn as outlines (path effects)."""
    from matplotlib import patheffects

    make = {"bars": charts.coverage_bars, "cooccurrence": charts.cooccurrence_heatmap, "bodies": charts.regional_bodies_chart}[chart]
    fig = make(coverage, lang=lang)
    ours = save_figure(fig, "ours", ["pdf"], tmp_path)[0]
    fig.draw_without_rendering()
    for text in fig.findobj(Text):
        text.set_path_effects([patheffects.Normal()])  # drawn through the path renderer, no fonts
    with matplotlib.rc_context({"pdf.fonttype": 42}):
        fig.savefig(tmp_path / "outlines.pdf", format="pdf", bbox_inches="tight")
    a, b = _pdf_pixels(ours, tmp_path, "ours"), _pdf_pixels(tmp_path / "outlines.pdf", tmp_path, "outlines")
    assert a.shape == b.shape
    difference = np.abs(a - b)
    assert difference.mean() < 1.0 and (difference > 48).sum() == 0, (difference.mean(), difference.max())


@needs_311
def test_logical_text_layer_is_undone_after_saving():
    from matplotlib.backends import backend_pdf

    original = backend_pdf.RendererPdf
    with logical_text_layer():
        assert backend_pdf.RendererPdf is not original
    assert backend_pdf.RendererPdf is original


def test_svg_text_is_paths_by_default(coverage, tmp_path):
    svg = save_figure(charts.coverage_bars(coverage, lang="fa"), "bars", ["svg"], tmp_path)[0].read_text(encoding="utf-8")
    assert "<text" not in svg and "<path" in svg


@needs_311
@pytest.mark.parametrize("lang", ["fa", "en", "both"])
def test_editable_svg_text(coverage, tmp_path, lang):
    fig = charts.coverage_bars(coverage, "share_of_documents", lang)
    shown = {t.get_text() for t in fig.findobj(Text) if t.get_text().strip()}
    svg = save_figure(fig, "bars", ["svg"], tmp_path, svg_text=True)[0].read_text(encoding="utf-8")
    import xml.etree.ElementTree as ET

    ET.fromstring(svg)  # well-formed
    labels = _svg_labels(svg)
    assert {label.translate(BIDI_CONTROLS) for label in labels} >= {t for t in shown if t in svg or isolate(t) in svg}
    titles = [label.translate(BIDI_CONTROLS) for label in labels]
    assert fig.axes[0].get_title(loc="right" if lang == "fa" else "left") in titles
    for label in labels:
        bare = label.translate(BIDI_CONTROLS)
        first_strong = next((unicodedata.bidirectional(c) for c in bare if unicodedata.bidirectional(c) in ("L", "R", "AL")), None)
        if first_strong in ("R", "AL"):
            assert label.startswith("\u2067") and label.endswith("\u2069"), label
        elif first_strong == "L" and re.search(r"[\u0600-\u06ff]", bare):
            assert label.startswith("\u2066") and label.endswith("\u2069"), label
        else:
            assert label == bare, label
    assert not PRESENTATION_FORMS.search(svg)
    families = re.findall(r"font-family: ([^;\"]*)", svg)
    assert families and all(f.startswith("'Noto Sans Arabic'") and all(name in f for name in FONT_FALLBACKS) for f in families)


@needs_311
def test_editable_svg_is_reproducible(coverage, tmp_path):
    fig = charts.cooccurrence_heatmap(coverage, lang="both")
    first = save_figure(fig, "a", ["svg"], tmp_path, svg_text=True)[0].read_bytes()
    again = charts.cooccurrence_heatmap(coverage, lang="both")  # a re-run of the notebook
    second = save_figure(again, "b", ["svg"], tmp_path, svg_text=True)[0].read_bytes()
    assert first == second


@needs_311
@pytest.mark.skipif(not RSVG, reason="rsvg-convert (librsvg2-bin) not installed")
def test_rsvg_draws_the_editable_svg(coverage, tmp_path):
    svg = save_figure(charts.coverage_bars(coverage, lang="both"), "bars", ["svg"], tmp_path, svg_text=True)[0]
    png = tmp_path / "bars.png"
    subprocess.run([RSVG, "-o", str(png), str(svg)], check=True, capture_output=True)
    pixels = np.asarray(Image.open(png).convert("L"))
    assert pixels.shape[1] > 500 and (pixels < 128).mean() > 0.01  # labels and bars were drawn


@pytest.mark.parametrize(
    ("size", "width_px", "height_px"),
    [("column", 1004, None), ("page", 2008, None), ("slide", 1920, 1080)],
)
def test_size_presets_give_exact_widths(coverage, tmp_path, size, width_px, height_px):
    fig = charts.coverage_bars(coverage, lang="fa")
    before = (tuple(fig.get_size_inches()), [t.get_fontsize() for t in fig.findobj(Text)])
    png, pdf = save_figure(fig, "bars", ["png", "pdf"], tmp_path, size=size)
    with Image.open(png) as image:
        width, height = image.size
    assert abs(width - width_px) <= 1
    if height_px:
        assert abs(height - height_px) <= 1
    else:
        assert height < 23 / 2.54 * SIZES[size].dpi + 1
    if PDFTOTEXT:
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        points = float(re.search(r"Page size:\s+([\d.]+)", info).group(1))
        assert abs(points - SIZES[size].width_cm / 2.54 * 72) < 0.5
    # the figure the notebook shows is unchanged
    assert (tuple(fig.get_size_inches()), [t.get_fontsize() for t in fig.findobj(Text)]) == before


def test_size_preset_scales_the_type(coverage, tmp_path):
    if needs_shaping():
        pytest.skip("reads font sizes from editable SVG text")
    fig = charts.coverage_bars(coverage, lang="en")
    sizes = {}
    for size in ("column", "slide"):
        svg = save_figure(fig, size, ["svg"], tmp_path, size=size, svg_text=True)[0].read_text(encoding="utf-8")
        sizes[size] = max(float(s) for s in re.findall(r"font-size: ([\d.]+)px", svg))
    # the title: 14 pt in the house style, scaled to 7 / 11 and 18 / 11 of it
    assert sizes["column"] == pytest.approx(14 * 7 / 11, abs=0.1)
    assert sizes["slide"] == pytest.approx(14 * 18 / 11, abs=0.1)


def test_dpi(coverage, tmp_path):
    fig = charts.coverage_bars(coverage, lang="en")
    [png] = save_figure(fig, "bars", ["png"], tmp_path, size="column", dpi=600)
    with Image.open(png) as image:
        assert abs(image.size[0] - round(8.5 / 2.54 * 600)) <= 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"size": "poster"}, "size must be one of column, page, slide"),
        ({"dpi": 0}, "dpi must be a whole number"),
        ({"dpi": 72.5}, "dpi must be a whole number"),
        ({"formats": ["gif"]}, "unsupported format 'gif'"),
    ],
)
def test_bad_export_options(coverage, tmp_path, kwargs, message):
    with pytest.raises(ValueError, match=message):
        save_figure(charts.coverage_bars(coverage, lang="en"), "bars", folder=tmp_path, **kwargs)


@pytest.mark.parametrize("chart", ["document", "cooccurrence"])
def test_both_language_heatmap_labels_take_less_room_than_the_plot(coverage, chart):
    fig = charts.document_heatmap(coverage, lang="both") if chart == "document" else charts.cooccurrence_heatmap(coverage, lang="both")
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    ax = fig.axes[0]
    plot = ax.get_window_extent(renderer)
    below = [t.get_window_extent(renderer) for t in ax.get_xticklabels() if t.get_text()]
    above = [t.get_window_extent(renderer) for child in ax.child_axes for t in child.get_xticklabels() if t.get_text()]
    assert below and above, "English labels below, Persian above"
    bands = max(b.height for b in below) + max(b.height for b in above)
    assert bands < plot.height
    assert all(b.y1 <= plot.y0 + 1 for b in below) and all(b.y0 >= plot.y1 - 1 for b in above)
    # one language per label: Persian above, English below
    assert all(re.search(r"[\u0600-\u06ff]", t.get_text()) for child in ax.child_axes for t in child.get_xticklabels() if t.get_text())
    assert not any(re.search(r"[\u0600-\u06ff]", t.get_text()) for t in ax.get_xticklabels())
