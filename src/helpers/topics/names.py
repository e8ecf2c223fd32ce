"""The name layer: proper names found before topics are counted.

A topic word inside a proper name is not a mention of the topic: «صنعت» in
«وزارت صنعت، معدن و تجارت», «تجارت» in «بانک تجارت», «نفت» in «صنعت نفت
آبادان» (a club), «اقتصاد» in an outlet's name. :class:`NameFinder` finds
the names in a document, with the data of ``names.yaml``
(:mod:`helpers.topics.gazetteer`), and moves every hit inside one from the
counted mentions to the *suppressed* ones, with the name that contained it:

* **head words** and their continuation: a head («وزارت», «وزیر», «بانک»,
  «باشگاه», «دانشگاه», «خبرگزاری» …) followed by the words of a portfolio or
  a name — the lexicon's own term words and a list of continuation words,
  joined by «و» or «،»; two topic words may follow each other directly only
  after heads marked ``compound`` (companies, clubs, universities), so «وزیر
  نفت درباره صادرات نفت» suppresses the first «نفت» only. A plural head
  («بانک‌ها») is not a name; a commission is a name only with «مجلس» in it.
* the **gazetteer**: clubs, outlets, companies and institutions without a
  head word, with an optional sports (or other) context; *clubs* made of an
  industry word and a place («مس رفسنجان») in a sentence about sport;
* a source's name after «به گزارش …،»; **people** (a title or a first name
  before a word ending in «ی», a word joined to «زاده», «پور» …); **web
  addresses** and domains.

Topics marked ``inside_names: count`` (the regional bodies: «دبیرخانه
سازمان همکاری شانگهای» names the body) are never suppressed by a head
word's name, and a head name that begins with such a body's term is the
body itself, not a name. A mention in brackets right after a mention of the
same topic is its abbreviation: «سازمان همکاری اقتصادی (اکو)» is one.

>>> from helpers.topics.lexicon import load_lexicon
>>> finder = NameFinder(load_lexicon())
>>> text = "وزیر نفت درباره صادرات نفت گفت"
>>> kept, suppressed = finder.apply(text, [0], [("energy", "نفت", 5, 8, 0), ("energy", "نفت", 23, 26, 0)])
>>> [m[2] for m in kept], [(m[5], m[6]) for m in suppressed]
([23], [('وزیر نفت', 'official')])
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

import numpy as np

from helpers.topics.gazetteer import NameList
from helpers.topics.keys import SUFFIXES, Keys, Phrase
from helpers.topics.spelling import fold, padded

__all__ = ["Hit", "NameFinder", "Suppressed"]

Hit = tuple[str, str, int, int, int]  # topic, term, start, end, sent_id
Suppressed = tuple[str, str, int, int, int, str, str]  # ... + name, name kind

_TOKEN = re.compile(r"[^\W_]+|[^\w\s]")
_SEPARATORS = {"و", "،", ","}
_SUFFIX_TOKENS = {"ها", "های", "هایی", "ی", "ای"}
_QUOTES = {"«": "»", '"': '"', "“": "”"}
_STOP = {"و", "از", "به", "در", "با", "را", "برای", "که", "این", "آن", "ها", "های", "ی"}
_LOOKAHEAD = 90  # characters after a head where a name may still reach a hit
_MAX_SEGMENTS = 8
# Characters after a head where its name's words are looked for: first, then at most.
_NAME_REACH_FIRST, _NAME_REACH = 60, 160
_FURTHER = -1  # a name's end is never negative
# Web addresses, also as the normalizer leaves them («www. shana. ir / news»: a space after . : /)
_URL = re.compile(
    r"(?:https?:\s?/\s?/\s?)?(?:www\.\s?)?(?<![A-Za-z0-9-])[A-Za-z0-9-]+(?:\s?\.\s?[A-Za-z0-9-]+)*\s?\.\s?"
    r"(?:ir|com|org|net|int|info|ru|cn|tr|az|kz|uz|tm|tj|kg|pk|in|news|io|co)(?![A-Za-z0-9-])"
    r"(?:\s?/\s?[A-Za-z0-9۰-۹_%.=?&-]+)*"
)
# A head after a number or a determiner is a common noun: «۸۰ شرکت صنعتی», «این بانک».
_NOT_A_NAME_BEFORE = {
    "این", "آن", "همین", "همان", "چند", "هر", "همه", "برخی", "بعضی", "یک", "دو", "سه", "چهار", "پنج", "شش", "هفت",
    "هشت", "نه", "ده", "صد", "هزار", "چندین", "دیگر", "سایر",
}  # fmt: skip
_TOPIC, _PREFIX, _QUALIFIER = 1, 2, 4
_LATIN = re.compile(r"[A-Za-z]")
_GAP = re.compile(r"\s*([(\[«\"]?)\s*")


class NameFinder:
    """Names of one lexicon's ``names`` file, compiled (build once per lexicon)."""

    def __init__(self, lexicon: object, names: NameList | None = None) -> None:
        names = names if names is not None else lexicon.names  # type: ignore[attr-defined]
        self.names = names
        self.count_inside = {t.id for t in lexicon.topics if getattr(t, "inside_names", "suppress") == "count"}  # type: ignore[attr-defined]
        body_terms = {fold(term.text) for term in lexicon.terms if term.topic in self.count_inside}  # type: ignore[attr-defined]
        self.body_terms = body_terms
        self.active = names is not None
        if names is None:
            return
        # Continuation phrases (token tuples) with their flags.
        vocab: dict[tuple[str, ...], int] = {}

        def add(text: str, flag: int) -> None:
            words = tuple(fold(text).split())
            if not words or (len(words) == 1 and (words[0] in _STOP or len(words[0]) < 2)):
                return
            for key in {words, tuple(w.replace("آ", "ا") for w in words)}:
                vocab[key] = vocab.get(key, 0) | flag

        for term in lexicon.terms:  # type: ignore[attr-defined]
            if term.topic in self.count_inside or not re.search(r"[^\W\d_]", term.text):
                continue
            add(term.text, _TOPIC)
            for word in fold(term.text).split():
                add(word, _TOPIC)
        for text in names.continuation:
            add(text, 0)
        for text in names.prefixes:
            add(text, _PREFIX)
        for text in (*names.qualifiers, *(w for h in names.heads for w in h.requires_after)):
            add(text, _QUALIFIER)
        self.vocab = vocab
        self.max_phrase = max((len(k) for k in vocab), default=1)
        # first word -> the most words of a phrase that starts with it (see _segment)
        self.longest_from: dict[str, int] = {}
        for key in vocab:
            self.longest_from[key[0]] = max(self.longest_from.get(key[0], 1), len(key))
        self.head_of = {" ".join(fold(h.text).split()): h for h in names.heads}
        self.requires_after = {key: {" ".join(fold(w).split()) for w in h.requires_after} for key, h in self.head_of.items()}
        # One automaton (run on the chunk the matcher already folded) for head words,
        # gazetteer names and the phrases before a source: (what, head key or kind, requires)
        entries: list[tuple[str, str, frozenset[str]]] = [("head", key, frozenset()) for key in self.head_of]
        entries += [("name", e.kind, frozenset(fold(w) for w in e.requires)) for e in names.gazetteer]
        texts = [*self.head_of, *(e.text for e in names.gazetteer)]
        club_requires = frozenset(fold(w) for w in names.club_requires)
        for word in names.club_words:
            for place in names.club_places:
                entries.append(("name", "club", club_requires))
                texts.append(f"{word} {place}")
        for phrase in names.reporting:
            entries.append(("source", "outlet", frozenset()))
            texts.append(phrase)
        self.entries = entries
        phrases = [Phrase(" ".join(fold(text).split()), False) for text in texts]
        self.keys = Keys(phrases, set(range(len(phrases))), [None] * len(phrases)) if phrases else None
        self.titles = {" ".join(fold(t).split()) for t in names.titles}
        self.first_names = {fold(n) for n in names.first_names}
        endings = "|".join(re.escape(fold(e)) for e in sorted(names.surname_endings, key=len, reverse=True))
        self.surname_ending = re.compile(rf"\s?(?:{endings})(?![^\W_])") if endings else None

    # ----------------------------------------------------------------- spans
    def scan(self, padded_text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Head words, gazetteer names and source phrases in text the matcher has padded
        (:func:`helpers.topics.spelling.padded`): ``(starts, ends, entry ids)``."""
        if self.keys is None:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty
        return self.keys.scan_arrays(padded_text)

    def spans(
        self, text: str, sentence_starts: Sequence[int], hit_starts: Sequence[int] = (),
        found: list[tuple[int, int, int]] | None = None, folded: str | None = None,
    ) -> list[tuple[int, int, str, str, bool]]:
        """Name spans ``(start, end, name, kind, by_head)`` in one normalized text.

        ``hit_starts`` (sorted): only names that may contain a hit are built
        (empty: every head word is followed); ``found``: this text's
        :meth:`scan` matches, when the chunk was scanned already;
        ``folded``: ``fold(text)``, when the caller has it.
        """
        if not self.active:
            return []
        if found is None:
            found = self.keys.scan(padded(text)) if self.keys is not None else []
        spans: list[tuple[int, int, str, str, bool]] = []
        if found and folded is None:
            folded = fold(text)
        for start, end, pid in found:
            what, key, requires = self.entries[pid]
            if hit_starts:
                i = bisect_left(hit_starts, start)
                if i == len(hit_starts) or hit_starts[i] > end + _LOOKAHEAD:
                    continue  # no hit inside or just after: nothing to suppress
            if what == "head":
                before = _TOKEN.findall(folded, max(0, start - 12), start)
                if before and (before[-1] in _NOT_A_NAME_BEFORE or before[-1].isdigit()):
                    continue
                stop = self._continue(folded, key, end)
                if stop is not None:
                    spans.append((start, stop, text[start:stop], self.head_of[key].kind, True))
            elif what == "name":
                if not requires or self._sentence_has(folded, sentence_starts, start, requires):
                    spans.append((start, end, text[start:end], key, False))
            else:
                after = end + 1 if folded[end : end + 1] == ":" else end
                stop = self._source_name(folded, after)
                if stop is not None:
                    spans.append((after, stop, text[after:stop].strip(), "outlet", False))
        if self.names.urls and _LATIN.search(text):
            spans += [(m.start(), m.end(), m.group(), "url", False) for m in _URL.finditer(text)]
        return spans

    def _continue(self, folded: str, key: str, head_end: int) -> int | None:
        """End of the name a head starts, or None when nothing continues it.

        Names rarely run long: the words of the next 60 characters are
        tried first, and the next 160 only when a decision needs a word
        near the end of the shorter window (which may cut a word in two).
        """
        full = min(len(folded), head_end + _NAME_REACH)
        short = min(full, head_end + _NAME_REACH_FIRST)
        if short < full:
            stop = self._continue_within(folded, key, head_end, short, truncated=True)
            if stop != _FURTHER:
                return stop
        return self._continue_within(folded, key, head_end, full, truncated=False)

    def _continue_within(self, folded: str, key: str, head_end: int, window_end: int, *, truncated: bool) -> int | None:
        """:meth:`_continue` from the words before ``window_end``; ``_FURTHER``
        when the window is ``truncated`` and a decision needs a word near its end."""
        compound = self.head_of[key].compound
        needed = self.requires_after.get(key)
        tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(folded, head_end, window_end)]
        # every token this method reads is before reach (the last one may be cut by the window)
        reach = len(tokens) - self.max_phrase - 2 if truncated else len(tokens)
        if truncated and reach < 1:
            return _FURTHER
        if tokens and tokens[0][0] in _SUFFIX_TOKENS - {"ی"}:
            return None  # a plural head: «بانک‌ها»
        if tokens and tokens[0][0] in _QUOTES:  # «روزنامه «دنیای اقتصاد»»
            if truncated and len(tokens) < 11:
                return _FURTHER
            close = _QUOTES[tokens[0][0]]
            for word, _, end in tokens[1:10]:
                if word == close:
                    return end
            return None
        i, end, previous, separated, segments, met = 0, None, 0, False, 0, not needed
        while i < len(tokens) and segments < _MAX_SEGMENTS:
            if i >= reach:
                return _FURTHER
            word = tokens[i][0]
            if word in _SEPARATORS:
                if not segments:
                    break
                separated = True
                i += 1
                continue
            length, flags = self._segment(tokens, i)
            if not length:
                break
            if segments and not separated:
                if previous & _QUALIFIER and not previous & _PREFIX and not flags & _QUALIFIER:
                    break  # «… ایران», «… مجلس» end a name
                listed = i + length < len(tokens) and tokens[i + length][0] in _SEPARATORS  # «صنعت معدن و تجارت»
                if not (compound or listed or previous & _PREFIX or flags & _QUALIFIER or not (previous | flags) & _TOPIC):
                    break
            phrase = " ".join(t[0] for t in tokens[i : i + length])
            met = met or phrase in needed if needed else met
            i += length
            if i < len(tokens) and tokens[i][0] in _SUFFIX_TOKENS and tokens[i][1] - tokens[i - 1][2] <= 1:
                i += 1  # «همکاری‌های» folded to «همکاری های»
            end, previous, separated, segments = tokens[i - 1][2], flags, False, segments + 1
        return end if end is not None and met else None

    def _segment(self, tokens: list[tuple[str, int, int]], i: int) -> tuple[int, int]:
        """Longest continuation phrase at token ``i``: (tokens, flags), or (0, 0).

        A phrase of two or more tokens (its last one perhaps with a suffix)
        starts with its first token as written: only lengths up to the
        longest phrase that starts with ``tokens[i]`` are tried.
        """
        for length in range(min(self.longest_from.get(tokens[i][0], 1), len(tokens) - i), 0, -1):
            words = tuple(t[0] for t in tokens[i : i + length])
            flags = self.vocab.get(words)
            if flags is None:
                last = words[-1]
                for suffix in SUFFIXES:
                    if last.endswith(suffix) and len(last) - len(suffix) >= 2:
                        flags = self.vocab.get((*words[:-1], last[: -len(suffix)]))
                        if flags is not None:
                            break
            if flags is not None:
                return length, flags
        return 0, 0

    def _source_name(self, folded: str, start: int) -> int | None:
        """End of a source's name after «به گزارش»: up to four words and a comma."""
        tokens = [(m.group(), m.end()) for m in _TOKEN.finditer(folded, start, min(len(folded), start + 60))]
        for number, (word, _) in enumerate(tokens[:6]):
            if word in ("،", ",", ":", "-"):
                return tokens[number - 1][1] if number else None
            if not re.match(r"[^\W_]", word) and word not in _QUOTES and word not in _QUOTES.values():
                return None
        return None

    @staticmethod
    def _sentence_has(folded: str, starts: Sequence[int], position: int, words: frozenset[str]) -> bool:
        i = max(0, bisect_right(starts, position) - 1)
        lo = starts[i] if starts else 0
        hi = starts[i + 1] if i + 1 < len(starts) else len(folded)
        tokens = _TOKEN.findall(folded, lo, hi)
        sentence = set(tokens) | {t[: -len(x)] for t in tokens for x in SUFFIXES if t.endswith(x) and len(t) - len(x) >= 2}
        return bool(sentence & words) or any(" " in w and w in folded[lo:hi] for w in words)

    def _person(self, folded: str, start: int, end: int) -> tuple[int, int] | None:
        """A surname: after a first name or title (a word ending in «ی»), or joined to «زاده», «پور» …

        ``folded`` is the whole text folded: the fold maps one character to
        one, so its slices are the folded slices of the text.
        """
        word = folded[start:end]
        if " " in word:
            return None
        if self.surname_ending is not None:
            after = self.surname_ending.match(folded, end, end + 10)
            if after:
                return start, after.end()
        if not word.endswith("ی"):
            return None
        lo = max(0, start - 40)
        window = folded[lo:start]
        before = _TOKEN.findall(window)
        if before and (before[-1] in self.first_names or before[-1] in self.titles or " ".join(before[-2:]) in self.titles):
            if len(before) > 1 and before[-2] in ("امام", "حضرت"):
                return None
            return lo + window.rfind(before[-1]), end
        return None

    # ----------------------------------------------------------- suppression
    def apply(
        self, text: str, sentence_starts: Sequence[int], hits: list[Hit], found: list[tuple[int, int, int]] | None = None
    ) -> tuple[list[Hit], list[Suppressed]]:
        """Split one document's hits into counted and suppressed (with the name).

        ``found``: the document's :meth:`scan` matches (computed here when None).
        """
        if not hits:
            return hits, []
        suppressed: list[Suppressed] = []
        kept: list[Hit] = []
        if self.active:
            folded = fold(text)
            spans = self.spans(text, sentence_starts, sorted(h[2] for h in hits), found, folded)
            # a head name that starts with a body's own term is the body («سازمان همکاری شانگهای»)
            body_starts = {h[2] for h in hits if h[0] in self.count_inside}
            spans = [s for s in spans if not (s[4] and s[0] in body_starts)]
            for hit in hits:
                topic, _, start, end, _ = hit
                inside = [s for s in spans if s[0] <= start and end <= s[1] and not (s[4] and topic in self.count_inside)]
                if inside:
                    span = max(inside, key=lambda s: s[1] - s[0])
                    suppressed.append((*hit, span[2], span[3]))
                    continue
                person = self._person(folded, start, end) if topic not in self.count_inside else None
                if person is not None:
                    suppressed.append((*hit, text[person[0] : person[1]], "person"))
                    continue
                kept.append(hit)
        else:
            kept = list(hits)
        return self._abbreviations(text, kept, suppressed)

    def _abbreviations(self, text: str, kept: list[Hit], suppressed: list[Suppressed]) -> tuple[list[Hit], list[Suppressed]]:
        """Drop a mention right after a mention of its topic, alone, in brackets or quotes:
        «سازمان همکاری اقتصادی (اکو)», «… «اکو»» name the body once; with nothing between them,
        only for a body (``inside_names: count``): «سازمان همکاری اقتصادی اکو», not «کمیسیون مشترک همکاری‌های اقتصادی»."""
        out: list[Hit] = []
        last: dict[str, Hit] = {}
        for hit in kept:
            topic, _, start, end, _ = hit
            before = last.get(topic)
            if before is not None:
                gap = _GAP.fullmatch(text[before[3] : start])
                closing = {"(": ")", "[": "]", "«": "»", '"': '"', "": ""}[gap.group(1)] if gap else None
                if gap and not closing and topic not in self.count_inside:
                    gap = None
                if gap and text[end : end + 3].lstrip().startswith(closing):
                    suppressed.append((*hit, text[before[2] : before[3]], "abbreviation"))
                    continue
            last[topic] = hit
            out.append(hit)
        suppressed.sort(key=lambda m: (m[2], m[3], m[0]))
        return out, suppressed
