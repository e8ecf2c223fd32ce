"""Context rules of the lexicon, checked on a document's hits.

``requires`` (a cue word, or ``@topic``, in the same sentence), ``exclude``
(a longer phrase containing the term) and ``unless`` (a word that cancels
the term in its sentence). :func:`requires_met` decides «requires» words
for many hits at once, as arrays; :func:`judge` applies the rest in Python,
for the few hits that need it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

import numpy as np

from helpers.topics.compiled import CompiledLexicon
from helpers.topics.keys import Keys

__all__ = ["DocumentContext", "judge", "requires_met"]


def requires_met(
    compiled: CompiledLexicon,
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
    wanted = np.isin(index[candidate] * compiled.n_phrases + cue_pid[cue], compiled.requires_pairs)
    outside = ~((start[candidate] <= cue_start[cue]) & (cue_end[cue] <= end[candidate]))
    met[candidate[wanted & outside]] = True
    return met


def judge(
    compiled: CompiledLexicon,
    candidates: list[tuple[int, int, int, int]],
    doc_hits: list[tuple[int, int, int]],
    doc_sent_ids: list[int],
    padded: str,
    starts: Sequence[int],
    text_end: int,
    fast_topics: Callable[[], dict[int, set[str]]],
) -> list[tuple[int, int, int, int]]:
    """Apply context rules to ``(start, end, term index, sent_id)`` candidates of one document."""
    rules = compiled.rules
    present = frozenset(pid for _, _, pid in doc_hits)
    context = DocumentContext(compiled.requires_keys, doc_hits, doc_sent_ids, padded, starts, text_end)
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
        topic_of = compiled.topic_of
        topics_in = defaultdict(set, fast_topics())
        for _, _, index, sent_id in accepted:
            topics_in[sent_id].add(topic_of[index])
        changed = True
        while waiting and changed:
            changed = False
            for item in list(waiting):
                _, _, index, sent_id = item
                seen = topics_in[sent_id] - {topic_of[index]}
                if any(seen & compiled.topic_satisfies[t] for t in rules[index][1]):
                    accepted.append(item)
                    topics_in[sent_id].add(topic_of[index])
                    waiting.remove(item)
                    changed = True
    return accepted


class DocumentContext:
    """Context phrases of one document, looked up per sentence on first need."""

    def __init__(
        self,
        cue_keys: Keys,
        hits: list[tuple[int, int, int]],
        sent_ids: list[int],
        padded: str,
        starts: Sequence[int],
        text_end: int,
    ) -> None:
        self._cue_keys, self._hits, self._sent_ids = cue_keys, hits, sent_ids
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
            for start, end, pid in self._cue_keys.scan(padded[lo:hi]):
                sentence[pid].append((start + lo, end + lo))
        return _spans(sentence, phrase_ids)


def _spans(by_phrase: dict[int, list[tuple[int, int]]] | None, phrase_ids: frozenset[int]) -> list[tuple[int, int]]:
    if not by_phrase:
        return []
    return [span for pid in phrase_ids & by_phrase.keys() for span in by_phrase[pid]]
