"""The project's own files agree with each other."""

from __future__ import annotations

import re
import subprocess
import tomllib

import pytest

from helpers import config

ROOT = config.PROJECT_ROOT
pytestmark = pytest.mark.skipif(ROOT is None, reason="needs a source checkout")


def _name(requirement: str) -> str:
    """Canonical distribution name of a requirement (PEP 503)."""
    name = re.split(r"[<>=!~;\[ ]", requirement.strip(), maxsplit=1)[0]
    return re.sub(r"[-_.]+", "-", name).lower()


def _pyproject_names() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        requirements += extra
    return {_name(r) for r in requirements}


def _environment_names() -> set[str]:
    import yaml

    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert env["channels"] == ["conda-forge"]
    names: set[str] = set()
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip = dep["pip"]
            assert pip[-1] == "-e .", "the pip block must end with the project itself"
            names |= {_name(r) for r in pip[:-1]}
        else:
            names.add(_name(dep))
    assert "python" in names and any(d.startswith("python=3.12") for d in env["dependencies"] if isinstance(d, str))
    return names - {"python", "pip"}


def test_environment_yml_names_the_same_packages_as_pyproject():
    assert _environment_names() == _pyproject_names()


def test_lock_pins_every_dependency():
    pins = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if "==" in line and not line.startswith(("#", " ")):
            name, version = line.split("==")
            pins[_name(name)] = version.strip()
    assert _pyproject_names() <= set(pins)
    assert int(pins["hazm"].split(".")[1]) >= 11  # not the silent fallback to 0.7


def test_python_version_file():
    assert (ROOT / ".python-version").read_text().strip() == "3.12"


def test_seeds_are_the_shared_seeds_byte_for_byte():
    shared = ROOT.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("no ../shared/seeds folder beside the checkout to compare with")
    ours = sorted(p.name for p in config.DEFAULT_CORPUS.iterdir())
    assert ours == sorted(p.name for p in shared.iterdir())
    for name in ours:
        assert (config.DEFAULT_CORPUS / name).read_bytes() == (shared / name).read_bytes()


def test_make_help_lists_the_targets():
    out = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    out = re.sub(r"\x1b\[[0-9;]*m", "", out)
    for target in ("setup", "test", "check", "coverage", "lab", "report", "bench"):
        assert re.search(rf"\b{target}\b", out), target


def test_only_the_text_gate_reshapes_persian():
    """Labels reach matplotlib through helpers.figures.text.for_matplotlib only."""
    offenders = [
        path.name
        for path in (ROOT / "src" / "helpers").rglob("*.py")
        if path.name != "text.py" and re.search(r"arabic_reshaper|from bidi|import bidi|get_display", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
