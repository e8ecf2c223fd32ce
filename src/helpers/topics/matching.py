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

>>> from helpers.topics.lexicon import load_lexicon
>>> matcher = TopicMatcher(load_lexicon())
>>> [(m.topic, m.matched) for m in matcher.find("صادرات کالا، برق و گاز به عراق افزایش یافت.")]
[('trade', 'صادرات'), ('energy', 'برق'), ('energy', 'گاز')]
>>> matcher.find("برقراری صلح در منطقه")[0].topic
'peace_security'
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from helpers.topics import spelling
from helpers.topics.compiled import CompiledLexicon
from helpers.topics.lexicon import Lexicon
from helpers.topics.names import Hit, NameFinder, Suppressed
from helpers.topics.rules import judge, requires_met
from helpers.topics.spelling import DOC_SEPARATOR, fold

__all__ = ["Mention", "TopicMatcher", "fold"]


@dataclass(frozen=True)
class Mention:
    """One counted mention: where, which topic, which term."""

    topic: str
    term: str
    matched: str
    start: int
    end: int
    sent_id: int


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
        self.compiled = CompiledLexicon(lexicon)
        self.names = NameFinder(lexicon)

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
        """:meth:`find_spans` for many documents in one pass (counted mentions only)."""
        return self.find_batch_with_suppressed(texts, sentence_starts)[0]

    def find_batch_with_suppressed(
        self, texts: Sequence[str], sentence_starts: Sequence[Sequence[int]]
    ) -> tuple[list[list[Hit]], list[list[Suppressed]]]:
        """Counted and suppressed mentions of many documents, in one pass.

        The texts are joined with a separator no key can cross, folded in one
        vectorized call and scanned once; hits are assigned to documents and
        sentences by sorted search. Feed it chunks of a few megabytes. Then
        the name layer (:mod:`helpers.topics.names`) moves the hits inside
        proper names to the suppressed list, with the name:
        ``(topic, term, start, end, sent_id, name, name_kind)``.
        """
        results: list[list[tuple[str, str, int, int, int]]] = [[] for _ in texts]
        suppressed: list[list[Suppressed]] = [[] for _ in texts]
        if not texts:
            return results, suppressed
        lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
        offsets = np.concatenate(([0], np.cumsum(lengths + len(DOC_SEPARATOR))[:-1]))
        padded = spelling.padded(DOC_SEPARATOR.join(texts))
        starts, ends, pids = self.compiled.keys.scan_arrays(padded)
        if len(starts):
            self._tag_hits(texts, sentence_starts, offsets, padded, starts, ends, pids, results)
        if self.compiled.patterns:
            for doc, text in enumerate(texts):
                doc_starts = sentence_starts[doc] or [0]
                for topic_id, pattern in self.compiled.patterns:
                    for match in pattern.finditer(text):
                        if match.end() > match.start():
                            sent_id = max(0, bisect_right(doc_starts, match.start()) - 1)
                            results[doc].append((topic_id, pattern.pattern, match.start(), match.end(), sent_id))
                results[doc].sort(key=lambda m: (m[2], m[3], m[0]))
        if self.names.active:
            # head words, gazetteer names, sources: one more pass over the padded chunk
            n_starts, n_ends, n_ids = self.names.scan(padded)
            n_doc = np.searchsorted(offsets, n_starts, side="right") - 1
            bounds = np.searchsorted(n_doc, np.arange(len(texts) + 1))
            for doc, hits in enumerate(results):
                if hits:
                    lo, hi, offset = bounds[doc], bounds[doc + 1], int(offsets[doc])
                    found = [(a - offset, b - offset, pid) for a, b, pid in zip(n_starts[lo:hi].tolist(), n_ends[lo:hi].tolist(), n_ids[lo:hi].tolist(), strict=True)]
                    results[doc], suppressed[doc] = self.names.apply(texts[doc], sentence_starts[doc] or [0], hits, found)
        else:
            for doc, hits in enumerate(results):
                if hits:  # brackets: «سازمان همکاری اقتصادی (اکو)» is one mention
                    results[doc], suppressed[doc] = self.names.apply(texts[doc], sentence_starts[doc] or [0], hits)
        return results, suppressed

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
        c = self.compiled
        n_docs = len(texts)
        local_starts = [list(s) if len(s) else [0] for s in sentence_starts]
        n_sentences = np.fromiter((len(s) for s in local_starts), dtype=np.int64, count=n_docs)
        first_sentence = np.concatenate(([0], np.cumsum(n_sentences)[:-1]))
        global_starts = np.concatenate([np.asarray(s, dtype=np.int64) + o for s, o in zip(local_starts, offsets, strict=True)])
        doc_of = np.searchsorted(offsets, starts, side="right") - 1
        sentence_of = np.maximum(np.searchsorted(global_starts, starts, side="right") - 1 - first_sentence[doc_of], 0)

        # Term hits, one row per (hit, term) — a phrase can be a term of two topics.
        per_hit = c.term_count[pids]
        rows = np.repeat(np.arange(len(pids)), per_hit)
        within = np.arange(len(rows)) - np.repeat(np.cumsum(per_hit) - per_hit, per_hit)
        t_index = c.term_flat[c.term_ptr[pids[rows]] + within]
        t_start, t_end, t_doc, t_sent = starts[rows], ends[rows], doc_of[rows], sentence_of[rows]
        category = c.category[t_index]
        docs_with_cancel = np.zeros(n_docs, dtype=bool)
        docs_with_cancel[doc_of[c.is_cancel[pids]]] = True
        fast = (category == 0) | ((category == 1) & ~docs_with_cancel[t_doc])

        accepted = [np.column_stack((t_start[fast], t_end[fast], t_index[fast], t_doc[fast], t_sent[fast]))]
        by_cue = (category == 2) & c.has_words[t_index] & ~docs_with_cancel[t_doc]
        if by_cue.any():
            cues = c.is_cue[pids]
            ok = requires_met(
                c, starts[cues], ends[cues], pids[cues], offsets, global_starts, first_sentence,
                t_start[by_cue], t_end[by_cue], t_index[by_cue], t_doc[by_cue], t_sent[by_cue],
            )  # fmt: skip
            cued = np.flatnonzero(by_cue)
            chosen = cued[ok]
            accepted.append(np.column_stack((t_start[chosen], t_end[chosen], t_index[chosen], t_doc[chosen], t_sent[chosen])))
            # no cue word, but an "@topic" alternative: decided in Python below
            by_cue[cued[~ok & c.has_topics[t_index[cued]]]] = False
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
                            found[sent_id].add(c.topic_of[index])
                    return found

                judged = judge(
                    c,
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
        topic = c.topic_rank[index]
        # One count per phrase and topic: sorted by start, longer span and longer
        # term first, a mention inside an earlier one of its topic is dropped.
        order = np.lexsort((-c.term_len_array[index], -end, start, topic, doc))
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
        topic_of, term_text = c.topic_of, c.term_text
        rows = [
            (topic_of[i], term_text[i], s, e, sid)
            for s, e, i, sid in zip(start.tolist(), end.tolist(), index.tolist(), sent.tolist(), strict=True)
        ]
        bounds = [0, *(np.flatnonzero(np.diff(doc)) + 1).tolist(), len(rows)]
        for d, lo, hi in zip(doc[bounds[:-1]].tolist(), bounds[:-1], bounds[1:], strict=True):
            results[d] = rows[lo:hi]
