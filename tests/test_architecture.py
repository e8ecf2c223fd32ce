"""The house rules: stages import only downward, no circles, no private names across modules.

The allowed direction between the parts of ``helpers`` (a part may import
its own modules and any part below it, never one above)::

    6  helpers (__init__: lazy re-exports only)
    5  cli, report, cluster, synthetic, __main__   — use the stages
    4  figures   — charts, KWIC table, export
    3  topics    — lexicon, matching, tagging, coverage
    2  corpus    — files to normalized documents
    1  compute   — running work here, on a pool, on Dask
    0  config    — paths and version; spreadsheet — CSV safe to open in a spreadsheet
"""

from __future__ import annotations

from pathlib import Path

import pytest

from import_graph import read_graph

SRC = Path(__file__).resolve().parent.parent / "src"
LAYERS = {"config": 0, "spreadsheet": 0, "compute": 1, "corpus": 2, "topics": 3, "figures": 4}
TOP_LEVEL = 5
MAX_LINES = 400


def layer(module: str) -> int:
    parts = module.split(".")
    if len(parts) == 1:  # the package's own __init__
        return 6
    return LAYERS.get(parts[1], TOP_LEVEL)


def violations(src: Path, package: str = "helpers") -> list[str]:
    """Every broken house rule of ``src/package``, one line each."""
    graph = read_graph(src, package)
    problems = [f"import circle: {' -> '.join(cycle)}" for cycle in graph.cycles()]
    for module, targets in sorted(graph.edges.items()):
        for target in sorted(targets):
            if layer(target) > layer(module):
                problems.append(f"{module} (layer {layer(module)}) imports {target} (layer {layer(target)}): upward")
    problems += [f"{importer} uses {owner}.{name}: another module's private name" for importer, owner, name in graph.private]
    return problems


def test_the_package_keeps_the_house_rules():
    assert violations(SRC) == []


def test_every_stage_is_a_subpackage_that_says_what_it_may_import():
    for stage in ("compute", "corpus", "topics", "figures"):
        init = SRC / "helpers" / stage / "__init__.py"
        assert init.is_file(), stage
        assert "May import" in init.read_text(encoding="utf-8"), stage


def test_every_module_says_what_it_owns_and_stays_small():
    for path in sorted((SRC / "helpers").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        import ast

        assert ast.get_docstring(ast.parse(text)), f"{path.relative_to(SRC)} has no docstring"
        assert len(text.splitlines()) <= MAX_LINES, f"{path.relative_to(SRC)}: {len(text.splitlines())} lines"


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in {"__init__.py": '"""p."""\n', **files}.items():
        target = tmp_path / "helpers" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            {"compute/__init__.py": "from helpers.compute import runner\n", "compute/runner.py": "from helpers.compute import pool\n",
             "compute/pool.py": "def f():\n    from helpers.compute.runner import x\n"},
            "import circle: helpers.compute.pool -> helpers.compute.runner",
            id="a circle, even through a function-level import",
        ),
        pytest.param(
            {"compute/__init__.py": "", "compute/runner.py": "from helpers.corpus.loading import load\n",
             "corpus/__init__.py": "", "corpus/loading.py": "load = 1\n"},
            "helpers.compute.runner (layer 1) imports helpers.corpus.loading (layer 2): upward",
            id="an upward import",
        ),
        pytest.param(
            {"corpus/__init__.py": "", "corpus/a.py": "from .b import _helper\n", "corpus/b.py": "def _helper(): ...\n"},
            "helpers.corpus.a uses helpers.corpus.b._helper: another module's private name",
            id="a private name by relative import",
        ),
        pytest.param(
            {"topics/__init__.py": "", "topics/a.py": "import helpers.topics.b as b\nb._cache.clear()\n", "topics/b.py": "_cache = {}\n"},
            "helpers.topics.a uses helpers.topics.b._cache: another module's private name",
            id="a private name through a module alias",
        ),
        pytest.param(
            {"corpus/__init__.py": "", "corpus/a.py": "from helpers import load_corpus\n"},
            "helpers.corpus.a (layer 2) imports helpers (layer 6): upward",
            id="a stage importing the package's re-exports",
        ),
    ],
)
def test_the_check_catches_each_kind_of_break(tmp_path, files, expected):
    assert expected in violations(_package(tmp_path, files))


def test_a_clean_layered_package_passes(tmp_path):
    files = {
        "config.py": "X = 1\n",
        "compute/__init__.py": "from helpers.compute.runner import run\n",
        "compute/runner.py": "from helpers import config\ndef run(): ...\n",
        "corpus/__init__.py": "from helpers.corpus.loading import load\n",
        "corpus/loading.py": "from helpers.compute import run\nfrom helpers.compute.runner import run as go\ndef load(): ...\n",
        "cli.py": "from helpers.corpus import load\n",
    }
    assert violations(_package(tmp_path, files)) == []
