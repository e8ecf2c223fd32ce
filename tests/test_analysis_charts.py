"""Charts of the report analyses: intervals drawn, Persian right-to-left layout, labels that render right."""

from __future__ import annotations

import re

import matplotlib
import numpy as np
import pixels
import pytest

matplotlib.use("Agg")
from PIL import features  # noqa: E402

from analysis_corpora import republished_story, two_outlets  # noqa: E402
from helpers import load_corpus, measure_coverage  # noqa: E402
from helpers.figures.charts import coverage_bars, coverage_over_time  # noqa: E402
from helpers.figures.comparison import country_topic_heatmap, keyness_chart, source_topic_heatmap, topic_small_multiples  # noqa: E402
from helpers.figures.fonts import font_path, use_persian_font  # noqa: E402
from helpers.figures.text import for_matplotlib, needs_shaping  # noqa: E402

PRESENTATION_FORMS = re.compile(r"[\ufb50-\ufdff\ufe70-\ufeff]")


@pytest.fixture(scope="module")
def coverage(tmp_path_factory):
    root = tmp_path_factory.mktemp("charts")
    files = {**two_outlets(), **republished_story()[0]}
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return measure_coverage(load_corpus(root, cache=False, workers=1), cache=False, workers=1)


def _figures(coverage, lang):
    return {
        "heatmap": source_topic_heatmap(coverage, lang=lang),
        "small": topic_small_multiples(coverage, lang=lang),
        "countries": country_topic_heatmap(coverage, lang=lang),
        "keyness": keyness_chart(coverage.keyness("ایرنا", "ایسنا"), "ایرنا", "ایسنا", lang=lang),
        "months": source_topic_heatmap(coverage, by="month", lang=lang),
    }


@pytest.mark.parametrize("lang", ["fa", "en", "both"])
def test_every_chart_draws_in_every_language(coverage, lang):
    for fig in _figures(coverage, lang).values():
        fig.canvas.draw()  # a missing glyph raises here (pytest filterwarnings)


def test_bars_carry_the_wilson_interval(coverage):
    fig = coverage_bars(coverage, "share_of_documents", "fa")
    ax = fig.axes[0]
    summary = coverage.summary().set_index("topic")
    main = [t.id for t in coverage.lexicon.topics if t.group is None]
    order = summary.loc[main].sort_values("share_of_documents", ascending=False, kind="stable")
    segments = ax.collections[0].get_segments()  # one whisker per bar, top bar first
    lows = sorted(round(float(min(s[:, 0])), 9) for s in segments)
    assert lows == sorted(round(float(v), 9) for v in order["share_low"])
    highs = sorted(round(float(max(s[:, 0])), 9) for s in segments)
    assert highs == sorted(round(float(v), 9) for v in order["share_high"])
    stories = coverage_bars(coverage, "share_of_stories", "en").axes[0]
    assert len(stories.collections[0].get_segments()) == len(main)


def test_time_series_draws_bands_and_marks_sparse_periods(coverage):
    ax = coverage_over_time(coverage, lang="en", calendar="gregorian", min_documents=25).axes[0]
    series = coverage.timeseries("month", "gregorian")
    sparse = (series["n_documents"] < 25).to_numpy()
    assert sparse.any() and not sparse.all()
    shaded = [p for p in ax.patches if p.get_alpha() == 0.12]
    assert len(shaded) == int(sparse.sum())
    bands = [c for c in ax.collections if type(c).__name__ == "FillBetweenPolyCollection"]
    assert len(bands) >= 1
    top = [a for a in ax.child_axes if a.get_label() != ""] or ax.child_axes
    labels = [t.get_text() for t in top[0].get_xticklabels()]
    assert labels == [f"n={n}" for n in series["n_documents"]]
    # a sparse period's share is not on the line: the line has a gap there
    line = ax.lines[0].get_ydata()
    assert np.isnan(np.asarray(line, dtype=float)[sparse]).all()


