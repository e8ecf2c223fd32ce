"""Reading a user's YAML file (lexicon, names list) without surprises.

A lexicon is a file users copy, edit and share, so it is read as hostile
input: YAML's safe loader only (no Python objects), a size cap, a cap on
what aliases expand to (``&a [*a, *a, …]`` nested ten deep is a billion
items: the "billion laughs"), no recursive aliases, UTF-8 only. Each problem
is a :class:`LexiconError` of one line naming the file; nothing is
constructed before the checks pass, so a hostile file fails in milliseconds.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> (folder / "laughs.yaml").write_text("a: &a [x, x, x, x, x, x, x, x, x, x]\\n" + "".join(
...     f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\\n" for p, c in zip("abcdefgh", "bcdefghi")), encoding="utf-8") > 0
True
>>> read_yaml(folder / "laughs.yaml")
Traceback (most recent call last):
...
helpers.topics.yamlfile.LexiconError: laughs.yaml: line 6: aliases expand to more than 200,000 values (a file built to exhaust memory?)
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import yaml

__all__ = ["MAX_BYTES", "MAX_NODES", "LexiconError", "nesting_bound", "read_yaml"]

# A lexicon of every Persian word would be a few megabytes.
MAX_BYTES = 20_000_000
# Values after alias expansion: the packaged lexicon has about 3,000.
MAX_NODES = 200_000
# libyaml's parser (≈7× faster: most of a warm run's lexicon load) builds the
# node tree recursively in C with no depth limit: 30,000 nested brackets (a
# 60 KB file) kill the process. It is used only when the nesting cannot be
# deeper than this; anything else takes the pure-Python loader, whose
# RecursionError becomes the one-line error below.
_C_LOADER = getattr(yaml, "CSafeLoader", None)
_C_MAX_DEPTH = 200
_LINE_PREFIX = re.compile(r"^[ \t?-]*", re.MULTILINE)


def nesting_bound(text: str) -> int:
    """An upper bound on a YAML text's nesting depth: the longest run of
    indentation and ``-``/``?`` markers opening a line (block nesting needs
    one column per level) plus the deepest bracket nesting, quotes ignored.

    >>> nesting_bound("topics:\\n  - id: trade\\n    terms: [a, [b]]\\n"), nesting_bound("[" * 50 + "]" * 50)
    (6, 50)
    """
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    steps = ((codes == ord("[")) | (codes == ord("{"))).astype(np.int32) - ((codes == ord("]")) | (codes == ord("}")))
    flow = int(np.cumsum(steps).max(initial=0))
    return max(map(len, _LINE_PREFIX.findall(text)), default=0) + flow


def _loader_for(text: str) -> type:
    if _C_LOADER is not None and nesting_bound(text) <= _C_MAX_DEPTH:
        return _C_LOADER
    return yaml.SafeLoader


class LexiconError(ValueError):
    """An invalid lexicon file; the message names the file and the problem."""


def read_yaml(path: str | Path) -> object:
    """The file's YAML document (safe types only), or one clear :class:`LexiconError`."""
    path = Path(path)
    try:
        if path.is_dir():
            raise LexiconError(f"{path}: cannot read lexicon: it is a folder")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise LexiconError(f"{path.name}: {size:,} bytes: larger than the {MAX_BYTES:,}-byte limit for a lexicon file")
        data = path.read_bytes()
    except OSError as exc:
        raise LexiconError(f"{path}: cannot read lexicon: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LexiconError(f"{path.name}: not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}): save the file as UTF-8") from None
    if "\x00" in text:
        raise LexiconError(f"{path.name}: contains NUL characters: not a text file")
    loader = _loader_for(text)(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_size(node, path)
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "file"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise LexiconError(f"{path.name}: {where}: not valid YAML ({problem})") from None
    except RecursionError:
        raise LexiconError(f"{path.name}: nested too deeply to be a lexicon") from None
    finally:
        loader.dispose()


def _check_size(root: yaml.Node, path: Path) -> None:
    """Fail when the node graph, aliases expanded, exceeds ``MAX_NODES`` or loops.

    Iterative (no recursion limit), memoized per node: linear in the file.
    """
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children = _children(node)
        if done:
            on_path.discard(key)
            total = 1 + sum(sizes[id(c)] for c in children)
            if total > MAX_NODES:
                raise LexiconError(
                    f"{path.name}: line {node.start_mark.line + 1}: aliases expand to more than {MAX_NODES:,} values"
                    " (a file built to exhaust memory?)"
                )
            sizes[key] = total
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise LexiconError(f"{path.name}: line {node.start_mark.line + 1}: an alias refers to itself (recursive YAML)")
        on_path.add(key)
        stack.append((node, True))
        for child in children:
            if id(child) in on_path:
                raise LexiconError(f"{path.name}: line {child.start_mark.line + 1}: an alias refers to itself (recursive YAML)")
            if id(child) not in sizes:
                stack.append((child, False))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []
