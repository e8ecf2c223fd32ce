"""JupyterLab for analysts: working copies of the notebooks, the project's kernel, no toasts.

``make lab`` (``python -m helpers lab``) opens JupyterLab on ``workspace/``
(git-ignored), not on ``notebooks/``: on first use each notebook of the
suite is copied there, and a copy that exists is never overwritten — a
notebook added to the suite later is copied on the next start. Edits,
outputs and autosaves stay in the copies; the committed notebooks (which
strict nbval checks) stay as they are. The copies sit beside
``notebooks/``, so their default parameters (``../seeds``) still point at
the project's folders.

The server runs with the news feed and the update check off (no toasts:
:func:`quiet_notifications` sets JupyterLab's defaults in the environment),
on ``--port`` and ``--token`` when given, and with the
``persian-news-coverage`` kernel registered in the active environment
(:func:`register_kernel`, also ``python -m helpers kernel`` for conda).

>>> "--LabApp.news_url=None" in lab_arguments(config.WORKSPACE_DIR, port=8899)
True
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from helpers import config

__all__ = [
    "KERNEL_DISPLAY_NAME", "KERNEL_NAME", "lab_arguments", "prepare_workspace", "quiet_notifications", "register_kernel",
]  # fmt: skip

KERNEL_NAME = "persian-news-coverage"
KERNEL_DISPLAY_NAME = "Python (persian-news-coverage)"
#: JupyterLab's defaults for this environment: no "get notified about Jupyter news?" toast, no update check.
NOTIFICATION_DEFAULTS = {"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False}}


def prepare_workspace(workspace: str | Path = config.WORKSPACE_DIR, source: str | Path = config.NOTEBOOKS_DIR) -> list[Path]:
    """Copy each suite notebook missing from ``workspace``; never overwrite a copy. Returns the new copies."""
    workspace, source = Path(workspace), Path(source)
    workspace.mkdir(parents=True, exist_ok=True)
    copied = []
    for notebook in sorted(source.glob("[0-9][0-9]-*.ipynb")):
        target = workspace / notebook.name
        if not target.exists():
            shutil.copyfile(notebook, target)
            copied.append(target)
    return copied


def lab_arguments(
    workspace: str | Path, *, port: int | None = None, token: str | None = None, open_browser: bool = True
) -> list[str]:
    """The command line that starts JupyterLab on ``workspace``."""
    arguments = [
        sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={Path(workspace).resolve()}",
        # no news feed and no update check: nothing asks the analyst to go online
        "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate",
    ]  # fmt: skip
    if config.PROJECT_ROOT is not None:  # the window layout, not the user's settings, stays with the project
        arguments.append(f"--LabApp.workspaces_dir={config.TOOLS_DIR / 'lab-workspaces'}")
    if port is not None:
        arguments += [f"--ServerApp.port={port}", "--ServerApp.port_retries=0"]
    if token is not None:
        arguments.append(f"--IdentityProvider.token={token}")
    if not open_browser:
        arguments.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        arguments.append("--allow-root")
    return arguments


def quiet_notifications(prefix: str | Path | None = None) -> Path:
    """Default JupyterLab's news and update notifications to off in this environment.

    Written as the package's own file in ``overrides.d`` of the environment's
    JupyterLab settings (a conda env or .venv, not the home folder); a user's
    own settings still win. Returns the file.
    """
    import json

    folder = Path(prefix or sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.d"
    target = folder / f"{KERNEL_NAME}.json"
    text = json.dumps(NOTIFICATION_DEFAULTS, indent=2) + "\n"
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        folder.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return target


def register_kernel(prefix: str | Path | None = None) -> Path:
    """Install the ``persian-news-coverage`` kernel spec into ``prefix`` (default: this
    environment, a conda env or .venv: nothing is written to the home folder); returns its folder."""
    from ipykernel.kernelspec import install

    return Path(install(kernel_name=KERNEL_NAME, display_name=KERNEL_DISPLAY_NAME, prefix=str(prefix or sys.prefix)))


def kernel_is_registered() -> bool:
    """Whether Jupyter finds the project's kernel."""
    from jupyter_client.kernelspec import KernelSpecManager

    return KERNEL_NAME in KernelSpecManager().find_kernel_specs()
