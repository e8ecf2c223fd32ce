"""Collocates of a topic: the words found around its mentions.

For every mention of the topic (a group: of any member), the content words
within ``window`` words to its left and right *in the same sentence* are
counted (the mention's own words excepted). Association with the topic:

* ``log_dice`` = 14 + log2(2·f(node, w) / (f(node) + f(w))) — Rychlý's
  logDice, as in Sketch Engine: at most 14, independent of corpus size,
  not inflated by rare words;
* ``mi`` = log2(f(node, w)·N / (f(node)·f(w)·span)) — pointwise mutual
  information with the window span, as in AntConc; high for rare words,
  hence ``min_count``.

f(node) is the number of mentions, f(w) the word's frequency in the corpus,
f(node, w) its count in the windows, N the corpus's content words. Words
already in the lexicon are marked (``in_lexicon``): the others are
candidates to add, or show how the topic is framed.

>>> round(float(log_dice(np.array([5]), 10, np.array([20]))[0]), 3)
12.415
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter

import numpy as np
import pandas as pd

from helpers.topics.spelling import fold
from helpers.topics.words import is_content_word, word_counts, word_spans

__all__ = ["COLLOCATE_COLUMNS", "collocate_table", "log_dice", "mutual_information"]

COLLOCATE_COLUMNS = ["word", "cooccurrences", "frequency", "log_dice", "mi", "in_lexicon"]


def log_dice(together: np.ndarray, node: int, frequency: np.ndarray) -> np.ndarray:
    """Rychlý's logDice of each word with the node."""
    return 14 + np.log2(2 * np.asarray(together, dtype=float) / (node + np.asarray(frequency, dtype=float)))


def mutual_information(together: np.ndarray, node: int, frequency: np.ndarray, total: int, span: int) -> np.ndarray:
    """Pointwise mutual information, corrected for the window span."""
    return np.log2(np.asarray(together, dtype=float) * total / (node * np.asarray(frequency, dtype=float) * span))


def collocate_table(
    texts: pd.Series,
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    lexicon_words: set[str],
    window: int = 5,
    min_count: int = 3,
    measure: str = "log_dice",
) -> pd.DataFrame:
    """Collocates of the given mentions.

    Args:
        texts: normalized text per document (index: ``doc_id``).
        sentences: ``doc_id``, ``start``, ``end`` of each sentence.
        mentions: the topic's mentions (``doc_id``, ``start``, ``end``).
        lexicon_words: folded words of the lexicon's terms.
        window: words on each side.
        min_count: collocates seen fewer times near the topic are left out.
        measure: ``log_dice`` or ``mi``: the sort order.

    Returns:
        ``COLLOCATE_COLUMNS``, strongest first; ``attrs["mentions"]`` is f(node).
    """
    if measure not in ("log_dice", "mi"):
        raise ValueError(f"measure must be 'log_dice' or 'mi', not {measure!r}")
    if window < 1 or min_count < 1:
        raise ValueError("window and min_count must be at least 1")
    together: Counter[str] = Counter()
    bounds = {doc: (g["start"].to_numpy(), g["end"].to_numpy()) for doc, g in sentences.groupby("doc_id", sort=False)}
    for doc_id, doc_mentions in mentions.groupby("doc_id", sort=False):
        text = texts[doc_id]
        spans = list(word_spans(text))
        starts = [s for s, _, _ in spans]
        ends = [e for _, e, _ in spans]
        sent_starts, sent_ends = bounds.get(doc_id, (np.array([0]), np.array([len(text)])))
        for start, end in zip(doc_mentions["start"].tolist(), doc_mentions["end"].tolist(), strict=True):
            s = max(int(np.searchsorted(sent_starts, start, side="right")) - 1, 0)
            lo_char, hi_char = int(sent_starts[s]), int(sent_ends[s])
            first, last = bisect_right(ends, start), bisect_left(starts, end)  # words before / after the mention
            left = [w for a, _, w in spans[max(0, first - window) : first] if a >= lo_char]
            right = [w for _, b, w in spans[last : last + window] if b <= hi_char]
            together.update(w for w in left + right if is_content_word(w))
    frequency = word_counts(texts.tolist())
    node = len(mentions)
    words = sorted(w for w, c in together.items() if c >= min_count)
    table = pd.DataFrame(
        {"word": words, "cooccurrences": [together[w] for w in words], "frequency": [frequency[w] for w in words]}
    )
    co, freq = table["cooccurrences"].to_numpy(), table["frequency"].to_numpy()
    table["log_dice"] = log_dice(co, node, freq) if node else np.nan
    table["mi"] = mutual_information(co, node, freq, sum(frequency.values()), 2 * window) if node else np.nan
    table["in_lexicon"] = [fold(w).split()[0] in lexicon_words or fold(w).replace(" ", "") in lexicon_words for w in words]
    table = table.sort_values([measure, "cooccurrences", "word"], ascending=[False, False, True], kind="stable")
    table = table.reset_index(drop=True)[COLLOCATE_COLUMNS]
    table.attrs["mentions"] = node
    return table
