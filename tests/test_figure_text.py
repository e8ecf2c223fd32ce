"""Persian labels reach matplotlib correctly, and exported files are reproducible.

The pixel test renders a label through the project's text gate and font
with matplotlib, and the same string in the same font with an independent
shaping engine (Pillow's libraqm layout), and compares the two images. It
also renders the reversed, double-processed string and proves the
comparison rejects it.
"""

from __future__ import annotations

import re

import matplotlib
import pixels
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from PIL import Image, features  # noqa: E402

from helpers.figures import text as text_module  # noqa: E402
from helpers.figures.export import save_figure  # noqa: E402
from helpers.figures.fonts import FONT_FAMILY, font_path, use_persian_font  # noqa: E402
from helpers.figures.text import for_matplotlib, needs_shaping, shape_for_display, to_persian_digits  # noqa: E402

LABELS = ["سازمان همکاری شانگهای", "انرژی و حمل‌ونقل", "محیط‌زیست دریای خزر", "بریکس", "گردشگری ۱۴۰۴"]
PRESENTATION_FORMS = re.compile(r"[\ufb50-\ufdff\ufe70-\ufeff]")


@pytest.mark.skipif(not features.check("raqm"), reason="Pillow was built without libraqm: no independent shaper")
@pytest.mark.skipif(needs_shaping(), reason="matplotlib < 3.11 is checked by the legacy-path test")
@pytest.mark.parametrize("label", LABELS)
def test_labels_render_like_an_independent_shaper(label):
    family = use_persian_font()
    reference = pixels.raqm_image(label, font_path())
    assert pixels.difference(pixels.matplotlib_image(for_matplotlib(label), family), reference) < pixels.SAME
    # The same comparison rejects the reversed, double-processed label.
    assert pixels.difference(pixels.matplotlib_image(shape_for_display(label), family), reference) > pixels.DIFFERENT


@pytest.mark.skipif(needs_shaping(), reason="needs matplotlib >= 3.11")
def test_svg_labels_are_logical_strings(tmp_path):
    use_persian_font()
    fig, ax = plt.subplots()
    ax.set_title(for_matplotlib(LABELS[0]))
    ax.set_yticks([0, 1], [for_matplotlib(LABELS[1]), for_matplotlib(LABELS[2])])
    path = tmp_path / "labels.svg"
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        fig.savefig(path)
    plt.close(fig)
    svg = path.read_text(encoding="utf-8")
    for label in LABELS[:3]:
        assert label in svg
    assert not PRESENTATION_FORMS.search(svg)


def test_legacy_path_gives_visual_order_presentation_forms(monkeypatch):
    monkeypatch.setattr(text_module, "needs_shaping", lambda: True)
    shaped = text_module.for_matplotlib(LABELS[0])
    assert shaped == shape_for_display(LABELS[0])
    assert PRESENTATION_FORMS.search(shaped) and shaped != LABELS[0]
    assert text_module.for_matplotlib("SCO 2025") == "SCO 2025"  # no right-to-left text: unchanged


def test_gate_is_identity_on_matplotlib_311():
    if needs_shaping():
        pytest.skip("matplotlib < 3.11 installed")
    assert all(for_matplotlib(label) == label for label in LABELS)


def test_font_is_registered_first_with_a_latin_fallback():
    assert use_persian_font() == FONT_FAMILY
    assert list(matplotlib.rcParams["font.family"]) == [FONT_FAMILY, "DejaVu Sans"]
    if "text.language" in matplotlib.rcParams:
        assert matplotlib.rcParams["text.language"] == "fa"


def test_missing_glyph_is_an_error():
    use_persian_font()
    fig = plt.figure()
    fig.text(0.5, 0.5, "中文")  # in neither Noto Sans Arabic nor DejaVu Sans
    with pytest.raises(UserWarning, match="missing from font"):
        fig.canvas.draw()
    plt.close(fig)


def test_persian_digits():
    assert to_persian_digits("1404 / 25.5%") == "۱۴۰۴ / ۲۵.۵%"


def _figure():
    use_persian_font()
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.barh([for_matplotlib(label) for label in LABELS[:3]], [3, 2, 1])
    ax.set_title(for_matplotlib("پوشش موضوعی"), loc="right")
    return fig


def test_exports_are_byte_identical_across_runs(tmp_path):
    first = save_figure(_figure(), "coverage", folder=tmp_path / "a")
    second = save_figure(_figure(), "coverage", folder=tmp_path / "b")
    plt.close("all")
    assert [p.name for p in first] == ["coverage.png", "coverage.svg", "coverage.pdf"]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    pdf = first[2].read_bytes()
    assert b"FontFile2" in pdf and b"NotoSansArabic" in pdf  # TrueType (Type 42) font embedded
    assert b"CreationDate" not in pdf
    assert Image.open(first[0]).info.get("dpi", (0, 0))[0] == pytest.approx(200, abs=1)


@pytest.mark.parametrize(("name", "formats"), [("../x", ("png",)), ("", ("png",)), ("ok", ("jpg",))])
def test_save_figure_rejects_bad_arguments(tmp_path, name, formats):
    with pytest.raises(ValueError):
        save_figure(_figure(), name, formats=formats, folder=tmp_path)
    plt.close("all")
