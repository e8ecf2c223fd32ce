"""hazm's word and verb lists and tables, built once and kept on disk.

The normalizer (:mod:`~helpers.corpus.normalizer`) and the ZWNJ and token
steps (:mod:`~helpers.corpus.normalization`) need from hazm 0.12 its word list
(≈190,000 words with their corpus counts), every conjugated verb form its
Lemmatizer generates (≈350,000), the verb-part sets of its WordTokenizer and
a few constant tables. Getting them from hazm costs ≈6 s: ``import hazm``
pulls in NLTK and SciPy (≈2.4 s) and the Lemmatizer conjugates every verb.
A process pool's fork server paid that inside every cold run, and every
kernel and command before its first document.

:func:`hazm_resources` builds them from hazm once and keeps them as one JSON
file (big lists as newline-joined strings, which load in a split) under the
cache folder, named by a digest of hazm's version, the hazm files they come
from and this module's source: editing or upgrading hazm builds them again,
and a file that is unreadable or inconsistent is rebuilt, never served.
Later processes read it in ≈0.2 s and never import hazm. A folder that
cannot be written only costs the time.

>>> resources = hazm_resources()
>>> "کتاب" in resources.frequency and "می‌روم" in resources.verbs
True
>>> resources == build_resources()
True
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, fields
from functools import lru_cache
from importlib.metadata import version
from importlib.util import find_spec
from pathlib import Path

from helpers import config

__all__ = ["HazmResources", "build_resources", "hazm_resources", "joinable_entries", "joinable_tails", "resources_path"]

ZWNJ = "\u200c"
_FORMAT = 2
# hazm's files the resources are computed from (relative to its package).
_SOURCES = (
    "constants.py", "utils.py", "word_tokenizer.py", "lemmatizer.py", "normalizer.py", "data/words.dat", "data/verbs.dat",
)  # fmt: skip
_SETS = ("verbs", "before_verbs", "after_verbs", "participles", "joinable_tails")
_PAIRS = ("diacritics_patterns", "special_chars_patterns", "unicode_replacements")
_STRINGS = ("translation_src", "translation_dst", "numbers_src", "numbers_dst")


@dataclass(frozen=True)
class HazmResources:
    """What the project uses of hazm's data, as plain Python values.

    Attributes:
        frequency: word → its count in hazm's corpus (``WordTokenizer().words``).
        verbs: conjugated verb forms (``Lemmatizer(joined_verb_parts=False).verbs``).
        before_verbs: «خواهد»-like tokens the tokenizer joins to a verb after them.
        after_verbs: auxiliaries a participle is joined to.
        participles: participles that join an auxiliary (hazm's ``verbe``).
        suffixes: hazm's ``SUFFIXES`` (joined to a word with ZWNJ), sorted.
        diacritics_patterns, special_chars_patterns, unicode_replacements:
            hazm's ``(pattern, replacement)`` tables of those names.
        translation_src, translation_dst, numbers_src, numbers_dst: hazm's
            letter and digit tables.
        joinable_tails: what follows a ZWNJ (with something before it) in a
            verb or a word hazm's corpus counts: with ``suffixes``, the only
            tokens hazm's spacing step can join to the token before them
            (derived here, where it is kept: ≈0.4 s to compute).
        verbs_with_underscore: whether any verb form holds «_».
    """

    frequency: dict[str, int]
    verbs: frozenset[str]
    before_verbs: frozenset[str]
    after_verbs: frozenset[str]
    participles: frozenset[str]
    suffixes: tuple[str, ...]
    diacritics_patterns: tuple[tuple[str, str], ...]
    special_chars_patterns: tuple[tuple[str, str], ...]
    unicode_replacements: tuple[tuple[str, str], ...]
    translation_src: str
    translation_dst: str
    numbers_src: str
    numbers_dst: str
    joinable_tails: frozenset[str]
    verbs_with_underscore: bool


def joinable_entries(verbs: frozenset[str], frequency: dict[str, int]) -> frozenset[str]:
    """What hazm's spacing step joins two tokens into: a verb, or a word its corpus counts.

    >>> sorted(joinable_entries(frozenset({"رفت"}), {"کتاب": 3, "کتب": 0}))
    ['رفت', 'کتاب']
    """
    return verbs | {word for word, count in frequency.items() if count > 0}


def joinable_tails(verbs: frozenset[str], frequency: dict[str, int]) -> frozenset[str]:
    """Every tail after a ZWNJ in a :func:`joinable_entries` entry (see :class:`HazmResources`).

    >>> sorted(joinable_tails(frozenset({"می\u200cروم"}), {"\u200cها": 1, "کتاب\u200cها": 0}))
    ['روم']
    """
    entries = joinable_entries(verbs, frequency)
    tails = {
        ZWNJ.join(parts[k:])
        for parts in (entry.split(ZWNJ) for entry in entries if ZWNJ in entry)
        for k in range(1, len(parts))
        if k > 1 or parts[0]  # something before that ZWNJ
    }
    tails.discard("")
    return frozenset(tails)


def build_resources() -> HazmResources:
    """The resources computed from the installed hazm (imports it: seconds)."""
    import hazm
    from hazm import constants

    tokenizer = hazm.WordTokenizer()
    lemmatizer = hazm.Lemmatizer(joined_verb_parts=False)
    frequency = {word: int(count) for word, (count, _tags) in tokenizer.words.items()}
    verbs = frozenset(lemmatizer.verbs.keys())
    return HazmResources(
        frequency=frequency,
        verbs=verbs,
        before_verbs=frozenset(tokenizer.before_verbs),
        after_verbs=frozenset(tokenizer.after_verbs),
        participles=frozenset(tokenizer.verbe),
        suffixes=tuple(sorted(constants.SUFFIXES)),  # a set in hazm
        diacritics_patterns=_pairs(constants.DIACRITICS_PATTERNS),
        special_chars_patterns=_pairs(constants.SPECIAL_CHARS_PATTERNS),
        unicode_replacements=_pairs(constants.UNICODE_REPLACEMENTS),
        translation_src=constants.TRANSLATION_SRC,
        translation_dst=constants.TRANSLATION_DST,
        numbers_src=constants.NUMBERS_SRC,
        numbers_dst=constants.NUMBERS_DST,
        joinable_tails=joinable_tails(verbs, frequency),
        verbs_with_underscore=any("_" in verb for verb in verbs),
    )


def _pairs(table: object) -> tuple[tuple[str, str], ...]:
    return tuple((str(a), str(b)) for a, b in table)  # type: ignore[attr-defined]


def _hazm_folder() -> Path | None:
    spec = find_spec("hazm")  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _key() -> str | None:
    """Digest of hazm's version, its source files above and this module; None
    when one of them cannot be read (then nothing is kept)."""
    folder = _hazm_folder()
    if folder is None:
        return None
    digest = hashlib.blake2b(f"{_FORMAT}\x1f{version('hazm')}".encode(), digest_size=12)
    try:
        digest.update(Path(__file__).read_bytes())
        for name in _SOURCES:
            digest.update(name.encode() + b"\x1f" + (folder / name).read_bytes())
    except OSError:
        return None
    return digest.hexdigest()


def resources_path() -> Path | None:
    """Where the resources of the installed hazm are kept (None: not kept).

    >>> resources_path().name.startswith("hazm-")
    True
    """
    key = _key()
    return None if key is None else config.cache_dir() / "resources" / f"hazm-{key}.json"


def _to_json(resources: HazmResources) -> str:
    words = list(resources.frequency)
    document: dict[str, object] = {
        "format": _FORMAT,
        "words": "\n".join(words),
        "counts": "\n".join(str(resources.frequency[w]) for w in words),
        **{name: "\n".join(sorted(getattr(resources, name))) for name in _SETS},
        "suffixes": list(resources.suffixes),
        **{name: [list(pair) for pair in getattr(resources, name)] for name in _PAIRS},
        **{name: getattr(resources, name) for name in _STRINGS},
        "verbs_with_underscore": resources.verbs_with_underscore,
    }
    return json.dumps(document, ensure_ascii=False)


def _lines(value: object) -> list[str]:
    if not isinstance(value, str):
        raise ValueError("not a string")
    return value.split("\n") if value else []


def _from_json(text: str) -> HazmResources:
    """Resources from :func:`_to_json`'s text; ValueError (or KeyError/TypeError) if it is not that."""
    document = json.loads(text)
    if not isinstance(document, dict) or document.get("format") != _FORMAT:
        raise ValueError("another format")
    words, counts = _lines(document["words"]), _lines(document["counts"])
    if len(words) != len(counts) or len(set(words)) != len(words):
        raise ValueError("words and counts differ")
    values: dict[str, object] = {
        "frequency": dict(zip(words, map(int, counts), strict=True)),
        **{name: frozenset(_lines(document[name])) for name in _SETS},
        "suffixes": tuple(map(str, document["suffixes"])),
        **{name: tuple((str(a), str(b)) for a, b in document[name]) for name in _PAIRS},
        **{name: document[name] for name in _STRINGS},
        "verbs_with_underscore": document["verbs_with_underscore"],
    }
    if not isinstance(values["verbs_with_underscore"], bool):
        raise ValueError("a flag is not true or false")
    if not all(isinstance(values[name], str) for name in _STRINGS):
        raise ValueError("a table is not a string")
    if len(values["translation_src"]) != len(values["translation_dst"]) or len(values["numbers_src"]) != len(values["numbers_dst"]):  # type: ignore[arg-type]
        raise ValueError("a table's two sides differ in length")
    return HazmResources(**values)  # type: ignore[arg-type]


def _save(path: Path, resources: HazmResources) -> None:
    """Write atomically (a reader never sees half a file); give up quietly on a read-only disk."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(_to_json(resources))
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        pass  # next process builds them again


@lru_cache(maxsize=1)
def hazm_resources() -> HazmResources:
    """The resources: read from the kept file, or built from hazm and kept."""
    path = resources_path()
    if path is not None:
        try:
            return _from_json(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            pass
        except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
            pass  # damaged or not ours: built again below and replaced
    resources = build_resources()
    if path is not None:
        _save(path, resources)
    return resources


# Every field is kept: a new field without a place in the file fails here, at import.
assert {f.name for f in fields(HazmResources)} == {"frequency", "suffixes", "verbs_with_underscore", *_SETS, *_PAIRS, *_STRINGS}
