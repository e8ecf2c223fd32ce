"""The notebook suite: structure, hygiene, and a run on a different corpus.

Strict nbval (in `make test`) proves the committed outputs equal a fresh
run; these tests check what nbval cannot see.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from helpers import config
from helpers.report import notebooks, run_notebooks

SECOND_CORPUS = Path(__file__).parent / "data" / "second_corpus"
EXPECTED = [
    "01-corpus-overview.ipynb",
    "02-topic-coverage.ipynb",
    "03-regional-bodies.ipynb",
    "04-context-and-cooccurrence.ipynb",
    "05-report-figures.ipynb",
    "06-scaling.ipynb",
]
pytestmark = pytest.mark.skipif(config.PROJECT_ROOT is None, reason="needs a source checkout")


def test_the_suite_is_complete():
    assert [p.name for p in notebooks()] == EXPECTED


@pytest.mark.parametrize("name", EXPECTED)
def test_structure_and_hygiene(name):
    path = config.NOTEBOOKS_DIR / name
    assert path.stat().st_size < 1_000_000
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "persian-news-coverage"
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    assert "What you'll learn" in first.source and "What you need" in first.source
    code = [c for c in nb.cells if c.cell_type == "code"]
    parameters = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(parameters) == 1 and code.index(parameters[0]) == 0
    for name_ in ("CORPUS", "LEXICON", "LANG", "OUTPUT"):
        assert re.search(rf"^{name_} = ", parameters[0].source, re.M), name_
    assert 'CORPUS = "../seeds"' in parameters[0].source
    # executed top to bottom, and every cell but the parameters has output nbval compares
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    assert all(c.outputs for c in code[1:]), "a code cell without output escapes nbval"
    # nbval may skip comparing a cell's output only where it cannot be stable: the dashboard's port
    for cell in code:
        if "nbval-ignore-output" in cell.metadata.get("tags", []):
            assert "dashboard(client)" in cell.source
    outputs = json.dumps([c.outputs for c in code])
    assert '"output_type": "error"' not in outputs and '"name": "stderr"' not in outputs
    assert not re.search(r"/(root|home|tmp|work|Users)/", outputs)
    assert not re.search(r" at 0x[0-9a-f]{6,}", outputs), "a memory address makes outputs volatile"
    # logic lives in helpers
    assert not any(re.search(r"^\s*(def|class) ", c.source, re.M) for c in code)
    # Persian paragraphs are right-aligned in JupyterLab
    for cell in nb.cells:
        if cell.cell_type == "markdown" and re.search(r"[\u0600-\u06ff]{3,}", cell.source):
            for paragraph in re.findall(r"<p[^>]*>[^<]*[\u0600-\u06ff]", cell.source):
                assert paragraph.startswith('<p dir="rtl" style="text-align: right">')


def test_every_notebook_runs_on_another_corpus(tmp_path):
    written = run_notebooks(SECOND_CORPUS, tmp_path / "out", lang="en", figures=tmp_path / "figures", html=True)
    assert [p.name for p in written if p.suffix == ".ipynb"] == EXPECTED
    assert len([p for p in written if p.suffix == ".html"]) == len(EXPECTED)
    figures = sorted(p.name for p in (tmp_path / "figures").iterdir())
    assert len(figures) == 18 and "coverage-share.pdf" in figures
    overview = nbformat.read(tmp_path / "out" / EXPECTED[0], as_version=4)
    text = json.dumps([c.get("outputs", []) for c in overview.cells])
    assert "mehr-101" in text and "agency/irna-caspian" in text  # CSV rows and nested .txt files
    assert "empty &#x27;text&#x27; value" in text or "empty 'text' value" in text  # the skipped CSV row is shown
