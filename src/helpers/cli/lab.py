"""``python -m helpers lab`` (``make lab``): JupyterLab on working copies of the notebooks,
and ``python -m helpers kernel``: the project's kernel registered in this environment (conda)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from helpers import config
from helpers.cli.common import EXIT_OK, EXIT_USAGE

__all__ = ["register"]


def _kernel(args: argparse.Namespace) -> int:
    from helpers.lab import KERNEL_DISPLAY_NAME, quiet_notifications, register_kernel

    folder = register_kernel(args.prefix)
    quiet_notifications(args.prefix)
    print(f"kernel: {KERNEL_DISPLAY_NAME} registered in {folder}")
    return EXIT_OK


def _lab(args: argparse.Namespace) -> int:
    from helpers.lab import kernel_is_registered, lab_arguments, prepare_workspace, quiet_notifications, register_kernel

    if args.port is not None and not 1 <= args.port <= 65535:
        print(f"helpers lab: --port must be from 1 to 65535, not {args.port}", file=sys.stderr)
        return EXIT_USAGE
    workspace = Path(args.workspace)
    try:
        copied = prepare_workspace(workspace)
    except OSError as exc:
        print(f"helpers lab: cannot prepare {workspace}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    if copied:
        print(f"lab: copied {len(copied)} notebook(s) to {workspace}/ (your working copies; notebooks/ stays as committed)", file=sys.stderr)
    if not kernel_is_registered():
        register_kernel()
    quiet_notifications()
    command = lab_arguments(workspace, port=args.port, token=args.token, open_browser=not args.no_browser)
    command += [option for option in args.jupyter_options if option != "--"]
    sys.stderr.flush()
    os.execv(command[0], command)  # JupyterLab takes over this process (Ctrl-C stops it)
    return EXIT_OK  # not reached


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``lab`` and ``kernel`` to the command line."""
    lab = commands.add_parser("lab", help="JupyterLab on working copies of the notebooks (workspace/)")
    lab.add_argument("--port", type=int, help="port (default: the first free one from 8888)")
    lab.add_argument("--token", help="access token (default: a random one, shown in the link)")
    lab.add_argument("--workspace", default=str(config.WORKSPACE_DIR), help="folder of the working copies (default: workspace)")
    lab.add_argument("--no-browser", action="store_true", help="do not open a browser")
    lab.add_argument("jupyter_options", nargs=argparse.REMAINDER, help="after --: more JupyterLab options, passed on")
    lab.set_defaults(handler=_lab)
    kernel = commands.add_parser("kernel", help="register the persian-news-coverage Jupyter kernel in this environment")
    kernel.add_argument("--prefix", help="environment prefix (default: the running Python's, e.g. the conda env)")
    kernel.set_defaults(handler=_kernel)
