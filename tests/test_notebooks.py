"""The notebook suite: structure, hygiene, the setup cells, and headless report runs.

Strict nbval (in `make test`) proves the committed outputs equal a fresh
run; these tests check what nbval cannot see: the setup-cell convention
(one clear line when nothing loads, a note on what was loaded), mixed
Persian/English markdown, parameters resolved from the repository root, and
`helpers report` (progress lines, no kernel noise, figures in OUT/figures, no
files written to the home or temporary folder, a failed notebook leaves the
last report as it was).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from helpers import config
from helpers.notebook import NothingLoaded, loaded, open_corpus, parameter_path
from helpers.report import notebooks

SECOND_CORPUS = Path(__file__).parent / "data" / "second_corpus"
EXPECTED = [
    "01-corpus-overview.ipynb",
    "02-topic-coverage.ipynb",
    "03-regional-bodies.ipynb",
    "04-context-and-cooccurrence.ipynb",
    "05-report-figures.ipynb",
    "06-scaling.ipynb",
    "07-validating-the-lexicon.ipynb",
    "08-stories-and-sources.ipynb",
    "09-partners.ipynb",
]
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")
DEFAULT_NOTE = "The default corpus is two articles"
NOISE = ("without encryption", "KeyboardInterrupt", "Traceback")
# Stories, sources and partners need copies, outlets and months to show: their own example corpus.
DEFAULT_CORPUS = {"08-stories-and-sources.ipynb": "../examples/syndicated-news", "09-partners.ipynb": "../examples/syndicated-news"}
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
    assert f'CORPUS = "{DEFAULT_CORPUS.get(name, "../seeds")}"' in parameters[0].source
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
        if cell.cell_type == "markdown" and ARABIC_SCRIPT.search(cell.source):
            for paragraph in re.findall(r"<p[^>]*>[^<]*[\u0600-\u06ff]", cell.source):
                assert paragraph.startswith('<p dir="rtl" style="text-align: right">')


@pytest.mark.parametrize("name", EXPECTED)
def test_setup_cell_follows_the_convention(name):
    """One setup cell: open_corpus (one line when nothing loads), loaded(corpus) as its output;
    the note on the default corpus comes from there, never from markdown every corpus shows."""
    nb = nbformat.read(config.NOTEBOOKS_DIR / name, as_version=4)
    setup = [c for c in nb.cells if c.cell_type == "code"][1]
    assert "open_corpus(CORPUS)" in setup.source and "load_corpus(CORPUS" not in setup.source
    assert setup.source.rstrip().splitlines()[-1].startswith("loaded(corpus)")
    note = "".join(o.get("data", {}).get("text/markdown", "") for o in setup.outputs)
    if name in DEFAULT_CORPUS:  # an example corpus of its own: the note says what was loaded
        assert note.startswith("**Loaded** `") and DEFAULT_NOTE not in note
    else:
        assert note.startswith("**Loaded the default corpus**") and DEFAULT_NOTE in note
    assert not any(DEFAULT_NOTE in c.source for c in nb.cells if c.cell_type == "markdown")
    assert "LEXICON)" not in setup.source or "parameter_path(LEXICON)" in setup.source


@pytest.mark.parametrize("name", EXPECTED)
def test_persian_inside_english_sentences_is_isolated(name):
    """In left-to-right markdown every Persian quote sits in <bdi>, so «سازمان», «اجلاس» keep their order."""
    nb = nbformat.read(config.NOTEBOOKS_DIR / name, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        prose = re.sub(r"```.*?```", "", cell.source, flags=re.S)
        for line in prose.splitlines():
            if line.startswith('<p dir="rtl"'):
                continue
            outside = re.sub(r"<bdi>.*?</bdi>", "", line)
            assert not ARABIC_SCRIPT.search(outside), line


@pytest.mark.parametrize(
    ("files", "reason"),
    [
        ({}, "no input files found"),
        ({"empty.txt": b"", "image.txt": b"\x89PNG\r\n\x1a\n" + bytes(64)}, "2 input(s) skipped"),
    ],
)
def test_open_corpus_stops_with_one_line_when_nothing_loads(make_corpus, tmp_path, files, reason):
    root = make_corpus(files) if files else tmp_path / "empty"
    root.mkdir(exist_ok=True)
    with pytest.raises(NothingLoaded, match=re.escape(reason)) as caught:
        open_corpus(root, cache=False)
    lines = caught.value._render_traceback_()
    assert len(lines) == 1 and lines[0].startswith("NothingLoaded: nothing loaded from")
    with pytest.raises(NothingLoaded, match="no such file or folder"):
        open_corpus(tmp_path / "missing", cache=False)


def test_loaded_describes_a_users_corpus():
    note = loaded(open_corpus(SECOND_CORPUS, cache=False))
    text = note._repr_markdown_()
    assert text.startswith("**Loaded** `second_corpus`:") and "1 input(s) skipped" in text and "Dated " in text
    assert DEFAULT_NOTE not in text and DEFAULT_NOTE in loaded(open_corpus(config.DEFAULT_CORPUS, cache=False)).text


@pytest.mark.parametrize(
    ("cwd", "value", "expected"),
    [
        (config.NOTEBOOKS_DIR, "../seeds", config.DEFAULT_CORPUS),
        (config.PROJECT_ROOT, "../seeds", config.DEFAULT_CORPUS),  # papermill from the repository root
        ("workspace", "my-lexicon.yaml", "workspace/my-lexicon.yaml"),  # a working copy's own files
        (config.PROJECT_ROOT, "/abs/corpus", Path("/abs/corpus")),
    ],
)
def test_parameter_paths_are_relative_to_the_notebook(monkeypatch, tmp_path, cwd, value, expected):
    monkeypatch.setattr(config, "WORKSPACE_DIR", tmp_path / "workspace")
    if cwd == "workspace":
        cwd, expected = tmp_path / "workspace", tmp_path / expected
        cwd.mkdir()
    monkeypatch.chdir(cwd)
    assert parameter_path(value) == expected.resolve()


def test_papermill_from_the_repository_root_with_the_defaults(tmp_path):
    out = tmp_path / "01.ipynb"
    result = subprocess.run(
        [sys.executable, "-m", "papermill", "notebooks/01-corpus-overview.ipynb", str(out), "--no-progress-bar"],
        cwd=config.PROJECT_ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Loaded the default corpus" in out.read_text(encoding="utf-8")


def _report(tmp_path, *arguments):
    """``python -m helpers report`` with an empty home and temporary folder of its own."""
    home, temp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    temp.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("MPLCONFIGDIR", "IPYTHONDIR", "DASK_TEMPORARY_DIRECTORY", "JUPYTER_RUNTIME_DIR", "XDG_CACHE_HOME")}
    env.update(HOME=str(home), TMPDIR=str(temp))
    result = subprocess.run([sys.executable, "-m", "helpers", "report", *arguments], capture_output=True, text=True, env=env)
    return result, home, temp


def test_report_on_another_corpus(tmp_path):
    out = tmp_path / "out"
    result, home, temp = _report(tmp_path, "--corpus", str(SECOND_CORPUS), "--out", str(out), "--lang", "en")
    assert result.returncode == 0, result.stderr[-3000:]
    progress = [line for line in result.stderr.splitlines() if line.startswith("report: [")]
    assert [re.sub(r" \(.*", "", line) for line in progress] == [f"report: [{i}/{len(EXPECTED)}] {n}" for i, n in enumerate(EXPECTED, 1)]
    assert not any(noise in result.stderr for noise in NOISE), result.stderr[-2000:]
    assert sorted(p.name for p in out.glob("*.ipynb")) == EXPECTED and len(list(out.glob("*.html"))) == len(EXPECTED)
    figures = sorted(p.name for p in (out / "figures").iterdir())  # --out DIR puts figures in DIR/figures
    assert len(figures) == 33 and "coverage-share.pdf" in figures and "countries-topics.svg" in figures
    overview = nbformat.read(out / EXPECTED[0], as_version=4)
    text = json.dumps([c.get("outputs", []) for c in overview.cells])
    assert "mehr-101" in text and "agency/irna-caspian" in text  # CSV rows and nested .txt files
    assert "empty &#x27;text&#x27; value" in text or "empty 'text' value" in text  # the skipped CSV row is shown
    assert "**Loaded** `second_corpus`" in text and DEFAULT_NOTE not in text
    # nothing written to the home folder (IPython history, matplotlib's cache) or the temporary folder (Dask)
    assert list(home.rglob("*")) == []
    assert not [p for p in temp.rglob("*") if "dask" in p.name or "matplotlib" in p.name]
    assert (config.TOOLS_DIR / "ipython").is_dir() and (config.TOOLS_DIR / "matplotlib").is_dir()
    assert not list(out.parent.glob(".out-building-*")), "the build folder is removed"


def test_failed_report_leaves_the_last_one_as_it_was(tmp_path):
    out = tmp_path / "reports"
    (out / "figures").mkdir(parents=True)
    last = {out / "01-corpus-overview.html": b"<html>last good report</html>", out / "figures" / "coverage-share.png": b"png"}
    for path, data in last.items():
        path.write_bytes(data)
    empty = tmp_path / "empty-corpus"
    empty.mkdir()
    (empty / "blank.txt").write_bytes(b"")
    result, home, _ = _report(tmp_path, "--corpus", str(empty), "--out", str(out))
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("helpers report:")]
    assert len(errors) == 1, result.stderr
    # In [3]: papermill runs its injected parameters as In [2]
    assert "01-corpus-overview.ipynb failed at cell In [3]: " in errors[0]
    assert "NothingLoaded: nothing loaded from" in errors[0] and "blank.txt: empty file" in errors[0]
    assert "the report was not changed" in errors[0]
    assert not any(noise in result.stderr for noise in NOISE)
    assert sorted(p for p in out.rglob("*") if p.is_file()) == sorted(last)
    assert all(path.read_bytes() == data for path, data in last.items())
    assert not list(tmp_path.glob(".reports-building-*"))
    failed = nbformat.read(config.DATA_DIR / "interim" / "report-failed" / "01-corpus-overview.ipynb", as_version=4)
    errors_shown = [o for c in failed.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert [len(o.traceback) for o in errors_shown] == [1]  # one line in the notebook too, no traceback
    assert list(home.rglob("*")) == []


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ([], ['--corpus "seeds"', '--out "reports"', '--lang "fa"']),
        (["FIG_LANG=en", "LEXICON=my.yaml", "OUT=out", "CORPUS=news"], ['--corpus "news"', '--out "out"', '--lang "en"', '--lexicon "my.yaml"']),
        (["LANG=en_US.UTF-8"], ['--lang "fa"']),  # the locale variable is not the figure language
    ],
)
def test_make_report_forwards_its_variables(variables, expected):
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    command = subprocess.run(["make", "-n", "-s", "report", *variables], cwd=config.PROJECT_ROOT, capture_output=True, text=True)
    line = next(line for line in command.stdout.splitlines() if "helpers report" in line)
    for option in expected:
        assert option in line, line
    if "LEXICON=my.yaml" not in variables:
        assert "--lexicon" not in line


def test_lab_workspace_copies_new_notebooks_and_never_overwrites(tmp_path):
    from helpers.lab import prepare_workspace

    workspace = tmp_path / "workspace"
    copied = prepare_workspace(workspace)
    assert [p.name for p in copied] == EXPECTED
    mine = workspace / EXPECTED[0]
    mine.write_text("my edits", encoding="utf-8")
    (workspace / EXPECTED[1]).unlink()  # deleted to start over with it
    assert [p.name for p in prepare_workspace(workspace)] == [EXPECTED[1]]
    assert mine.read_text(encoding="utf-8") == "my edits"
