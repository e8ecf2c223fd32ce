"""The matplotlib < 3.11 path, proven on a real matplotlib 3.10 renderer.

A separate virtual environment (cached under data/interim/, git-ignored)
holds matplotlib 3.10 with arabic-reshaper, python-bidi, Pillow and the
font package; tests/legacy/check_mpl_legacy.py runs there.
"""

from __future__ import annotations

import json
import subprocess
import venv

import pytest

from test_figure_text import LABELS

import pixels
from helpers import config

LEGACY_REQUIREMENTS = [
    "matplotlib==3.10.9",
    "arabic-reshaper==3.1.0",
    "python-bidi==0.6.12",
    "pillow==13.0.0",
    "fontpkg-noto-sans-arabic==2.12",
]
pytestmark = pytest.mark.skipif(config.PROJECT_ROOT is None, reason="needs a source checkout")


def _legacy_python():
    folder = config.DATA_DIR / "interim" / "venvs" / "matplotlib-3.10"
    python = folder / "bin" / "python"
    stamp = folder / "requirements.txt"
    if not python.exists() or not stamp.exists() or stamp.read_text() != "\n".join(LEGACY_REQUIREMENTS):
        venv.EnvBuilder(with_pip=True, clear=True).create(folder)
        result = subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *LEGACY_REQUIREMENTS],
            capture_output=True, text=True,
        )
        if result.returncode != 0:
            lines = [line for line in result.stderr.splitlines() if line.strip() and "is ignored" not in line]
            pytest.skip(f"could not install matplotlib 3.10: {lines[-1] if lines else 'pip failed'}")
        stamp.write_text("\n".join(LEGACY_REQUIREMENTS))
    return python


def test_legacy_matplotlib_needs_the_reshaping_path():
    python = _legacy_python()
    script = config.PROJECT_ROOT / "tests" / "legacy" / "check_mpl_legacy.py"
    result = subprocess.run([str(python), str(script), json.dumps(LABELS)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert report["matplotlib"].startswith("3.10") and report["needs_shaping"] is True
    for label, scores in report["results"].items():
        assert scores["gate"] < pixels.SAME, (label, scores)  # reshape + bidi: correct on 3.10
        assert scores["raw"] > pixels.DIFFERENT, (label, scores)  # the logical string is wrong there
