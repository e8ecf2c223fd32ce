"""Automaton keys: every spelling of a lexicon phrase as whole words.

Each term becomes keys for its spellings: every space or ZWNJ inside it
written as a space or joined («حمل و نقل», «حمل‌ونقل», «حملونقل»), the first
word of a phrase with a plural («همکاری‌های اقتصادی»), آ/ا; each followed by
one of the allowed suffixes (ها، های، ی، ای، ان، ات، تر، ترین …) or none,
between spaces. Over :func:`helpers.topics.spelling.padded` text the
automaton then reports only complete words: «برق» never inside «برقراری».

>>> keys = Keys([Phrase("حمل و نقل", True)], {0}, [frozenset({"ی"})])
>>> [(start, end) for start, end, _ in keys.scan("  حملونقلی ")]
[(1, 9)]
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import ahocorasick_rs
import numpy as np

__all__ = ["PLURALS", "SHORT_SUFFIXES", "SHORT_TERM", "SUFFIXES", "Keys", "Phrase", "spellings"]

# Suffixes written joined to a word («همکاریها», «گازی»), longest first.
SUFFIXES = (
    "هایشان", "هایتان", "هایمان", "هایی", "هایش", "های", "ها",
    "ترین", "تری", "تر", "شان", "مان", "تان", "یی", "ای", "ان", "ات", "اش", "ی",
)  # fmt: skip
PLURALS = ("ها", "های")
# Terms this short only take the plural and «ی» (no «مست» for «مس»).
SHORT_TERM = 2
SHORT_SUFFIXES = ("های", "ها", "ی")


@dataclass(frozen=True)
class Phrase:
    """A lexicon phrase as the automaton sees it."""

    text: str  # folded, words separated by one space
    inflect: bool
    hyphenated: bool = False  # «D-8»: hazm may space it as «D- ۸»


def spellings(phrase: Phrase) -> set[str]:
    """Every key the automaton needs for one phrase."""
    words = phrase.text.split(" ")
    firsts = [words[0]]
    if phrase.inflect and len(words) > 1:
        firsts += [words[0] + sep + plural for plural in PLURALS for sep in ("", " ")]
    keys: set[str] = set()
    # Each break between words: written with a space (ZWNJ folds to one) or joined.
    separators = (" ", "", "  ") if phrase.hyphenated else (" ", "")
    for first in firsts:
        for seps in itertools.product(separators, repeat=len(words) - 1):
            key = first + "".join(sep + word for sep, word in zip(seps, words[1:], strict=True))
            keys.add(key)
    for key in list(keys):
        if "آ" in key:
            keys.add(key.replace("آ", "ا"))
    return keys


class Keys:
    """The spellings of a set of phrases, compiled into one automaton
    (ahocorasick_rs: all matches of a text come back as one list).

    Each key is a whole word sequence: a space, the spelling, one of the
    phrase's allowed suffixes (or none), and a space. The automaton then
    reports only complete words — never «مس» inside «مسعود» — and nothing
    is left to check per match.
    """

    def __init__(self, phrases: list[Phrase], phrase_ids: set[int] | frozenset[int], endings: list[frozenset[str] | None]) -> None:
        keys: list[str] = []
        owner: list[int] = []
        for pid in sorted(phrase_ids):
            suffixes = ("", *sorted(endings[pid])) if endings[pid] else ("",)
            for spelling in sorted(spellings(phrases[pid])):
                for suffix in suffixes:
                    keys.append(f" {spelling}{suffix} ")
                    owner.append(pid)
        self.automaton = ahocorasick_rs.AhoCorasick(keys) if keys else None
        self.owner = np.asarray(owner, dtype=np.int64)
        if self.automaton is not None:  # the first query pays a one-time set-up (~50 ms)
            self.automaton.find_matches_as_indexes(" " + " ".join(keys[:200]), overlapping=True)

    def scan_arrays(self, padded: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(starts, ends, phrase_ids)`` in text coordinates of the complete
        phrases (with an allowed suffix) in ``padded``."""
        empty = np.zeros(0, dtype=np.int64)
        if self.automaton is None:
            return empty, empty, empty
        found = self.automaton.find_matches_as_indexes(padded, overlapping=True)
        if not found:
            return empty, empty, empty
        # fromiter over the flattened tuples: several times faster than asarray(list of tuples)
        matches = np.fromiter(itertools.chain.from_iterable(found), dtype=np.int64, count=3 * len(found)).reshape(-1, 3)
        # padded index i is text index i - 1; keys start and end with a space
        return matches[:, 1], matches[:, 2] - 2, self.owner[matches[:, 0]]

    def scan(self, padded: str) -> list[tuple[int, int, int]]:
        """:meth:`scan_arrays` for a short text (a sentence), in plain Python:
        array set-up would cost more than the few hits."""
        if self.automaton is None:
            return []
        owner = self.owner
        return [
            (start, stop - 2, int(owner[key]))
            for key, start, stop in self.automaton.find_matches_as_indexes(padded + " ", overlapping=True)
        ]
