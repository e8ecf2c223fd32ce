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
#: Working copies of the notebooks that ``make lab`` opens (git-ignored): edits and
#: outputs stay there, the committed notebooks stay as they are.
WORKSPACE_DIR = _BASE / "workspace"
#: State that the tools keep for themselves (matplotlib's font cache, IPython
#: history, Dask's scratch space, Jupyter's runtime files), git-ignored: the
#: project's commands keep it here instead of the home or temporary folder.
TOOLS_DIR = DATA_DIR / "interim" / "tools"


def tool_environment() -> dict[str, str]:
    """Environment variables that keep the tools' own files under :data:`TOOLS_DIR`.

    Empty for an installed copy (no project folder to keep them in). The
    project's commands (``python -m helpers``, the make targets) set each one
    that is not already set.

    >>> sorted(tool_environment()) if PROJECT_ROOT else []
    ['DASK_TEMPORARY_DIRECTORY', 'IPYTHONDIR', 'JUPYTER_RUNTIME_DIR', 'MPLCONFIGDIR']
    """
    if PROJECT_ROOT is None:
        return {}
    return {
        "MPLCONFIGDIR": str(TOOLS_DIR / "matplotlib"),
        "IPYTHONDIR": str(TOOLS_DIR / "ipython"),
        "DASK_TEMPORARY_DIRECTORY": str(TOOLS_DIR / "dask"),
        "JUPYTER_RUNTIME_DIR": str(TOOLS_DIR / "jupyter-runtime"),
    }


def use_tool_environment() -> None:
    """Set :func:`tool_environment` in ``os.environ`` where not set already
    (before matplotlib, IPython or Dask are imported)."""
    for name, value in tool_environment().items():
        if name not in os.environ:
            Path(value).mkdir(parents=True, exist_ok=True)  # IPython refuses a folder whose parent is missing
            os.environ[name] = value


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
