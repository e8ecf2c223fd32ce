"""Keyness: which words and lexicon terms set one group of documents apart.

As in AntConc and quanteda (``textstat_keyness(measure="lr")``), each item
gets the log-likelihood statistic G² of the 2 × 2 table (item / other
words × group A / group B; Dunning 1993, Rayson & Garside 2000), signed
positive when the item is relatively more frequent in A, with its p value
(χ², 1 degree of freedom), and an effect size: Hardie's *log ratio*, the
binary logarithm of the ratio of relative frequencies (1 = twice as
frequent; a zero count is taken as 0.5). G² says how sure, log ratio how
big. Items: content words (:mod:`helpers.topics.words`) and lexicon terms
(counted as mentions). Rows are sorted by signed G², A's key items first.

>>> round(float(log_likelihood(np.array([30]), np.array([10]), 1000, 1000)[0]), 3)
10.669
>>> bool(log_ratio(np.array([30]), np.array([10]), 1000, 1000)[0] == np.log2(3))
True
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from helpers.topics.words import word_counts

__all__ = ["KEYNESS_COLUMNS", "keyness_table", "log_likelihood", "log_ratio"]

KEYNESS_COLUMNS = [
    "item", "kind", "topic", "count_a", "count_b", "per_10k_a", "per_10k_b", "g2", "p_value", "log_ratio", "key_for",
]  # fmt: skip


def _x_log(observed: np.ndarray, expected: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(observed > 0, observed * np.log(observed / expected), 0.0)


def log_likelihood(a: np.ndarray, b: np.ndarray, total_a: float, total_b: float) -> np.ndarray:
    """Signed G² of each item with counts ``a`` in A and ``b`` in B
    (``total_a``, ``total_b``: all tokens of each), from the full 2 × 2 table."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    total = total_a + total_b
    row = a + b
    cells = ((a, total_a, row), (b, total_b, row), (total_a - a, total_a, total - row), (total_b - b, total_b, total - row))
    g2 = 2 * sum(_x_log(observed, column * marginal / total) for observed, column, marginal in cells)
    sign = np.sign(a / total_a - b / total_b) if total_a and total_b else np.zeros_like(a)
    return sign * np.maximum(g2, 0.0)


def log_ratio(a: np.ndarray, b: np.ndarray, total_a: float, total_b: float) -> np.ndarray:
    """Hardie's log ratio: log2 of the ratio of relative frequencies (zeros as 0.5)."""
    a = np.where(np.asarray(a) > 0, a, 0.5).astype(float)
    b = np.where(np.asarray(b) > 0, b, 0.5).astype(float)
    return np.log2((a / total_a) / (b / total_b))


def keyness_table(
    texts_a: Sequence[str], texts_b: Sequence[str], terms_a: pd.DataFrame, terms_b: pd.DataFrame, min_count: int = 3
) -> pd.DataFrame:
    """Key words and terms of A against B.

    Args:
        texts_a, texts_b: the normalized texts of each group.
        terms_a, terms_b: their mentions (``topic``, ``term`` columns).
        min_count: items with fewer occurrences in A and B together are left out.

    Returns:
        ``KEYNESS_COLUMNS``: ``kind`` is ``word`` or ``term`` (then ``topic``
        says whose), counts and frequencies per 10,000 tokens, signed ``g2``,
        ``p_value``, ``log_ratio``, and ``key_for`` (``a`` or ``b``).
    """
    from scipy.stats import chi2  # on first use: scipy is slow to import

    if not len(texts_a) or not len(texts_b):
        raise ValueError("keyness needs documents in both groups (one of them is empty)")
    words_a, words_b = word_counts(texts_a), word_counts(texts_b)
    total_a, total_b = sum(words_a.values()), sum(words_b.values())
    if not total_a or not total_b:
        raise ValueError("keyness needs words in both groups (one of them has none)")
    vocabulary = sorted(set(words_a) | set(words_b))
    frames = [
        pd.DataFrame(
            {
                "item": vocabulary, "kind": "word", "topic": None,
                "count_a": [words_a.get(w, 0) for w in vocabulary], "count_b": [words_b.get(w, 0) for w in vocabulary],
            }
        )
    ]  # fmt: skip
    per_a = terms_a.groupby(["topic", "term"]).size()
    per_b = terms_b.groupby(["topic", "term"]).size()
    keys = per_a.index.union(per_b.index)
    if len(keys):
        frames.append(
            pd.DataFrame(
                {
                    "item": keys.get_level_values("term"), "kind": "term", "topic": keys.get_level_values("topic"),
                    "count_a": per_a.reindex(keys, fill_value=0).to_numpy(), "count_b": per_b.reindex(keys, fill_value=0).to_numpy(),
                }
            )
        )  # fmt: skip
    table = pd.concat(frames, ignore_index=True)
    table = table[(table["count_a"] + table["count_b"]) >= min_count].reset_index(drop=True)
    a, b = table["count_a"].to_numpy(), table["count_b"].to_numpy()
    table["per_10k_a"] = a / total_a * 10_000
    table["per_10k_b"] = b / total_b * 10_000
    table["g2"] = log_likelihood(a, b, total_a, total_b)
    table["p_value"] = chi2.sf(np.abs(table["g2"].to_numpy()), df=1)
    table["log_ratio"] = log_ratio(a, b, total_a, total_b)
    table["key_for"] = np.where(table["g2"].to_numpy() >= 0, "a", "b")
    table = table.sort_values(["g2", "item"], ascending=[False, True], kind="stable").reset_index(drop=True)
    table.attrs["tokens_a"], table.attrs["tokens_b"] = total_a, total_b
    return table[KEYNESS_COLUMNS]
