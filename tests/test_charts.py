"""Report charts: Persian layout, labels from the lexicon, the figures command."""

from __future__ import annotations

import subprocess
import sys

import matplotlib
import pytest

matplotlib.use("Agg")
from conftest import SEEDS  # noqa: E402

from helpers import load_corpus  # noqa: E402
from helpers.figures.charts import (  # noqa: E402
    cooccurrence_heatmap,
    coverage_bars,
    coverage_over_time,
    document_heatmap,
    regional_bodies_chart,
    standard_figures,
)
from helpers.figures.kwic import kwic_table  # noqa: E402
from helpers.topics.coverage import measure_coverage  # noqa: E402
from helpers.figures.text import for_matplotlib  # noqa: E402


@pytest.fixture(scope="module")
def coverage():
    return measure_coverage(load_corpus(SEEDS, cache=False))


def _labels(texts):
    return [t.get_text() for t in texts]


@pytest.mark.parametrize("lang", ["fa", "en", "both"])
def test_standard_figures_draw_in_every_language(coverage, lang):
    figures = standard_figures(coverage, lang)
    assert list(figures) == [
        "coverage-share", "coverage-per-1k-tokens", "document-heatmap",
        "cooccurrence-documents", "coverage-over-time", "regional-bodies",
    ]  # fmt: skip
    for fig in figures.values():
        fig.canvas.draw()  # a missing glyph would raise here (pytest filterwarnings)


def test_coverage_bars_persian_layout(coverage):
    fig = coverage_bars(coverage, "share_of_documents", "fa")
    ax = fig.axes[0]
    fig.canvas.draw()
    labels = _labels(ax.get_yticklabels())
    summary = coverage.summary().set_index("topic")
    main = [t.id for t in coverage.lexicon.topics if t.group is None]
    order = summary.loc[main].sort_values("share_of_documents", ascending=False, kind="stable").index
    assert labels == [for_matplotlib(coverage.lexicon.topic(t).label_fa) for t in order]  # largest on top
    assert ax.xaxis_inverted() and ax.yaxis.get_ticks_position() == "right"
    assert ax.get_title(loc="right") and not ax.get_title(loc="left")
    values = [t.get_text() for t in ax.texts]
    assert "۱۰۰٪" in values and "۵۰٪" in values  # Persian digits and percent sign


def test_coverage_bars_english_layout(coverage):
    fig = coverage_bars(coverage, "mentions_per_1k_tokens", "en")
    ax = fig.axes[0]
    assert not ax.xaxis_inverted() and ax.get_title(loc="left") == "Topic coverage"
    assert "Trade and economic cooperation" in _labels(ax.get_yticklabels())
    assert all(ch.isascii() for t in ax.texts for ch in t.get_text())


def test_bars_use_lexicon_colours(coverage):
    ax = regional_bodies_chart(coverage, "en").axes[0]
    lexicon = coverage.lexicon
    members = lexicon.members("regional_bodies")
    colours = {matplotlib.colors.to_hex(bar.get_facecolor()).upper() for bar in ax.patches}
    assert colours == {lexicon.topic(t).color.upper() for t in members}
    assert len(ax.patches) == len(members)


def test_heatmaps(coverage):
    fig = document_heatmap(coverage, lang="en")
    image = fig.axes[0].images[0].get_array()
    assert image.shape == (2, len([t for t in coverage.lexicon.topics if t.group is None]))
    co = cooccurrence_heatmap(coverage, "sentence", "fa").axes[0]
    assert co.get_title(loc="right") == for_matplotlib("هم‌آیی موضوع‌ها در جمله‌ها")
    assert "۲" in [t.get_text() for t in cooccurrence_heatmap(coverage, "document", "fa").axes[0].texts]


def test_time_axis_uses_jalali_month_names(make_corpus):
    root = make_corpus(
        {
            "a.txt": "date 2025-10-02 ایرنا\nتیتر\nصادرات نفت افزایش یافت.",
            "b.txt": "date 2025-12-10 ایرنا\nتیتر\nصادرات کالا.",
        }
    )
    coverage = measure_coverage(load_corpus(root, cache=False))
    ax = coverage_over_time(coverage, lang="fa").axes[0]
    assert _labels(ax.get_xticklabels()) == [for_matplotlib(m) for m in ["مهر ۱۴۰۴", "آبان ۱۴۰۴", "آذر ۱۴۰۴"]]
    en = coverage_over_time(coverage, lang="en", calendar="gregorian").axes[0]
    assert _labels(en.get_xticklabels()) == ["2025-10", "2025-11", "2025-12"]


def test_time_chart_without_dates(make_corpus):
    coverage = measure_coverage(load_corpus(make_corpus({"a.txt": "تیتر\nصادرات نفت"}), cache=False))
    fig = coverage_over_time(coverage, lang="en")
    assert "No document has a date" in [t.get_text() for t in fig.axes[0].texts]


def test_bad_arguments(coverage):
    with pytest.raises(ValueError, match="lang"):
        coverage_bars(coverage, lang="de")
    with pytest.raises(ValueError, match="value"):
        coverage_bars(coverage, value="mentions")


def test_kwic_table_is_rtl_and_escaped(make_corpus):
    root = make_corpus(
        {"a.txt": "تیتر\nمتن &lt;script&gt;alert(1)&lt;/script&gt; نفت.\nو &lt;img src=x onerror=alert(2)&gt; گاز."}
    )
    html = kwic_table(measure_coverage(load_corpus(root, cache=False)), topic="energy").to_html()
    assert 'dir="rtl"' in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<img" not in html and "&lt;img src=x onerror=alert(2)&gt;" in html


def test_figures_command(tmp_path):
    out = tmp_path / "figs"
    result = subprocess.run(
        [sys.executable, "-m", "helpers", "figures", str(SEEDS), "--out", str(out), "--lang", "en", "--formats", "png,svg"],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{name}.{ext}" for name in ["coverage-share", "coverage-per-1k-tokens", "document-heatmap",
                                     "cooccurrence-documents", "coverage-over-time", "regional-bodies"] for ext in ("png", "svg")
    )  # fmt: skip
    bad = subprocess.run([sys.executable, "-m", "helpers", "figures", str(SEEDS), "--formats", "gif"], capture_output=True, text=True)
    assert bad.returncode == 2 and "unsupported format" in bad.stderr