@pytest.mark.parametrize(
    ("lang", "footnote"),
    [("en", "undated documents not shown (2)"), ("fa", "اسناد بی‌تاریخ در نمودار نیامده‌اند (۲)")],
)
def test_time_chart_says_how_many_documents_had_no_date(make_corpus, lang, footnote):
    root = make_corpus(
        {
            "a.txt": "date 2025-10-02 ایرنا\nتیتر\nصادرات نفت افزایش یافت.",
            "b.txt": "date 2025-12-10 ایرنا\nتیتر\nصادرات کالا.",
            "c.txt": "تیتر\nخبر بدون تاریخ درباره تجارت.",
            "d.txt": "خبر بدون تاریخ و بدون تیتر درباره ترانزیت کالا از مرز.",
        }
    )
    coverage = measure_coverage(load_corpus(root, cache=False))
    assert list(coverage.timeseries("month", "gregorian")["n_undated"].unique()) == [2]
    label = coverage_over_time(coverage, lang=lang, calendar="gregorian").axes[0].get_xlabel()
    assert label.splitlines()[-1] == for_matplotlib(footnote)
    panels = topic_small_multiples(coverage, lang=lang, calendar="gregorian")
    assert panels.get_supxlabel() == for_matplotlib(footnote)
    dated = measure_coverage(load_corpus(root / "a.txt", cache=False))
    assert "\n" not in coverage_over_time(dated, lang=lang, calendar="gregorian").axes[0].get_xlabel()
    assert topic_small_multiples(dated, lang=lang, calendar="gregorian").get_supxlabel() == ""


def test_source_heatmap_layout_and_significance(coverage):
    fig = source_topic_heatmap(coverage, lang="fa", topics=["energy", "trade"])
    ax = fig.axes[0]
    assert ax.yaxis.get_ticks_position() == "right" and ax.get_title(loc="right")
    columns = [t.get_text() for t in ax.get_xticklabels()]
    assert columns == [for_matplotlib("تجارت و همکاری اقتصادی"), for_matplotlib("انرژی")]  # right to left
    cells = [t.get_text() for t in ax.texts]
    assert any(c.endswith("*") and "٪" in c for c in cells)
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert rows[0] == for_matplotlib("ایرنا (n=۲۲)")


def test_small_multiples_one_panel_per_topic_with_shared_axes(coverage):
    topics = ["trade", "energy", "transport", "peace_security"]
    fig = topic_small_multiples(coverage, lang="fa", topics=topics, columns=2)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == 4
    titles = [ax.get_title(loc="right") for ax in visible]
    assert titles[:2] == [for_matplotlib("انرژی"), for_matplotlib("تجارت و همکاری اقتصادی")]  # first topic top right
    assert all(ax.xaxis_inverted() for ax in visible)  # time runs right to left
    assert len({ax.get_ylim() for ax in visible}) == 1 and len({ax.get_xlim() for ax in visible}) == 1
    english = topic_small_multiples(coverage, lang="en", topics=topics, columns=2)
    assert [ax.get_title(loc="left") for ax in english.axes if ax.get_visible()][0] == "Trade and economic cooperation"


@pytest.mark.skipif(not features.check("raqm"), reason="Pillow was built without libraqm: no independent shaper")
@pytest.mark.skipif(needs_shaping(), reason="matplotlib < 3.11 is checked by the legacy-path test")
def test_chart_labels_render_like_an_independent_shaper(coverage):
    family = use_persian_font()
    figures = _figures(coverage, "fa")
    labels = {
        figures["small"].axes[2].get_title(loc="right"),
        figures["countries"].axes[0].get_xticklabels()[0].get_text(),
        figures["heatmap"].axes[0].get_title(loc="right"),
    }
    for label in labels:
        assert re.search("[\u0600-\u06ff]", label)
        reference = pixels.raqm_image(label, font_path())
        assert pixels.difference(pixels.matplotlib_image(label, family), reference) < pixels.SAME, label


@pytest.mark.skipif(needs_shaping(), reason="needs matplotlib >= 3.11")
@pytest.mark.parametrize("name", ["heatmap", "small", "countries", "keyness"])
def test_svg_text_is_logical_persian(coverage, name, tmp_path):
    fig = _figures(coverage, "fa")[name]
    path = tmp_path / f"{name}.svg"
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        fig.savefig(path)
    svg = path.read_text(encoding="utf-8")
    assert re.search("[\u0600-\u06ff]{3,}", svg) and not PRESENTATION_FORMS.search(svg)


def test_bad_language(coverage):
    with pytest.raises(ValueError, match="lang"):
        topic_small_multiples(coverage, lang="de")
