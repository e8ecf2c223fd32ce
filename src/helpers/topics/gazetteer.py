"""The names list (``names.yaml``): head words, gazetteer, people, web addresses.

Data for the name layer (:mod:`helpers.topics.names`), read and validated
like the lexicon: one :class:`~helpers.topics.yamlfile.LexiconError` line
per problem. A lexicon refers to it with ``names: FILE`` (beside the
lexicon, or a packaged file); the packaged lexicon uses the packaged
``names.yaml``, documented in the file itself.

>>> names = load_names()
>>> names.heads[0].text, names.heads[0].kind
('وزارت', 'ministry')
>>> "ذوب آهن اصفهان" in [entry.text for entry in names.gazetteer]
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from helpers.topics.yamlfile import LexiconError, read_yaml

__all__ = ["DEFAULT_NAMES", "Head", "NameEntry", "NameList", "load_names", "resolve_names"]

DEFAULT_NAMES = Path(str(files("helpers") / "data" / "names.yaml"))
_KEYS = {
    "version", "heads", "continuation", "prefixes", "qualifiers", "gazetteer", "clubs", "reporting", "titles",
    "first_names", "surname_endings", "urls",
}  # fmt: skip
_LISTS = ("continuation", "prefixes", "qualifiers", "reporting", "titles", "first_names", "surname_endings")
_HEAD_KEYS = {"head", "kind", "compound", "requires_after"}
_ENTRY_KEYS = {"name", "kind", "requires"}
_CLUB_KEYS = {"words", "places", "requires"}


@dataclass(frozen=True)
class Head:
    """A head word («وزارت») whose continuation is a name of ``kind``."""

    text: str
    kind: str
    compound: bool = False
    requires_after: tuple[str, ...] = ()


@dataclass(frozen=True)
class NameEntry:
    """A gazetteer name; with ``requires``, only in a sentence with one of those words."""

    text: str
    kind: str
    requires: tuple[str, ...] = ()


@dataclass(frozen=True)
class NameList:
    """Everything the name layer looks for (all tuples: hashable, part of the lexicon's key)."""

    heads: tuple[Head, ...] = ()
    continuation: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    qualifiers: tuple[str, ...] = ()
    gazetteer: tuple[NameEntry, ...] = ()
    club_words: tuple[str, ...] = ()
    club_places: tuple[str, ...] = ()
    club_requires: tuple[str, ...] = ()
    reporting: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    first_names: tuple[str, ...] = ()
    surname_endings: tuple[str, ...] = ()
    urls: bool = False
    path: Path | None = field(default=None, compare=False, repr=False)


def _words(value: object, name: str, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise LexiconError(f"{name}: {where} must be a list of non-empty strings")
    return tuple(" ".join(v.split()) for v in value)


def _mapping(value: object, keys: set[str], name: str, where: str) -> dict:
    if not isinstance(value, dict):
        raise LexiconError(f"{name}: {where} must be a mapping")
    unknown = set(value) - keys
    if unknown:
        raise LexiconError(f"{name}: {where}: unknown key {sorted(map(str, unknown))[0]!r} (allowed: {', '.join(sorted(keys))})")
    return value


def _text(value: object, name: str, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise LexiconError(f"{name}: {where} must be a non-empty string")
    return " ".join(value.split())


def load_names(path: str | Path | None = None) -> NameList:
    """Read and validate a names file (the packaged one when ``path`` is None)."""
    path = Path(path) if path is not None else DEFAULT_NAMES
    name = path.name
    raw = _mapping(read_yaml(path), _KEYS, name, "the file")
    lists = {key: _words(raw.get(key), name, f"'{key}'") for key in _LISTS}
    heads = []
    entries = raw.get("heads") or []
    if not isinstance(entries, list):
        raise LexiconError(f"{name}: 'heads' must be a list of {{head, kind}} mappings")
    for number, entry in enumerate(entries, 1):
        entry = _mapping(entry, _HEAD_KEYS, name, f"head {number}")
        compound = entry.get("compound", False)
        if not isinstance(compound, bool):
            raise LexiconError(f"{name}: head {number}: compound must be true or false")
        heads.append(
            Head(
                _text(entry.get("head"), name, f"head {number}: 'head'"), _text(entry.get("kind"), name, f"head {number}: 'kind'"),
                compound, _words(entry.get("requires_after"), name, f"head {number}: 'requires_after'"),
            )
        )  # fmt: skip
    gazetteer = []
    entries = raw.get("gazetteer") or []
    if not isinstance(entries, list):
        raise LexiconError(f"{name}: 'gazetteer' must be a list of {{name, kind}} mappings")
    seen: set[str] = set()
    for number, entry in enumerate(entries, 1):
        entry = _mapping(entry, _ENTRY_KEYS, name, f"gazetteer entry {number}")
        text = _text(entry.get("name"), name, f"gazetteer entry {number}: 'name'")
        if text in seen:
            raise LexiconError(f"{name}: gazetteer: duplicate name {text!r}")
        seen.add(text)
        gazetteer.append(NameEntry(text, _text(entry.get("kind"), name, f"gazetteer entry {number}: 'kind'"), _words(entry.get("requires"), name, f"gazetteer entry {number}: 'requires'")))
    clubs = _mapping(raw.get("clubs") or {}, _CLUB_KEYS, name, "'clubs'")
    urls = raw.get("urls", False)
    if not isinstance(urls, bool):
        raise LexiconError(f"{name}: 'urls' must be true or false")
    return NameList(
        heads=tuple(heads), gazetteer=tuple(gazetteer), urls=urls, path=path,
        club_words=_words(clubs.get("words"), name, "'clubs: words'"), club_places=_words(clubs.get("places"), name, "'clubs: places'"),
        club_requires=_words(clubs.get("requires"), name, "'clubs: requires'"), **lists,
    )  # fmt: skip


def resolve_names(value: object, lexicon_path: Path) -> NameList | None:
    """The names file a lexicon's ``names:`` key points to: beside the lexicon, else packaged.

    ``None`` or ``false``: no name layer.
    """
    if value is None or value is False:
        return None
    if not isinstance(value, str) or not value.strip():
        raise LexiconError(f"{lexicon_path.name}: 'names' must be the name of a names file (e.g. names.yaml) or false")
    candidate = Path(value)
    if not candidate.is_absolute():
        beside = lexicon_path.parent / candidate
        packaged = DEFAULT_NAMES.parent / candidate
        candidate = beside if beside.exists() or not packaged.exists() else packaged
    if not candidate.exists():
        raise LexiconError(f"{lexicon_path.name}: names file {value!r} not found beside the lexicon or in the package")
    return load_names(candidate)
