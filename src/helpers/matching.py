"""Finding topic mentions in normalized Persian text.

One Aho-Corasick automaton (pyahocorasick) holds every term, exclusion
phrase and context cue of the lexicon; each document is scanned once.

Spelling variation is handled on both sides:

* the text is *folded* for matching, one character for one character, so
  offsets stay valid: Arabic letter forms (ي ى ك ة أ إ ۀ ؤ) become Persian,
  Persian and Arabic-Indic digits become Latin, and ZWNJ, NBSP and hyphens
  become spaces;
* each term becomes keys for its spellings: every space or ZWNJ inside it
  written as a space or joined («حمل و نقل», «حمل‌ونقل», «حملونقل»), the
  first word of a phrase with a plural («همکاری‌های اقتصادی»), آ/ا and ئ/ی.

A hit counts only at word boundaries: not preceded by a letter or digit, and
followed by a non-letter, or by a suffix from a closed list (ها، های، ی، ای،
ان، ات، تر، ترین …) and then a non-letter. So «برق» does not match «برقراری»,
nor «اکو» «اکوسیستم» or «باکو».

>>> matcher = TopicMatcher(load_lexicon())
>>> [(m.topic, m.matched) for m in matcher.find("صادرات برق و گاز به عراق افزایش یافت.")]
[('trade', 'صادرات'), ('energy', 'برق'), ('energy', 'گاز')]
>>> matcher.find("برقراری صلح در منطقه")[0].topic
'peace_security'
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import ahocorasick

from helpers.lexicon import Lexicon, Term, load_lexicon

__all__ = ["Mention", "TopicMatcher", "fold"]

_FOLD_MAP = {
    "ي": "ی", "ى": "ی", "ئ": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "أ": "ا", "إ": "ا", "ٱ": "ا", "ؤ": "و",
    "\u200c": " ", "\u00a0": " ", "\u200f": " ", "\u200e": " ", "-": " ", "–": " ", "‐": " ",
    **{d: str(i) for i, d in enumerate("۰۱۲۳۴۵۶۷۸۹")},
    **{d: str(i) for i, d in enumerate("٠١٢٣٤٥٦٧٨٩")},
}  # fmt: skip
# Characters outside this map are left alone; the regex visits only those in it
# (str.translate would look up every character: several times slower).
_FOLD_PATTERN = re.compile("[" + re.escape("".join(_FOLD_MAP)) + "]")

# Suffixes written joined to a word («همکاریها», «گازی»), longest first.
_SUFFIXES = (
    "هایشان", "هایتان", "هایمان", "هایی", "هایش", "های", "ها",
    "ترین", "تری", "تر", "شان", "مان", "تان", "یی", "ای", "ان", "ات", "اش", "ی",
)  # fmt: skip
_PLURALS = ("ها", "های")
# Terms this short only take the plural and «ی» (no «مست» for «مس»).
_SHORT_TERM = 2
_SHORT_SUFFIXES = ("های", "ها", "ی")


def fold(text: str) -> str:
    """Length-preserving spelling fold used for matching.

    >>> fold("همكاري‌ها ۱۴۰۴")
    'همکاری ها 1404'
    """
    return _FOLD_PATTERN.sub(lambda m: _FOLD_MAP[m.group()], text)


@dataclass(frozen=True)
class Mention:
    """One counted mention: where, which topic, which term."""

    topic: str
    term: str
    matched: str
    start: int
    end: int
    sent_id: int


@dataclass(frozen=True)
class _Phrase:
    text: str  # folded, words separated by one space
    inflect: bool
    hyphenated: bool = False  # «D-8»: hazm may space it as «D- ۸»


def _spellings(phrase: _Phrase) -> set[str]:
    """Every key the automaton needs for one phrase."""
    words = phrase.text.split(" ")
    firsts = [words[0]]
    if phrase.inflect and len(words) > 1:
        firsts += [words[0] + sep + plural for plural in _PLURALS for sep in ("", " ")]
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


def _is_word_char(ch: str) -> bool:
    return ch.isalnum()


class TopicMatcher:
    """All topics of a lexicon compiled into one automaton (build once, reuse)."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        phrase_ids: dict[_Phrase, int] = {}
        self._phrases: list[_Phrase] = []

        def phrase_id(text: str, inflect: bool = True) -> int:
            key = _Phrase(" ".join(fold(text).split()), inflect, "-" in text)
            if key not in phrase_ids:
                phrase_ids[key] = len(self._phrases)
                self._phrases.append(key)
            return phrase_ids[key]

        # term index -> (Term, phrase id, cue phrase ids, topic cues, exclude ids, unless ids)
        self._terms: list[Term] = []
        self._term_phrase: list[int] = []
        self._requires_words: list[frozenset[int]] = []
        self._requires_topics: list[frozenset[str]] = []
        self._excludes: list[frozenset[int]] = []
        self._unless: list[frozenset[int]] = []
        self._terms_of_phrase: dict[int, list[int]] = defaultdict(list)
        for term in lexicon.terms:
            index = len(self._terms)
            self._terms.append(term)
            pid = phrase_id(term.text, term.inflect)
            self._term_phrase.append(pid)
            self._terms_of_phrase[pid].append(index)
            self._requires_words.append(frozenset(phrase_id(c) for c in term.requires if not c.startswith("@")))
            self._requires_topics.append(frozenset(c[1:] for c in term.requires if c.startswith("@")))
            self._excludes.append(frozenset(phrase_id(c) for c in term.exclude))
            self._unless.append(frozenset(phrase_id(c) for c in term.unless))

        groups = {t.id: set(lexicon.members(t.id)) for t in lexicon.topics if t.is_group}
        # "@x" is satisfied by a mention of x, or of any member of group x.
        self._topic_satisfies = {tid: {tid} | groups.get(tid, set()) for tid in lexicon.ids}
        self._patterns = [(t.id, p) for t in lexicon.topics for p in t.patterns]

        automaton = ahocorasick.Automaton()
        entries: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for pid, phrase in enumerate(self._phrases):
            for key in _spellings(phrase):
                entries[key].append((pid, len(key)))
        for key, value in entries.items():
            automaton.add_word(key, tuple(value))
        if entries:
            automaton.make_automaton()
        self._automaton = automaton if entries else None

    # ------------------------------------------------------------------ hits
    def _phrase_end(self, folded: str, stop: int, phrase: _Phrase) -> int | None:
        """Where a hit ending at ``stop`` really ends, or None if mid-word."""
        n = len(folded)
        if stop >= n or not _is_word_char(folded[stop]):
            return stop
        if not phrase.inflect:
            return None
        last_word = phrase.text.rsplit(" ", 1)[-1]
        suffixes = _SHORT_SUFFIXES if len(last_word) <= _SHORT_TERM else _SUFFIXES
        for suffix in suffixes:
            end = stop + len(suffix)
            if folded.startswith(suffix, stop) and (end >= n or not _is_word_char(folded[end])):
                return end
        return None

    def _hits(self, folded: str) -> list[tuple[int, int, int]]:
        """``(start, end, phrase_id)`` of every phrase at word boundaries."""
        hits: list[tuple[int, int, int]] = []
        if self._automaton is None:  # a lexicon of regex patterns only
            return hits
        phrases = self._phrases
        for last, entries in self._automaton.iter(folded):
            for pid, length in entries:
                start = last - length + 1
                if start > 0 and _is_word_char(folded[start - 1]):
                    continue
                end = self._phrase_end(folded, last + 1, phrases[pid])
                if end is not None:
                    hits.append((start, end, pid))
        return hits

    # -------------------------------------------------------------- mentions
    def find(self, text: str, sentence_starts: Sequence[int] | None = None) -> list[Mention]:
        """Mentions in one normalized document.

        Args:
            text: normalized text (``documents.text``).
            sentence_starts: sorted start offsets of its sentences (the
                ``start`` column of ``sentences``); context rules apply
                within a sentence. Default: the text is one sentence.
        """
        starts = list(sentence_starts) if sentence_starts is not None else [0]
        folded = fold(text)
        hits = self._hits(folded)

        def sentence_of(position: int) -> int:
            return max(0, bisect_right(starts, position) - 1)

        by_sentence: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
        for hit in hits:
            by_sentence[sentence_of(hit[0])].append(hit)

        mentions: list[Mention] = []
        for sent_id, sentence_hits in sorted(by_sentence.items()):
            mentions.extend(self._sentence_mentions(text, sent_id, sentence_hits))
        for topic_id, pattern in self._patterns:
            for match in pattern.finditer(text):
                if match.end() > match.start():
                    mentions.append(
                        Mention(topic_id, pattern.pattern, match.group(), match.start(), match.end(), sentence_of(match.start()))
                    )
        mentions.sort(key=lambda m: (m.start, m.end, m.topic))
        return mentions

    def _sentence_mentions(self, text: str, sent_id: int, hits: list[tuple[int, int, int]]) -> list[Mention]:
        present = {pid for _, _, pid in hits}
        spans_of: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for start, end, pid in hits:
            spans_of[pid].append((start, end))

        accepted: list[tuple[int, int, int]] = []  # (start, end, term index)
        waiting: list[tuple[int, int, int]] = []
        for start, end, pid in hits:
            for index in self._terms_of_phrase.get(pid, ()):
                if any(a <= start and end <= b and (a, b) != (start, end) or (a, b) == (start, end) and cue != pid
                       for cue in self._excludes[index] & present for a, b in spans_of[cue]):  # fmt: skip
                    continue
                if self._unless[index] & present:
                    continue
                words, topics = self._requires_words[index], self._requires_topics[index]
                if not words and not topics:
                    accepted.append((start, end, index))
                    continue
                cue_elsewhere = any(
                    not (start <= a and b <= end) for cue in words & present for a, b in spans_of[cue]
                )
                if cue_elsewhere:
                    accepted.append((start, end, index))
                elif topics:
                    waiting.append((start, end, index))
        # "@topic" rules: accept while another accepted mention satisfies them.
        changed = True
        while waiting and changed:
            changed = False
            for item in list(waiting):
                own = self._terms[item[2]].topic
                seen = {self._terms[i].topic for _, _, i in accepted} - {own}
                if any(seen & self._topic_satisfies[t] for t in self._requires_topics[item[2]]):
                    accepted.append(item)
                    waiting.remove(item)
                    changed = True
        return [
            Mention(self._terms[i].topic, self._terms[i].text, text[s:e], s, e, sent_id)
            for s, e, i in _longest_per_topic(accepted, self._terms)
        ]


def _longest_per_topic(accepted: list[tuple[int, int, int]], terms: list[Term]) -> list[tuple[int, int, int]]:
    """Drop a mention inside a longer mention of the same topic (one phrase, one count)."""
    kept: list[tuple[int, int, int]] = []
    # Longest span first; on the same span, the longest term («فرهنگی» over «فرهنگ» + ی).
    by_length = sorted(set(accepted), key=lambda m: (-(m[1] - m[0]), m[0], -len(terms[m[2]].text), m[2]))
    for start, end, index in by_length:
        topic = terms[index].topic
        if any(terms[k].topic == topic and a <= start and end <= b for a, b, k in kept):
            continue
        kept.append((start, end, index))
    return kept


def default_matcher() -> TopicMatcher:
    """A matcher for the packaged lexicon."""
    return TopicMatcher(load_lexicon())
