"""hazm's resources kept on disk: the same values as built from hazm, rebuilt when damaged or stale."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from helpers.corpus import resources as resources_module
from helpers.corpus.resources import build_resources, hazm_resources, resources_path


@pytest.fixture(scope="module")
def built():
    return build_resources()


@pytest.fixture()
def own_cache(tmp_path, monkeypatch):
    """An empty cache folder, and no resources held in this process."""
    monkeypatch.setenv("PNC_CACHE_DIR", str(tmp_path / "cache"))
    hazm_resources.cache_clear()
    yield tmp_path / "cache"
    hazm_resources.cache_clear()


def test_kept_resources_equal_the_ones_built_from_hazm(own_cache, built):
    first = hazm_resources()  # built and kept
    assert resources_path().is_file()
    hazm_resources.cache_clear()
    second = hazm_resources()  # read back
    assert first == second == built
    assert len(built.frequency) > 150_000 and len(built.verbs) > 300_000
    assert "\u200c" in "".join(list(built.verbs)[:1000])  # «می‌روم»: ZWNJ survives the file


def _damage_text(text: str) -> str:
    return text[: len(text) // 2]


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda text: "", id="empty"),
        pytest.param(_damage_text, id="cut in half"),
        pytest.param(lambda text: "\x00" * 100, id="NUL bytes"),
        pytest.param(lambda text: json.dumps({**json.loads(text), "format": 99}), id="another format"),
        pytest.param(lambda text: json.dumps({**json.loads(text), "counts": "1\n2"}), id="counts lost"),
        pytest.param(lambda text: json.dumps({k: v for k, v in json.loads(text).items() if k != "verbs"}), id="no verbs"),
        pytest.param(lambda text: json.dumps({**json.loads(text), "numbers_dst": "۰"}), id="digit table cut"),
        pytest.param(lambda text: json.dumps({**json.loads(text), "suffixes": 5}), id="suffixes not a list"),
        pytest.param(lambda text: "[1, 2, 3]", id="a list"),
        pytest.param(lambda text: json.dumps({**json.loads(text), "verbs_with_underscore": "no"}), id="flag not a boolean"),
    ],
)
def test_a_damaged_file_is_rebuilt_never_served(own_cache, built, damage, monkeypatch):
    builds = []
    monkeypatch.setattr(resources_module, "build_resources", lambda: builds.append(1) or built)  # hazm's build: 6 s
    hazm_resources()
    path = resources_path()
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    hazm_resources.cache_clear()
    assert hazm_resources() == built and len(builds) == 2
    hazm_resources.cache_clear()
    assert hazm_resources() == built and len(builds) == 2  # read back: the file was replaced by a good one
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == 2


def test_editing_hazm_keeps_the_resources_apart(own_cache, tmp_path, monkeypatch):
    original = resources_path()
    copy = tmp_path / "hazm"
    shutil.copytree(resources_module._hazm_folder(), copy)
    monkeypatch.setattr(resources_module, "_hazm_folder", lambda: copy)
    assert resources_path() == original  # same files, same key
    with open(copy / "data" / "words.dat", "a", encoding="utf-8") as words:
        words.write("واژه‌نو\t1\tN\n")
    assert resources_path() != original


def test_an_unwritable_cache_only_costs_time(own_cache, built, monkeypatch):
    monkeypatch.setattr(resources_module, "build_resources", lambda: built)
    own_cache.parent.mkdir(parents=True, exist_ok=True)
    own_cache.write_text("a file where the folder should be", encoding="utf-8")
    assert hazm_resources() == built


def test_a_process_with_kept_resources_never_imports_hazm(own_cache):
    hazm_resources()  # kept in own_cache
    script = (
        "import sys\n"
        "from helpers.corpus.normalization import get_pipeline\n"
        "text = get_pipeline().normalize('رئیسجمهور از همكاريها گفت')\n"
        "print(text, 'hazm' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env={**os.environ}, check=True)
    assert done.stdout.strip() == "رئیس\u200cجمهور از همکاری\u200cها گفت False"
