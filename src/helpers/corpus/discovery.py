"""Finding the input files of a corpus: a folder walked recursively, or one file.

Real folders are read first; then folder links, each once: a link to a
folder already read (or to one of its parents: a loop) is reported, not
followed, so ids never depend on the order a file system lists entries in.
File names that are not UTF-8 (archives unpacked from Windows-1256 systems)
are shown decoded as Windows-1256 when that reads as Persian, else with
``\\xNN`` escapes; control and bidirectional-override characters in names
(a newline, U+202E) are shown escaped, so a listing cannot be spoofed. The
file is still opened under its real name.

>>> display_name("news\\u202egpj.txt"), display_name("a\\nb.txt")
('news\\\\u202egpj.txt', 'a\\\\nb.txt')
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Inputs", "discover", "display_name"]

# Controls and format characters that change how a line reads (bidi
# overrides and isolates, marks), except ZWNJ/ZWJ, which Persian names use.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def display_name(name: str) -> str:
    """How a (relative) file name is shown and used as an id: valid Unicode, no controls."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes, kept by the OS as surrogates
        raw = name.encode("utf-8", "surrogateescape")
        try:
            decoded = raw.decode("cp1256")
        except UnicodeDecodeError:
            decoded = ""
        letters = [c for c in decoded if c.isalpha()]
        persian = sum(1 for c in letters if "ARABIC" in unicodedata.name(c, ""))
        name = decoded if letters and persian * 2 >= len(letters) else raw.decode("utf-8", "backslashreplace")
    return _UNSAFE.sub(_escape, name)


@dataclass
class Inputs:
    """The input files of a corpus.

    Attributes:
        root: the folder paths are relative to.
        files: relative POSIX paths as shown (see :func:`display_name`), sorted.
        problems: ``(path, reason)`` of folders that could not be read or followed.
        real_names: shown path → the path to open, where they differ.
    """

    root: Path
    files: list[str]
    problems: list[tuple[str, str]] = field(default_factory=list)
    real_names: dict[str, str] = field(default_factory=dict)

    def read_path(self, relpath: str) -> str:
        """The relative path to open for a shown one."""
        return self.real_names.get(relpath, relpath)


def _shown_as_they_are(folder: str, names: list[str]) -> bool:
    """Whether :func:`display_name` leaves ``folder + name`` as it is for every name
    (valid UTF-8, nothing to escape): checked on them joined by «/», which no
    name holds."""
    joined = folder + "/".join(names)
    try:
        joined.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return _UNSAFE.search(joined) is None


def _add(inputs: Inputs, real: str) -> None:
    shown = display_name(real)
    if shown != real:
        while shown in inputs.real_names:  # two raw names shown alike: keep both apart
            shown += "~"
        inputs.real_names[shown] = real
    inputs.files.append(shown)


def discover(path: Path) -> Inputs:
    """List the input files under ``path`` (see module docstring).

    For a folder: every non-hidden entry below it that is not a folder
    (special files are listed too: the loader reports them); hidden files
    and folders (``.git``, ``.DS_Store``) are not inputs, as in git. For
    anything else: its parent and its name.
    """
    top = os.fspath(path)
    if not os.path.isdir(top):
        inputs = Inputs(root=path.parent, files=[])
        _add(inputs, path.name)
        return inputs
    inputs = Inputs(root=path, files=[])
    inside: set[str] = set()
    links: list[tuple[str, str]] = []  # (relative path of the link, its absolute path)

    def walk(start: str, prefix: str) -> None:
        def unreadable(error: OSError) -> None:
            where = os.path.relpath(error.filename or start, start).replace(os.sep, "/")
            shown = display_name(prefix + ("" if where == "." else where + "/")) or "./"
            inputs.problems.append((shown, f"cannot read folder: {error.strerror or error}"))

        # Plain strings, not Path objects: pathlib costs ~25 µs a file on big corpora.
        for folder, dirs, files in os.walk(start, onerror=unreadable, followlinks=False):
            inside.add(os.path.realpath(folder))
            rel = os.path.relpath(folder, start).replace(os.sep, "/")
            rel = prefix + ("" if rel == "." else rel + "/")
            kept = []
            for name in dirs:
                if name.startswith("."):
                    continue
                full = os.path.join(folder, name)
                if os.path.islink(full):
                    links.append((rel + name, full))
                else:
                    kept.append(name)
            dirs[:] = kept
            visible = [name for name in files if not name.startswith(".")]
            if _shown_as_they_are(rel, visible):  # the usual folder: one check for all its names
                inputs.files.extend([rel + name for name in visible])
            else:
                for name in visible:
                    _add(inputs, rel + name)

    walk(top, "")
    # Links after every real folder: the real path wins, whatever the listing order.
    while links:
        links.sort()
        rel, full = links.pop(0)
        real = os.path.realpath(full)
        # Already read, inside something read, or holding something read (a loop).
        if real in inside or any(real.startswith(f + os.sep) or f.startswith(real + os.sep) for f in inside):
            inputs.problems.append((display_name(rel) + "/", "folder link to a folder already read; not followed"))
            continue
        walk(full, rel + "/")
    inputs.files.sort()
    return inputs
