"""The codebook: what each topic means, what counts and what does not.

Each topic of a lexicon may carry a ``codebook`` mapping — ``definition``,
``counts`` and ``does_not_count`` (lists of rules), ``examples`` (sentences
with ``counts: true`` or ``false``) — kept with its terms so that the words
and the rules they implement change together. It is validated on load
(:func:`parse_codebook`), rendered into the README (:func:`codebook_markdown`,
a generated section that a test compares with the YAML) and shown in the
validation notebook; its examples are tested against the matcher.

>>> book = parse_codebook({"definition": "Oil and gas.", "examples": [{"text": "صادرات گاز", "counts": True}]}, "energy.yaml", "topic 'energy'")
>>> book.definition, book.examples[0].counts
('Oil and gas.', True)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from helpers.topics.yamlfile import LexiconError

__all__ = [
    "CODEBOOK_BEGIN", "CODEBOOK_END", "GENERAL_RULES", "Codebook", "Example", "codebook_markdown", "codebook_table", "parse_codebook",
    "update_readme",
]

_KEYS = {"definition", "counts", "does_not_count", "examples"}
_EXAMPLE_KEYS = {"text", "counts", "note"}
CODEBOOK_BEGIN = "<!-- codebook: generated from src/helpers/data/lexicon.yaml by helpers.topics.codebook; do not edit by hand -->"
CODEBOOK_END = "<!-- end of codebook -->"

# Conventions that hold for every topic (how the evaluation sets are labelled).
GENERAL_RULES = (
    "A topic counts when the text substantively mentions it in that sense; a mention in a list of cooperation areas or of an organisation's aims counts.",
    "Words that occur only inside a proper name or title do not count: ministries and their officials, parliamentary commissions, chambers, companies, banks, clubs, stadiums, outlets and web addresses, universities and institutes, people. The name layer (`names.yaml`) finds these names; the terms inside them are reported as `suppressed`, with the name, not counted.",
    "Other senses and purely generic background do not count («انرژی مثبت», «رعد و برق», «امنیت غذایی»): sense rules in the lexicon (`exclude`, `unless`, `requires`).",
    "Presence in a document is any counted mention; a document's count is the number of counted mentions (a word in passing and a specific term weigh the same).",
)


@dataclass(frozen=True)
class Example:
    """A codebook sentence and whether the topic is present in it."""

    text: str
    counts: bool
    note: str = ""


@dataclass(frozen=True)
class Codebook:
    """One topic's entry of the codebook."""

    definition: str
    counts: tuple[str, ...] = ()
    does_not_count: tuple[str, ...] = ()
    examples: tuple[Example, ...] = ()


def _fail(file: str, where: str, message: str) -> LexiconError:
    return LexiconError(f"{file}: {where}: codebook: {message}")


def _text_list(value: object, file: str, where: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(file, where, f"'{key}' must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def parse_codebook(raw: object, file: str, where: str) -> Codebook | None:
    """Validate a topic's ``codebook`` mapping (None when absent).

    Raises:
        LexiconError: not a mapping, unknown keys, an empty definition,
            lists of non-strings, examples without text or a true/false ``counts``.
    """
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise _fail(file, where, "must be a mapping with definition, counts, does_not_count, examples")
    unknown = set(raw) - _KEYS
    if unknown:
        raise _fail(file, where, f"unknown key {sorted(map(str, unknown))[0]!r} (allowed: {', '.join(sorted(_KEYS))})")
    definition = raw.get("definition")
    if not isinstance(definition, str) or not definition.strip():
        raise _fail(file, where, "missing or empty 'definition'")
    examples: list[Example] = []
    entries = raw.get("examples") or []
    if not isinstance(entries, list):
        raise _fail(file, where, "'examples' must be a list of {text, counts} mappings")
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or set(entry) - _EXAMPLE_KEYS:
            raise _fail(file, where, f"example {number} must be a mapping with text, counts and an optional note")
        text, counts, note = entry.get("text"), entry.get("counts"), entry.get("note", "")
        if not isinstance(text, str) or not text.strip():
            raise _fail(file, where, f"example {number} has no text")
        if not isinstance(counts, bool):
            raise _fail(file, where, f"example {number}: counts must be true or false")
        if not isinstance(note, str):
            raise _fail(file, where, f"example {number}: note must be text")
        examples.append(Example(text.strip(), counts, note.strip()))
    return Codebook(
        definition=definition.strip(),
        counts=_text_list(raw.get("counts"), file, where, "counts"),
        does_not_count=_text_list(raw.get("does_not_count"), file, where, "does_not_count"),
        examples=tuple(examples),
    )


def _bdi(text: str) -> str:
    """Persian inside an English line, isolated so it keeps its order."""
    return f"<bdi>{text}</bdi>"


def codebook_markdown(topics: Iterable[object]) -> str:
    """The codebook as Markdown (the README's generated section), from ``Topic`` objects.

    >>> from helpers.topics.lexicon import load_lexicon
    >>> text = codebook_markdown(load_lexicon().topics)
    >>> text.splitlines()[0]
    '### Rules for every topic'
    """
    lines = ["### Rules for every topic", ""]
    lines += [f"- {rule}" for rule in GENERAL_RULES]
    for topic in topics:
        book: Codebook | None = getattr(topic, "codebook", None)
        if book is None:
            continue
        lines += ["", f"### {topic.label_en} (`{topic.id}`, {_bdi(topic.label_fa)})", "", book.definition]
        if book.counts:
            lines += ["", "Counts:", ""] + [f"- {rule}" for rule in book.counts]
        if book.does_not_count:
            lines += ["", "Does not count:", ""] + [f"- {rule}" for rule in book.does_not_count]
        if book.examples:
            lines += ["", "| example | counts |", "|---|---|"]
            for example in book.examples:
                note = f" ({example.note})" if example.note else ""
                lines.append(f"| {_bdi(example.text)} | {'yes' if example.counts else 'no'}{note} |")
    return "\n".join(lines)


def update_readme(topics: Iterable[object], readme: str | object | None = None) -> bool:
    """Rewrite the README's generated codebook section from a lexicon's topics.

    Returns whether the file changed. Run after editing the codebook in
    ``lexicon.yaml``: ``python -c "from helpers import load_lexicon; from
    helpers.topics.codebook import update_readme; update_readme(load_lexicon().topics)"``.
    """
    from pathlib import Path

    from helpers import config

    path = Path(str(readme)) if readme is not None else Path(str(config.PROJECT_ROOT)) / "README.md"
    text = path.read_text(encoding="utf-8")
    begin, end = text.index(CODEBOOK_BEGIN) + len(CODEBOOK_BEGIN), text.index(CODEBOOK_END)
    new = text[:begin] + "\n\n" + codebook_markdown(topics) + "\n\n" + text[end:]
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


def codebook_table(topics: Iterable[object]) -> object:
    """The codebook as a table (topic, label, definition, counts, does not count): for notebooks.

    >>> from helpers.topics.lexicon import load_lexicon
    >>> codebook_table(load_lexicon().topics).columns.tolist()
    ['topic', 'label', 'definition', 'counts', 'does not count']
    """
    import pandas as pd

    rows = [
        (t.id, t.label_en, t.codebook.definition, " • ".join(t.codebook.counts), " • ".join(t.codebook.does_not_count))
        for t in topics
        if getattr(t, "codebook", None) is not None
    ]
    return pd.DataFrame(rows, columns=["topic", "label", "definition", "counts", "does not count"])
