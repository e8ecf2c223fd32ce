"""Project paths, built once.

Every path the package writes to is defined here, so notebooks, the command
line and tests agree on where the cache and the figures live.

Inside a checkout (``pyproject.toml`` two levels above ``src/helpers``) the
paths are the project's own folders. An installed copy falls back to a
per-user cache. ``PNC_CACHE_DIR`` overrides the cache folder in both cases.

>>> DEFAULT_CORPUS.name
'seeds'
"""

from __future__ import annotations

import os
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

try:
    #: The installed package's version (cache keys include it).
    VERSION = version("persian-news-coverage")
except PackageNotFoundError:  # running from a source tree without installing
    VERSION = "0.0.0+unknown"

PACKAGE_DIR = Path(__file__).resolve().parent


def _find_project_root() -> Path | None:
    candidate = PACKAGE_DIR.parent.parent
    if (candidate / "pyproject.toml").is_file() and (candidate / "src" / "helpers").is_dir():
        return candidate
    return None


PROJECT_ROOT: Path | None = _find_project_root()
_BASE = PROJECT_ROOT if PROJECT_ROOT is not None else Path.cwd()

#: The default corpus shipped with the project (read-only raw data).
DEFAULT_CORPUS = _BASE / "seeds"
#: Derived data, git-ignored (cookiecutter-data-science's ``data/interim``).
DATA_DIR = _BASE / "data"
#: Where exported report figures go.
FIGURES_DIR = _BASE / "reports" / "figures"
REPORTS_DIR = _BASE / "reports"
#: The notebook suite.
NOTEBOOKS_DIR = _BASE / "notebooks"


def cache_dir() -> Path:
    """Folder holding the normalized-corpus cache.

    Read at call time, so ``PNC_CACHE_DIR`` set after import still applies.
    """
    override = os.environ.get("PNC_CACHE_DIR")
    if override:
        return Path(override).expanduser()
    if PROJECT_ROOT is not None:
        return PROJECT_ROOT / "data" / "interim" / "corpus-cache"
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "persian-news-coverage"
