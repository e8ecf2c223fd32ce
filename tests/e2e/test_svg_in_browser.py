"""Editable SVG labels keep their order in a browser (Chromium), as in the PNG.

A mixed label such as «سهم اسناد (Share of documents)» is laid out right to
left by matplotlib (its first strong letter is Persian): the Persian words
on the right, the English in parentheses on their left. SVG text is laid out
left to right unless told otherwise, which would swap the two; the bidi
isolate that ``svg_text=True`` writes keeps the PNG's order. Without it the
same check fails (shown below), so the check can tell.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")
from conftest import SEEDS  # noqa: E402

from helpers import load_corpus  # noqa: E402
from helpers.figures import charts  # noqa: E402
from helpers.figures.export import save_figure  # noqa: E402
from helpers.figures.text import needs_shaping  # noqa: E402
from helpers.topics.coverage import measure_coverage  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
playwright_api = pytest.importorskip("playwright.sync_api", reason="Python Playwright is not installed")
pytestmark = [
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)"),
    pytest.mark.skipif(needs_shaping(), reason="editable SVG text needs matplotlib >= 3.11"),
]

# For each mixed <text>: x of its first Persian letter and of its first Latin letter, as the browser placed them
_POSITIONS = """() => [...document.querySelectorAll('text')].map(t => {
  const s = t.textContent;
  const fa = s.search(/[\\u0600-\\u06ff]/), en = s.search(/[A-Za-z]/);
  if (fa < 0 || en < 0) return null;
  return {text: s, fa: t.getStartPositionOfChar(fa).x, en: t.getStartPositionOfChar(en).x};
}).filter(Boolean)"""


@pytest.fixture(scope="module")
def svg(tmp_path_factory):
    coverage = measure_coverage(load_corpus(SEEDS, cache=False), cache=False)
    folder = tmp_path_factory.mktemp("svg")
    return save_figure(charts.coverage_bars(coverage, "share_of_documents", "both"), "bars", ["svg"], folder, svg_text=True)[0]


def _positions(svg_text: str) -> list[dict]:
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            page.set_content(svg_text)
            return page.evaluate(_POSITIONS)
        finally:
            browser.close()


def test_mixed_labels_keep_the_pngs_order_in_a_browser(svg):
    positions = _positions(svg.read_text(encoding="utf-8"))
    assert len(positions) >= 9  # eight topic labels, the axis label, the title
    for label in positions:
        assert label["fa"] > label["en"], label  # Persian on the right, as matplotlib drew it


def test_without_the_isolates_the_browser_swaps_them(svg):
    plain = re.sub("[\u2066\u2067\u2069]", "", svg.read_text(encoding="utf-8"))
    assert all(label["fa"] < label["en"] for label in _positions(plain))
