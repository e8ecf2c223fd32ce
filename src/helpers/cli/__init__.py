"""The command line: ``python -m helpers COMMAND`` (one module per command).

``check PATH [--json]``, ``coverage PATH [--lexicon FILE] [--output FILE.csv] [--long]``,
``figures PATH --out DIR [--lang fa|en|both] [--formats png,svg,pdf] [--size column|page|slide] [--dpi N]
[--svg-text]``, ``report [--corpus PATH] [--out DIR] [--lang …] [--lexicon FILE]``, ``lab [--port N] [--token T]``,
``kernel``, ``duplicates PATH [--threshold T] [--json]``, ``compare PATH --by source [--output C.csv]``,
``countries PATH [--table documents|summary|topics] [--output X.csv]``.

Exit codes: 0 when every input loaded, 1 when anything was skipped, 2 for a
usage error or a missing path (one-line message on stderr).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from helpers import config

from helpers.cli import check, compare, countries, coverage, duplicates, figures, lab, report
from helpers.cli.common import OneLineParser, run_command

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The parser of every command."""
    parser = OneLineParser(prog="python -m helpers", description="Persian news coverage helpers.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)
    for command in (check, coverage, figures, report, duplicates, compare, countries, lab):
        command.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    # matplotlib's font cache, IPython's history, Dask's scratch space: inside the project
    config.use_tool_environment()
    args = build_parser().parse_args(argv)
    return run_command(args.handler, args)
