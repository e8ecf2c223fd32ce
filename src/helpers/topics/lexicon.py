"""The topic lexicon: what counts as a mention of each topic.

The lexicon is data (``helpers/data/lexicon.yaml``, documented in the file
itself): users copy and edit it. :func:`load_lexicon` reads it with YAML's
safe loader and validates it, failing with one clear line per problem.

>>> lexicon = load_lexicon()
>>> lexicon.topic("sco").label_en, lexicon.topic("sco").group
('SCO', 'regional_bodies')
>>> lexicon.members("regional_bodies")[:4]
['sco', 'brics', 'eco', 'eaeu']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from helpers.topics.codebook import Codebook, parse_codebook
from helpers.topics.gazetteer import NameList, resolve_names
from helpers.topics.yamlfile import LexiconError, read_yaml

__all__ = ["DEFAULT_LEXICON", "Lexicon", "LexiconError", "Term", "Topic", "load_lexicon"]

DEFAULT_LEXICON = Path(str(files("helpers") / "data" / "lexicon.yaml"))

_TOP_KEYS = {"version", "contexts", "topics", "names"}
_TOPIC_KEYS = {
    "id", "label_fa", "label_en", "color", "group", "kind", "terms",
    "requires", "exclude", "unless", "patterns", "description", "inside_names", "codebook",
}  # fmt: skip
_TERM_KEYS = {"term", "requires", "exclude", "unless", "inflect"}
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")


@dataclass(frozen=True)
class Term:
    """One term of a topic, with its context rules (already resolved).

    ``requires``: context words (or ``@topic``) one of which must occur in the
    same sentence (empty: no condition). ``exclude``: phrases that contain the
    term and cancel it. ``unless``: words that cancel it in the same sentence.
    """

    text: str
    topic: str
    requires: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    inflect: bool = True


@dataclass(frozen=True)
class Topic:
    """A topic (or a group of topics) of the lexicon."""

    id: str
    label_fa: str
    label_en: str
    color: str
    group: str | None = None
    kind: str = "topic"
    terms: tuple[Term, ...] = ()
    patterns: tuple[re.Pattern[str], ...] = ()
    description: str = ""
    # "count": its terms count inside a head word's name (a body's organs bear its name)
    inside_names: str = "suppress"
    codebook: Codebook | None = field(default=None, compare=False, repr=False)

    @property
    def is_group(self) -> bool:
        return self.kind == "group"

    def label(self, lang: str = "fa") -> str:
        """``fa``, ``en`` or ``both`` («انرژی (Energy)»)."""
        if lang == "en":
            return self.label_en
        if lang == "both":
            return f"{self.label_fa} ({self.label_en})"
        return self.label_fa


@dataclass(frozen=True)
class Lexicon:
    """Validated topics, in file order."""

    topics: tuple[Topic, ...]
    path: Path = field(default=DEFAULT_LEXICON)
    names: NameList | None = None  # proper names whose topic words do not count (helpers.topics.names)

    @property
    def ids(self) -> list[str]:
        return [t.id for t in self.topics]

    def topic(self, topic_id: str) -> Topic:
        for topic in self.topics:
            if topic.id == topic_id:
                return topic
        raise KeyError(topic_id)

    def members(self, group_id: str) -> list[str]:
        """Ids of the topics whose ``group`` is ``group_id``."""
        return [t.id for t in self.topics if t.group == group_id]

    @property
    def leaf_ids(self) -> list[str]:
        """Topics that have terms of their own (not groups)."""
        return [t.id for t in self.topics if not t.is_group]

    @property
    def terms(self) -> list[Term]:
        return [term for topic in self.topics for term in topic.terms]


def _fail(path: Path, where: str, message: str) -> LexiconError:
    return LexiconError(f"{path.name}: {where}: {message}")


def _string_list(value: object, path: Path, where: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str | int) and str(v).strip() for v in value):
        raise _fail(path, where, f"'{key}' must be a list of non-empty strings")
    return tuple(str(v).strip() for v in value)


def _parse_topic(raw: object, index: int, path: Path) -> Topic:
    if not isinstance(raw, dict):
        raise _fail(path, f"topic #{index + 1}", "must be a mapping with id, label_fa, label_en, color")
    topic_id = raw.get("id")
    where = f"topic {topic_id!r}" if isinstance(topic_id, str) and topic_id else f"topic #{index + 1}"
    unknown = set(map(str, raw)) - _TOPIC_KEYS
    if unknown:
        raise _fail(path, where, f"unknown key {sorted(unknown)[0]!r} (allowed: {', '.join(sorted(_TOPIC_KEYS))})")
    for key in ("id", "label_fa", "label_en", "color"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise _fail(path, where, f"missing or empty {key!r}")
    if not _ID.match(topic_id):
        raise _fail(path, where, "id must be lowercase letters, digits and _ (e.g. 'caspian_environment')")
    if not _COLOR.match(raw["color"]):
        raise _fail(path, where, f"color {raw['color']!r} is not #RRGGBB")
    kind = raw.get("kind", "topic")
    if not isinstance(kind, str) or kind not in ("topic", "group"):
        raise _fail(path, where, f"kind must be 'topic' or 'group', not {kind!r}")
    for key in ("group", "description"):
        if raw.get(key) is not None and not isinstance(raw[key], str):
            raise _fail(path, where, f"{key!r} must be a string, not a {type(raw[key]).__name__}")
    inside_names = raw.get("inside_names", "suppress")
    if inside_names not in ("count", "suppress"):
        raise _fail(path, where, f"inside_names must be 'count' or 'suppress', not {inside_names!r}")
    codebook = parse_codebook(raw.get("codebook"), path.name, where)
    if raw.get("terms") is not None and not isinstance(raw["terms"], list):
        raise _fail(path, where, f"'terms' must be a list, not a {type(raw['terms']).__name__}")

    defaults = {key: _string_list(raw.get(key), path, where, key) for key in ("requires", "exclude", "unless")}
    terms: list[Term] = []
    for entry in raw.get("terms") or []:
        if isinstance(entry, str | int) and not isinstance(entry, bool):
            text, rules, inflect = str(entry).strip(), {}, True
        elif isinstance(entry, dict):
            unknown = set(map(str, entry)) - _TERM_KEYS
            if unknown:
                raise _fail(path, where, f"term {entry.get('term')!r}: unknown key {sorted(unknown)[0]!r} (allowed: {', '.join(sorted(_TERM_KEYS))})")
            if entry.get("term") is not None and not isinstance(entry["term"], str | int) or isinstance(entry.get("term"), bool):
                raise _fail(path, where, f"term {entry.get('term')!r}: 'term' must be a string")
            text = str(entry.get("term") or "").strip()
            rules = {key: _string_list(entry[key], path, where, key) for key in ("requires", "exclude", "unless") if key in entry}
            inflect = entry.get("inflect", True)
            if not isinstance(inflect, bool):
                raise _fail(path, where, f"term {text!r}: inflect must be true or false")
        else:
            raise _fail(path, where, f"a term must be a string or a mapping, not {type(entry).__name__}")
        if not text:
            raise _fail(path, where, "empty term")
        terms.append(Term(text=text, topic=topic_id, inflect=inflect, **{**defaults, **rules}))

    patterns: list[re.Pattern[str]] = []
    for pattern in _string_list(raw.get("patterns"), path, where, "patterns"):
        try:
            patterns.append(re.compile(pattern))
        except re.error as exc:
            raise _fail(path, where, f"bad regex {pattern!r}: {exc}") from None

    if kind == "group":
        if terms or patterns:
            raise _fail(path, where, "a group has no terms of its own: its count is the total of its members")
    elif not terms and not patterns:
        raise _fail(path, where, "empty term list")
    seen: set[str] = set()
    for term in terms:
        if term.text in seen:
            raise _fail(path, where, f"duplicate term {term.text!r}")
        seen.add(term.text)
    return Topic(
        id=topic_id,
        label_fa=raw["label_fa"].strip(),
        label_en=raw["label_en"].strip(),
        color=raw["color"],
        group=raw.get("group"),
        kind=kind,
        terms=tuple(terms),
        patterns=tuple(patterns),
        description=str(raw.get("description") or "").strip(),
        inside_names=inside_names,
        codebook=codebook,
    )


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """Load and validate a lexicon (the packaged default when ``path`` is None).

    Raises:
        LexiconError: unreadable file, bad YAML, unknown keys, empty term
            lists, duplicate ids or terms, bad regex, unknown group or
            ``@topic`` references — one line naming the file and the topic.
    """
    path = Path(path) if path is not None else DEFAULT_LEXICON
    raw = read_yaml(path)  # size, alias and encoding caps: one line per problem
    if not isinstance(raw, dict) or not isinstance(raw.get("topics"), list) or not raw["topics"]:
        raise LexiconError(f"{path.name}: must be a mapping with a non-empty 'topics' list")
    unknown = set(map(str, raw)) - _TOP_KEYS
    if unknown:
        raise LexiconError(f"{path.name}: unknown top-level key {sorted(unknown)[0]!r} (allowed: {', '.join(sorted(_TOP_KEYS))})")

    topics = [_parse_topic(t, i, path) for i, t in enumerate(raw["topics"])]
    ids = [t.id for t in topics]
    seen: set[str] = set()
    for topic_id in ids:
        if topic_id in seen:
            raise LexiconError(f"{path.name}: duplicate topic id {topic_id!r}")
        seen.add(topic_id)
    groups = {t.id for t in topics if t.is_group}
    for topic in topics:
        if topic.group is not None and topic.group not in groups:
            raise LexiconError(f"{path.name}: topic {topic.id!r}: group {topic.group!r} is not a topic with kind: group")
        for term in topic.terms:
            for cue in term.requires:
                if cue.startswith("@") and cue[1:] not in ids:
                    raise LexiconError(f"{path.name}: topic {topic.id!r}: term {term.text!r} requires unknown topic {cue!r}")
    used = {t.group for t in topics}
    for group in groups:
        if group not in used:
            raise LexiconError(f"{path.name}: group {group!r} has no member topics")
    return Lexicon(topics=tuple(topics), path=path, names=resolve_names(raw.get("names"), path))
