"""Finding topic mentions in normalized Persian text.

One Aho-Corasick automaton (ahocorasick-rs) holds every term and
exclusion phrase of the lexicon; documents are scanned in chunks, and the
matches are filtered as NumPy arrays. Context cues have an automaton of
their own.

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

>>> from helpers.lexicon import load_lexicon
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
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import ahocorasick_rs
import numpy as np

from helpers.lexicon import Lexicon, Term

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
# Between documents scanned together: four spaces once folded, which no key
# contains (keys have single spaces, or two for a hyphen).
_DOC_SEPARATOR = "\n\n\n\n"
# Terms this short only take the plural and «ی» (no «مست» for «مس»).
_SHORT_TERM = 2
_SHORT_SUFFIXES = ("های", "ها", "ی")


def _build_fold_table() -> np.ndarray:
    """Code point -> code point: the fold map, and every non-word character
    (not a letter or digit) to a space. Basic Multilingual Plane only; the
    last entry (U+FFFF, a non-character) also stands for everything above
    it (emoji), which becomes a space."""
    table = np.arange(0x10000, dtype=np.uint32)
    for code in range(0x10000):
        char = chr(code)
        if char in _FOLD_MAP:
            table[code] = ord(_FOLD_MAP[char])
        elif not char.isalnum():
            table[code] = 32
    table[0xFFFF] = 32
    return table


_FOLD_TABLE = _build_fold_table()
_FOLD_TABLE_16 = _FOLD_TABLE.astype(np.uint16)


def fold(text: str) -> str:
    """Length-preserving spelling fold used for matching.

    >>> fold("همكاري‌ها ۱۴۰۴")
    'همکاری ها 1404'
    """
    return _FOLD_PATTERN.sub(lambda m: _FOLD_MAP[m.group()], text)


def _padded(text: str) -> str:
    """The text as the automata see it: folded, every non-word character a
    space, and one space before and after. Keys are whole words between
    spaces, so the automaton reports only complete words — never «برق»
    inside «برقراری» — and Python never sees the substring hits.

    One vectorized table lookup over the UTF-16 code units (≈50x faster
    than two regex passes).

    >>> _padded("«همكاري‌ها»، ۱۴۰۴!")
    '  همکاری ها   1404  '
    """
    encoded = text.encode("utf-16-le")
    if len(encoded) == 2 * len(text):  # no character beyond U+FFFF: UTF-16 units are code points
        codes = np.empty(len(text) + 2, dtype=np.uint16)
        codes[0] = codes[-1] = 32
        _FOLD_TABLE_16.take(np.frombuffer(encoded, dtype=np.uint16), out=codes[1:-1])
        return codes.tobytes().decode("utf-16-le")
    raw = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    codes32 = np.empty(len(text) + 2, dtype=np.uint32)
    codes32[0] = codes32[-1] = 32
    codes32[1:-1] = _FOLD_TABLE.take(np.minimum(raw, 0xFFFF))
    return codes32.tobytes().decode("utf-32-le")


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


class _Keys:
    """The spellings of a set of phrases, compiled into one automaton
    (ahocorasick_rs: all matches of a text come back as one list).

    Each key is a whole word sequence: a space, the spelling, one of the
    phrase's allowed suffixes (or none), and a space. The automaton then
    reports only complete words — never «مس» inside «مسعود» — and nothing
    is left to check per match.
    """

    def __init__(self, phrases: list[_Phrase], phrase_ids: set[int] | frozenset[int], endings: list[frozenset[str] | None]) -> None:
        keys: list[str] = []
        owner: list[int] = []
        for pid in sorted(phrase_ids):
            suffixes = ("", *sorted(endings[pid])) if endings[pid] else ("",)
            for spelling in sorted(_spellings(phrases[pid])):
                for suffix in suffixes:
                    keys.append(f" {spelling}{suffix} ")
                    owner.append(pid)
        self.automaton = ahocorasick_rs.AhoCorasick(keys) if keys else None
        self.owner = np.asarray(owner, dtype=np.int64)
        if self.automaton is not None:  # the first query pays a one-time set-up (~50 ms)
            self.automaton.find_matches_as_indexes(" " + " ".join(keys[:200]), overlapping=True)


class TopicMatcher:
    """All topics of a lexicon compiled into automata (build once, reuse).

    Terms, exclusions, «unless» words and «requires» cues share one
    automaton: one pass per chunk of documents, the matches filtered as
    arrays. Hits whose rules cannot apply in their document, and «requires»
    rules met by a cue in the sentence, are decided as arrays too; Python
    looks only at the rest ("@topic" rules, documents with exclusions).
    """

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

        self._terms: list[Term] = list(lexicon.terms)
        self._topic_of = [t.topic for t in self._terms]
        self._term_len = [len(t.text) for t in self._terms]
        self._term_text = [t.text for t in self._terms]
        self._terms_of_phrase: dict[int, list[int]] = defaultdict(list)
        # Per term: (requires words, requires topics, exclude, unless); None when it has no rule.
        self._rules: list[tuple[frozenset[int], frozenset[str], frozenset[int], frozenset[int]] | None] = []
        for index, term in enumerate(self._terms):
            self._terms_of_phrase[phrase_id(term.text, term.inflect)].append(index)
            rule = (
                frozenset(phrase_id(c) for c in term.requires if not c.startswith("@")),
                frozenset(c[1:] for c in term.requires if c.startswith("@")),
                frozenset(phrase_id(c) for c in term.exclude),
                frozenset(phrase_id(c) for c in term.unless),
            )
            self._rules.append(rule if any(rule) else None)

        groups = {t.id: set(lexicon.members(t.id)) for t in lexicon.topics if t.is_group}
        # "@x" is satisfied by a mention of x, or of any member of group x.
        self._topic_satisfies = {tid: {tid} | groups.get(tid, set()) for tid in lexicon.ids}
        self._patterns = [(t.id, p) for t in lexicon.topics for p in t.patterns]
        long_suffixes, short_suffixes = frozenset(_SUFFIXES), frozenset(_SHORT_SUFFIXES)
        self._endings = [
            (short_suffixes if len(p.text.rsplit(" ", 1)[-1]) <= _SHORT_TERM else long_suffixes) if p.inflect else None
            for p in self._phrases
        ]
        n_phrases = len(self._phrases)
        cancel_ids = {pid for rule in self._rules if rule for part in (rule[2], rule[3]) for pid in part}
        self._is_cancel = np.zeros(max(n_phrases, 1), dtype=bool)
        self._is_cancel[list(cancel_ids)] = True
        # phrase -> its term indexes, as flat arrays (phrase p owns term_of[ptr[p]:ptr[p + 1]])
        counts = np.zeros(max(n_phrases, 1), dtype=np.int64)
        for pid, indexes in self._terms_of_phrase.items():
            counts[pid] = len(indexes)
        self._term_count = counts
        self._term_ptr = np.concatenate(([0], np.cumsum(counts)))
        flat = np.zeros(int(counts.sum()), dtype=np.int64)
        for pid, indexes in self._terms_of_phrase.items():
            flat[self._term_ptr[pid] : self._term_ptr[pid] + len(indexes)] = indexes
        self._term_flat = flat
        # 0: no rule; 1: only exclude/unless (cannot apply where none of those phrases occur); 2: requires
        self._category = np.array(
            [0 if r is None else (2 if (r[0] or r[1]) else 1) for r in self._rules] or [0], dtype=np.int8
        )
        topic_names = sorted(set(self._topic_of))
        rank = {name: i for i, name in enumerate(topic_names)}
        self._topic_rank = np.array([rank[t] for t in self._topic_of] or [0], dtype=np.int64)
        self._term_len_array = np.array(self._term_len or [0], dtype=np.int64)

        # «requires» words are checked as arrays; "@topic" alternatives in Python.
        self._has_words = np.array([bool(r and r[0]) for r in self._rules] or [False], dtype=bool)
        self._has_topics = np.array([bool(r and r[1]) for r in self._rules] or [False], dtype=bool)
        self._n_phrases = max(n_phrases, 1)
        self._requires_pairs = np.unique(
            np.array(
                [index * self._n_phrases + pid for index, r in enumerate(self._rules) if r for pid in r[0]] or [-1],
                dtype=np.int64,
            )
        )
        requires_ids = {pid for rule in self._rules if rule for pid in rule[0]}
        self._is_cue = np.zeros(max(n_phrases, 1), dtype=bool)
        self._is_cue[list(requires_ids)] = True
        # Terms, exclusions, «unless» words and «requires» cues: one pass per chunk.
        self._keys = _Keys(self._phrases, set(self._terms_of_phrase) | cancel_ids | requires_ids, self._endings)
        # The cues alone, for the single sentences the Python path looks at.
        self._requires_keys = _Keys(self._phrases, requires_ids, self._endings)

    # ------------------------------------------------------------------ hits
    def _scan_arrays(self, keys: _Keys, padded: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(starts, ends, phrase_ids)`` in text coordinates of the complete
        phrases (with an allowed suffix) in ``padded``."""
        empty = np.zeros(0, dtype=np.int64)
        if keys.automaton is None:
            return empty, empty, empty
        found = keys.automaton.find_matches_as_indexes(padded, overlapping=True)
        if not found:
            return empty, empty, empty
        # fromiter over the flattened tuples: several times faster than asarray(list of tuples)
        matches = np.fromiter(itertools.chain.from_iterable(found), dtype=np.int64, count=3 * len(found)).reshape(-1, 3)
        # padded index i is text index i - 1; keys start and end with a space
        return matches[:, 1], matches[:, 2] - 2, keys.owner[matches[:, 0]]

    def _scan(self, keys: _Keys, padded: str) -> list[tuple[int, int, int]]:
        """:meth:`_scan_arrays` for a short text (a sentence), in plain Python:
        array set-up would cost more than the few hits."""
        if keys.automaton is None:
            return []
        owner = keys.owner
        return [
            (start, stop - 2, int(owner[key]))
            for key, start, stop in keys.automaton.find_matches_as_indexes(padded + " ", overlapping=True)
        ]

    # -------------------------------------------------------------- mentions
    def find(self, text: str, sentence_starts: Sequence[int] | None = None) -> list[Mention]:
        """Mentions in one normalized document.

        Args:
            text: normalized text (``documents.text``).
            sentence_starts: sorted start offsets of its sentences (the
                ``start`` column of ``sentences``); context rules apply
                within a sentence. Default: the text is one sentence.
        """
        return [
            Mention(topic, term, text[s:e], s, e, sent_id)
            for topic, term, s, e, sent_id in self.find_spans(text, sentence_starts)
        ]

    def find_spans(self, text: str, sentence_starts: Sequence[int] | None = None) -> list[tuple[str, str, int, int, int]]:
        """:meth:`find` as plain ``(topic, term, start, end, sent_id)`` tuples (faster)."""
        return self.find_batch([text], [sentence_starts or [0]])[0]

    def find_batch(
        self, texts: Sequence[str], sentence_starts: Sequence[Sequence[int]]
    ) -> list[list[tuple[str, str, int, int, int]]]:
        """:meth:`find_spans` for many documents in one pass.

        The texts are joined with a separator no key can cross, folded in one
        vectorized call and scanned once; hits are assigned to documents and
        sentences by sorted search. Feed it chunks of a few megabytes.
        """
        results: list[list[tuple[str, str, int, int, int]]] = [[] for _ in texts]
        if not texts:
            return results
        lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
        offsets = np.concatenate(([0], np.cumsum(lengths + len(_DOC_SEPARATOR))[:-1]))
        padded = _padded(_DOC_SEPARATOR.join(texts))
        starts, ends, pids = self._scan_arrays(self._keys, padded)
        if len(starts):
            self._tag_hits(texts, sentence_starts, offsets, padded, starts, ends, pids, results)
        if self._patterns:
            for doc, text in enumerate(texts):
                doc_starts = sentence_starts[doc] or [0]
                for topic_id, pattern in self._patterns:
                    for match in pattern.finditer(text):
                        if match.end() > match.start():
                            sent_id = max(0, bisect_right(doc_starts, match.start()) - 1)
                            results[doc].append((topic_id, pattern.pattern, match.start(), match.end(), sent_id))
                results[doc].sort(key=lambda m: (m[2], m[3], m[0]))
        return results

    def _requires_met(
        self,
        cue_start: np.ndarray,
        cue_end: np.ndarray,
        cue_pid: np.ndarray,
        offsets: np.ndarray,
        global_starts: np.ndarray,
        first_sentence: np.ndarray,
        start: np.ndarray,
        end: np.ndarray,
        index: np.ndarray,
        doc: np.ndarray,
        sent: np.ndarray,
    ) -> np.ndarray:
        """For each candidate, whether a cue of its «requires» list occurs in
        its sentence outside the candidate itself (all as arrays)."""
        met = np.zeros(len(start), dtype=bool)
        if not len(cue_start):
            return met
        cue_doc = np.searchsorted(offsets, cue_start, side="right") - 1
        cue_sentence = np.maximum(np.searchsorted(global_starts, cue_start, side="right") - 1, first_sentence[cue_doc])
        order = np.argsort(cue_sentence, kind="stable")
        cue_sentence, cue_start, cue_end, cue_pid = (a[order] for a in (cue_sentence, cue_start, cue_end, cue_pid))
        sentence = first_sentence[doc] + sent
        lo = np.searchsorted(cue_sentence, sentence, side="left")
        hi = np.searchsorted(cue_sentence, sentence, side="right")
        counts = hi - lo
        candidate = np.repeat(np.arange(len(start)), counts)
        cue = np.repeat(lo, counts) + (np.arange(len(candidate)) - np.repeat(np.cumsum(counts) - counts, counts))
        wanted = np.isin(index[candidate] * self._n_phrases + cue_pid[cue], self._requires_pairs)
        outside = ~((start[candidate] <= cue_start[cue]) & (cue_end[cue] <= end[candidate]))
        met[candidate[wanted & outside]] = True
        return met

    def _tag_hits(
        self,
        texts: Sequence[str],
        sentence_starts: Sequence[Sequence[int]],
        offsets: np.ndarray,
        padded: str,
        starts: np.ndarray,
        ends: np.ndarray,
        pids: np.ndarray,
        results: list[list[tuple[str, str, int, int, int]]],
    ) -> None:
        n_docs = len(texts)
        local_starts = [list(s) if len(s) else [0] for s in sentence_starts]
        n_sentences = np.fromiter((len(s) for s in local_starts), dtype=np.int64, count=n_docs)
        first_sentence = np.concatenate(([0], np.cumsum(n_sentences)[:-1]))
        global_starts = np.concatenate([np.asarray(s, dtype=np.int64) + o for s, o in zip(local_starts, offsets, strict=True)])
        doc_of = np.searchsorted(offsets, starts, side="right") - 1
        sentence_of = np.maximum(np.searchsorted(global_starts, starts, side="right") - 1 - first_sentence[doc_of], 0)

        # Term hits, one row per (hit, term) — a phrase can be a term of two topics.
        per_hit = self._term_count[pids]
        rows = np.repeat(np.arange(len(pids)), per_hit)
        within = np.arange(len(rows)) - np.repeat(np.cumsum(per_hit) - per_hit, per_hit)
        t_index = self._term_flat[self._term_ptr[pids[rows]] + within]
        t_start, t_end, t_doc, t_sent = starts[rows], ends[rows], doc_of[rows], sentence_of[rows]
        category = self._category[t_index]
        docs_with_cancel = np.zeros(n_docs, dtype=bool)
        docs_with_cancel[doc_of[self._is_cancel[pids]]] = True
        fast = (category == 0) | ((category == 1) & ~docs_with_cancel[t_doc])

        accepted = [np.column_stack((t_start[fast], t_end[fast], t_index[fast], t_doc[fast], t_sent[fast]))]
        by_cue = (category == 2) & self._has_words[t_index] & ~docs_with_cancel[t_doc]
        if by_cue.any():
            cues = self._is_cue[pids]
            ok = self._requires_met(
                starts[cues], ends[cues], pids[cues], offsets, global_starts, first_sentence,
                t_start[by_cue], t_end[by_cue], t_index[by_cue], t_doc[by_cue], t_sent[by_cue],
            )  # fmt: skip
            cued = np.flatnonzero(by_cue)
            chosen = cued[ok]
            accepted.append(np.column_stack((t_start[chosen], t_end[chosen], t_index[chosen], t_doc[chosen], t_sent[chosen])))
            # no cue word, but an "@topic" alternative: decided in Python below
            by_cue[cued[~ok & self._has_topics[t_index[cued]]]] = False
            fast[chosen] = True  # counts for "@topic" rules of other mentions
        slow = np.flatnonzero(~fast & ~by_cue)
        if len(slow):
            by_doc = np.split(slow, np.flatnonzero(np.diff(t_doc[slow])) + 1)
            hit_bounds = np.searchsorted(doc_of, np.arange(n_docs + 1))
            term_bounds = np.searchsorted(t_doc, np.arange(n_docs + 1))
            for candidates in by_doc:
                doc = int(t_doc[candidates[0]])
                lo, hi = hit_bounds[doc], hit_bounds[doc + 1]
                offset = int(offsets[doc])
                doc_hits = list(zip(starts[lo:hi].tolist(), ends[lo:hi].tolist(), pids[lo:hi].tolist(), strict=True))
                t_lo, t_hi = term_bounds[doc], term_bounds[doc + 1]

                def fast_topics(t_lo: int = t_lo, t_hi: int = t_hi) -> dict[int, set[str]]:
                    """Topics accepted without rules, by sentence (for "@topic" rules)."""
                    found: dict[int, set[str]] = defaultdict(set)
                    mine = slice(t_lo, t_hi)
                    for index, sent_id, ok in zip(t_index[mine].tolist(), t_sent[mine].tolist(), fast[mine].tolist(), strict=True):
                        if ok:
                            found[sent_id].add(self._topic_of[index])
                    return found

                judged = self._judge(
                    list(zip(t_start[candidates].tolist(), t_end[candidates].tolist(), t_index[candidates].tolist(), t_sent[candidates].tolist(), strict=True)),
                    doc_hits,
                    sentence_of[lo:hi].tolist(),
                    padded,
                    [offset + s for s in local_starts[doc]],
                    offset + len(texts[doc]),
                    fast_topics,
                )
                if judged:
                    accepted.append(np.array([(s, e, i, doc, sid) for s, e, i, sid in judged], dtype=np.int64))
        table = np.concatenate(accepted)
        if not len(table):
            return
        start, end, index, doc, sent = table.T
        topic = self._topic_rank[index]
        # One count per phrase and topic: sorted by start, longer span and longer
        # term first, a mention inside an earlier one of its topic is dropped.
        order = np.lexsort((-self._term_len_array[index], -end, start, topic, doc))
        start, end, index, doc, sent, topic = (a[order] for a in (start, end, index, doc, sent, topic))
        group = doc * (int(topic.max()) + 1) + topic
        big = int(end.max()) + 2
        reach = np.maximum.accumulate(end + group * big)
        previous = np.concatenate(([-1], reach[:-1] - group[1:] * big))
        new_group = np.concatenate(([True], group[1:] != group[:-1]))
        keep = new_group | (end > previous)
        start, end, index, doc, sent, topic = (a[keep] for a in (start, end, index, doc, sent, topic))
        # Output order within a document: start, end, topic name.
        order = np.lexsort((topic, end, start, doc))
        start, end, index, doc, sent = (a[order] for a in (start, end, index, doc, sent))
        start, end = start - offsets[doc], end - offsets[doc]
        topic_of, term_text = self._topic_of, self._term_text
        rows = [
            (topic_of[i], term_text[i], s, e, sid)
            for s, e, i, sid in zip(start.tolist(), end.tolist(), index.tolist(), sent.tolist(), strict=True)
        ]
        bounds = [0, *(np.flatnonzero(np.diff(doc)) + 1).tolist(), len(rows)]
        for d, lo, hi in zip(doc[bounds[:-1]].tolist(), bounds[:-1], bounds[1:], strict=True):
            results[d] = rows[lo:hi]

    def _judge(
        self,
        candidates: list[tuple[int, int, int, int]],
        doc_hits: list[tuple[int, int, int]],
        doc_sent_ids: list[int],
        padded: str,
        starts: Sequence[int],
        text_end: int,
        fast_topics: Callable[[], dict[int, set[str]]],
    ) -> list[tuple[int, int, int, int]]:
        """Apply context rules to ``(start, end, term index, sent_id)`` candidates of one document."""
        rules = self._rules
        present = frozenset(pid for _, _, pid in doc_hits)
        context = _DocumentContext(self, doc_hits, doc_sent_ids, padded, starts, text_end)
        accepted: list[tuple[int, int, int, int]] = []
        waiting: list[tuple[int, int, int, int]] = []
        for start, end, index, sent_id in candidates:
            words, topics, excludes, unless = rules[index]
            excludes, unless = excludes & present, unless & present
            if excludes and any(a <= start and end <= b and (b - a) > (end - start) for a, b in context.hits(excludes, sent_id)):
                continue
            if unless and context.hits(unless, sent_id):
                continue
            if not words and not topics:
                accepted.append((start, end, index, sent_id))
            elif words and any(not (start <= a and b <= end) for a, b in context.cues(words, sent_id)):
                accepted.append((start, end, index, sent_id))
            elif topics:
                waiting.append((start, end, index, sent_id))
        if waiting:
            # "@topic": accept while another accepted mention in the same sentence
            # satisfies the rule («شانگهای» beside «بریکس»).
            topic_of = self._topic_of
            topics_in = defaultdict(set, fast_topics())
            for _, _, index, sent_id in accepted:
                topics_in[sent_id].add(topic_of[index])
            changed = True
            while waiting and changed:
                changed = False
                for item in list(waiting):
                    _, _, index, sent_id = item
                    seen = topics_in[sent_id] - {topic_of[index]}
                    if any(seen & self._topic_satisfies[t] for t in rules[index][1]):
                        accepted.append(item)
                        topics_in[sent_id].add(topic_of[index])
                        waiting.remove(item)
                        changed = True
        return accepted


