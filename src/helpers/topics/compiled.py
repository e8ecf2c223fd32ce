"""A lexicon compiled for matching: phrases, rules and automata as arrays.

Built once per lexicon (:class:`CompiledLexicon`); the matcher and the
rule checks read it. Every term, exclusion phrase, «unless» word and
«requires» cue becomes a *phrase* with an id; terms and their rules are
indexed so that hits can be judged as NumPy arrays.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from helpers.topics.keys import SHORT_SUFFIXES, SHORT_TERM, SUFFIXES, Keys, Phrase
from helpers.topics.lexicon import Lexicon, Term
from helpers.topics.spelling import fold

__all__ = ["CompiledLexicon", "Rule"]

# Per term: (requires words, requires topics, exclude, unless) — phrase ids and topic ids.
Rule = tuple[frozenset[int], frozenset[str], frozenset[int], frozenset[int]]


class CompiledLexicon:
    """Phrases, per-term rules and the automata of one lexicon.

    ``keys`` holds terms, exclusions, «unless» words and «requires» cues
    (one pass per chunk of text); ``requires_keys`` the cues alone, for the
    single sentences the rule checks look at.
    """

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        phrase_ids: dict[Phrase, int] = {}
        self.phrases: list[Phrase] = []

        def phrase_id(text: str, inflect: bool = True) -> int:
            key = Phrase(" ".join(fold(text).split()), inflect, "-" in text)
            if key not in phrase_ids:
                phrase_ids[key] = len(self.phrases)
                self.phrases.append(key)
            return phrase_ids[key]

        self.terms: list[Term] = list(lexicon.terms)
        self.topic_of = [t.topic for t in self.terms]
        self.term_len = [len(t.text) for t in self.terms]
        self.term_text = [t.text for t in self.terms]
        self.terms_of_phrase: dict[int, list[int]] = defaultdict(list)
        # Per term: (requires words, requires topics, exclude, unless); None when it has no rule.
        self.rules: list[Rule | None] = []
        for index, term in enumerate(self.terms):
            self.terms_of_phrase[phrase_id(term.text, term.inflect)].append(index)
            rule = (
                frozenset(phrase_id(c) for c in term.requires if not c.startswith("@")),
                frozenset(c[1:] for c in term.requires if c.startswith("@")),
                frozenset(phrase_id(c) for c in term.exclude),
                frozenset(phrase_id(c) for c in term.unless),
            )
            self.rules.append(rule if any(rule) else None)

        groups = {t.id: set(lexicon.members(t.id)) for t in lexicon.topics if t.is_group}
        # "@x" is satisfied by a mention of x, or of any member of group x.
        self.topic_satisfies = {tid: {tid} | groups.get(tid, set()) for tid in lexicon.ids}
        self.patterns = [(t.id, p) for t in lexicon.topics for p in t.patterns]
        long_suffixes, short_suffixes = frozenset(SUFFIXES), frozenset(SHORT_SUFFIXES)
        self.endings = [
            (short_suffixes if len(p.text.rsplit(" ", 1)[-1]) <= SHORT_TERM else long_suffixes) if p.inflect else None
            for p in self.phrases
        ]
        n_phrases = len(self.phrases)
        cancel_ids = {pid for rule in self.rules if rule for part in (rule[2], rule[3]) for pid in part}
        self.is_cancel = np.zeros(max(n_phrases, 1), dtype=bool)
        self.is_cancel[list(cancel_ids)] = True
        # phrase -> its term indexes, as flat arrays (phrase p owns term_of[ptr[p]:ptr[p + 1]])
        counts = np.zeros(max(n_phrases, 1), dtype=np.int64)
        for pid, indexes in self.terms_of_phrase.items():
            counts[pid] = len(indexes)
        self.term_count = counts
        self.term_ptr = np.concatenate(([0], np.cumsum(counts)))
        flat = np.zeros(int(counts.sum()), dtype=np.int64)
        for pid, indexes in self.terms_of_phrase.items():
            flat[self.term_ptr[pid] : self.term_ptr[pid] + len(indexes)] = indexes
        self.term_flat = flat
        # 0: no rule; 1: only exclude/unless (cannot apply where none of those phrases occur); 2: requires
        self.category = np.array(
            [0 if r is None else (2 if (r[0] or r[1]) else 1) for r in self.rules] or [0], dtype=np.int8
        )
        topic_names = sorted(set(self.topic_of))
        rank = {name: i for i, name in enumerate(topic_names)}
        self.topic_rank = np.array([rank[t] for t in self.topic_of] or [0], dtype=np.int64)
        self.term_len_array = np.array(self.term_len or [0], dtype=np.int64)

        # «requires» words are checked as arrays; "@topic" alternatives in Python.
        self.has_words = np.array([bool(r and r[0]) for r in self.rules] or [False], dtype=bool)
        self.has_topics = np.array([bool(r and r[1]) for r in self.rules] or [False], dtype=bool)
        self.n_phrases = max(n_phrases, 1)
        self.requires_pairs = np.unique(
            np.array(
                [index * self.n_phrases + pid for index, r in enumerate(self.rules) if r for pid in r[0]] or [-1],
                dtype=np.int64,
            )
        )
        requires_ids = {pid for rule in self.rules if rule for pid in rule[0]}
        self.is_cue = np.zeros(max(n_phrases, 1), dtype=bool)
        self.is_cue[list(requires_ids)] = True
        # Terms, exclusions, «unless» words and «requires» cues: one pass per chunk.
        self.keys = Keys(self.phrases, set(self.terms_of_phrase) | cancel_ids | requires_ids, self.endings)
        # The cues alone, for the single sentences the Python path looks at.
        self.requires_keys = Keys(self.phrases, requires_ids, self.endings)
