"""Finding the input files of a corpus: a folder walked recursively, or one file."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["discover"]


def discover(path: Path) -> tuple[Path, list[str], list[tuple[str, str]]]:
    """List the input files under ``path``.

    Returns:
        ``(root, relative_paths, problems)``: for a folder, every non-hidden
        file below it (recursively, following folder links once, sorted,
        POSIX-style paths); for a file, its parent and its name. ``problems``
        lists folders that could not be listed, with a reason. Hidden files
        and folders (``.git``, ``.DS_Store``) are not inputs, as in git.
    """
    if path.is_file():
        return path.parent, [path.name], []
    found: list[str] = []
    problems: list[tuple[str, str]] = []
    top = os.fspath(path)

    def relative(folder: str) -> str:
        rel = os.path.relpath(folder, top).replace(os.sep, "/")
        return "" if rel == "." else rel + "/"

    def unreadable(error: OSError) -> None:
        problems.append((relative(error.filename or top) or "./", f"cannot read folder: {error.strerror or error}"))

    seen = {os.path.realpath(top)}
    # Plain strings, not Path objects: pathlib costs ~25 µs a file on big corpora.
    for folder, dirs, files in os.walk(top, onerror=unreadable, followlinks=True):
        kept = []
        for name in dirs:
            if name.startswith("."):
                continue
            real = os.path.realpath(os.path.join(folder, name))
            if real in seen:  # a link back into the tree: reading it again would loop
                problems.append((relative(os.path.join(folder, name)), "folder link to a folder already read; not followed"))
                continue
            seen.add(real)
            kept.append(name)
        dirs[:] = kept
        prefix = relative(folder)
        found.extend(prefix + name for name in files if not name.startswith("."))
    return path, sorted(found), problems