class _DocumentContext:
    """Context phrases of one document, looked up per sentence on first need."""

    def __init__(
        self,
        matcher: TopicMatcher,
        hits: list[tuple[int, int, int]],
        sent_ids: list[int],
        padded: str,
        starts: Sequence[int],
        text_end: int,
    ) -> None:
        self._matcher, self._hits, self._sent_ids = matcher, hits, sent_ids
        self._padded, self._starts, self._text_end = padded, starts, text_end
        self._by_sentence: dict[int, dict[int, list[tuple[int, int]]]] | None = None
        self._cues: dict[int, dict[int, list[tuple[int, int]]]] = {}
        self._memo: dict[tuple[int, frozenset[int]], list[tuple[int, int]]] = {}

    def hits(self, phrase_ids: frozenset[int], sent_id: int) -> list[tuple[int, int]]:
        """Spans of exclusion/«unless» phrases (found by the main pass) in a sentence."""
        key = (sent_id, phrase_ids)
        found = self._memo.get(key)
        if found is None:
            if self._by_sentence is None:
                self._by_sentence = defaultdict(lambda: defaultdict(list))
                for (start, end, pid), sid in zip(self._hits, self._sent_ids, strict=True):
                    self._by_sentence[sid][pid].append((start, end))
            found = self._memo[key] = _spans(self._by_sentence.get(sent_id), phrase_ids)
        return found

    def cues(self, phrase_ids: frozenset[int], sent_id: int) -> list[tuple[int, int]]:
        """Spans of «requires» cues in a sentence (that sentence scanned once)."""
        sentence = self._cues.get(sent_id)
        if sentence is None:
            starts, padded = self._starts, self._padded
            # padded = " " + text: a sentence [a, b) of the text is padded[a + 1, b + 1);
            # the key's leading space sits at padded[a].
            lo = starts[sent_id] if sent_id < len(starts) else starts[0]
            hi = starts[sent_id + 1] + 1 if sent_id + 1 < len(starts) else self._text_end + 1
            sentence = self._cues[sent_id] = defaultdict(list)
            # Scan a copy of the sentence only: scanning the chunk once per
            # sentence would make chunked tagging quadratic.
            for start, end, pid in self._matcher._scan(self._matcher._requires_keys, padded[lo:hi]):
                sentence[pid].append((start + lo, end + lo))
        return _spans(sentence, phrase_ids)


def _spans(by_phrase: dict[int, list[tuple[int, int]]] | None, phrase_ids: frozenset[int]) -> list[tuple[int, int]]:
    if not by_phrase:
        return []
    return [span for pid in phrase_ids & by_phrase.keys() for span in by_phrase[pid]]
