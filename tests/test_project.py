"""The project's own files agree with each other, and the commands keep their files in the project."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

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


# conda-forge package names, each verified on its conda-forge page (anaconda.org/conda-forge/NAME)
# or feedstock: conda-forge names are literal, so "arabic-reshaper" or "playwright" would not solve.
CONDA_FORGE = {
    "python", "pip", "pandas", "pyarrow", "openpyxl", "matplotlib-base", "arabic_reshaper", "python-bidi", "jdatetime",
    "tqdm", "pyyaml", "jupyterlab", "ipykernel", "nbconvert", "papermill", "dask", "distributed", "bokeh",
    "datasketch", "statsmodels", "scipy", "babel",
    "pytest", "hypothesis", "nbval", "pillow", "playwright-python",
}  # fmt: skip
# from pip, with the reason: hazm on conda-forge stops at 0.10 (we need >= 0.11); the others are not there
PIP_ONLY = {"hazm", "ahocorasick-rs", "fontpkg-noto-sans-arabic"}
# conda-forge name -> the PyPI distribution it provides
CONDA_TO_PYPI = {"matplotlib-base": "matplotlib", "playwright-python": "playwright"}


def _environment() -> tuple[list[str], list[str]]:
    """The conda dependencies (names as written) and the pip block."""
    import yaml

    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert env["channels"] == ["conda-forge"]
    conda, pip = [], []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip = dep["pip"]
        else:
            conda.append(re.split(r"[<>=!~ ]", dep, maxsplit=1)[0])
    assert any(d.startswith("python=3.12") for d in env["dependencies"] if isinstance(d, str))
    assert pip[-1] == "-e .", "the pip block must end with the project itself"
    return conda, pip[:-1]


def _environment_names() -> set[str]:
    conda, pip = _environment()
    names = {_name(CONDA_TO_PYPI.get(n, n)) for n in conda} | {_name(r) for r in pip}
    return names - {"python", "pip"}


def test_environment_yml_uses_conda_forge_names():
    conda, pip = _environment()
    assert [n for n in conda if n not in CONDA_FORGE] == []
    assert {_name(r) for r in pip} == PIP_ONLY


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


def test_make_exports_the_tool_folders_of_helpers_config():
    env = {k: v for k, v in os.environ.items() if k not in config.tool_environment()}
    out = subprocess.run(["make", "-s", "tools-env"], cwd=ROOT, capture_output=True, text=True, check=True, env=env).stdout
    assert dict(line.split("=", 1) for line in out.split()) == config.tool_environment()
    assert all(Path(v).is_relative_to(ROOT / "data") for v in config.tool_environment().values())  # git-ignored


def test_commands_write_nothing_to_the_home_or_temporary_folder(tmp_path):
    """``helpers figures`` used to fill ~/.cache/matplotlib: its font cache now stays in the project."""
    home, temp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    temp.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in (*config.tool_environment(), "XDG_CACHE_HOME", "XDG_CONFIG_HOME")}
    env.update(HOME=str(home), TMPDIR=str(temp))
    result = subprocess.run(
        [sys.executable, "-m", "helpers", "figures", str(config.DEFAULT_CORPUS), "--out", str(tmp_path / "figs"), "--formats", "png"],
        capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert list(home.rglob("*")) == [] and list(temp.rglob("*")) == []
    assert (config.TOOLS_DIR / "matplotlib").is_dir()
    probe = "import os, dask, IPython.paths as p; print(dask.config.get('temporary-directory')); print(p.get_ipython_dir())"
    code = f"from helpers import config; config.use_tool_environment(); {probe}"
    dask_dir, ipython_dir = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout.split()
    assert dask_dir == str(config.TOOLS_DIR / "dask") and ipython_dir == str(config.TOOLS_DIR / "ipython")


def test_kernel_command_registers_the_kernel_in_an_environment(tmp_path):
    """``python -m helpers kernel`` (conda users): the kernel spec goes into the environment's prefix."""
    result = subprocess.run([sys.executable, "-m", "helpers", "kernel", "--prefix", str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    spec = json.loads((tmp_path / "share" / "jupyter" / "kernels" / "persian-news-coverage" / "kernel.json").read_text())
    assert spec["display_name"] == "Python (persian-news-coverage)" and spec["argv"][0] == sys.executable
