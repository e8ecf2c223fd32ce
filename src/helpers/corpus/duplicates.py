"""Syndication and near-duplicates: documents grouped into stories.

Persian agency copy is republished by many sites with small edits — another
headline, a rewritten lead, an added line. Counting copies inflates
coverage; counting stories does not. Each document's normalized text
becomes a set of word shingles (:data:`SHINGLE_WORDS` consecutive words,
hashed to 32 bits); its MinHash signature (128 affine permutations of
the hashes, computed in NumPy for the whole set at once) goes into
``datasketch``'s MinHash LSH index, which proposes candidates in
near-constant time. A candidate is accepted on the *exact* Jaccard similarity of the two
shingle sets, so the LSH only decides what is compared, never the answer.

Documents are taken in the order they appeared (date, then corpus order;
undated last). A document joins the story of the most similar earlier
*first copy* when the Jaccard similarity is at least ``threshold``
(default :data:`THRESHOLD` = 0.5: half the shingles of the two texts in
common — in tests a copy with a new headline and a rewritten lead is at
0.6–0.9, two different stories on the same subject below 0.15), or at
least ``byline_threshold`` (0.3) when both credit the same agency in their
opening («به گزارش ایرنا», «به نقل از ایسنا»; :mod:`helpers.corpus.bylines`)
and appeared within :data:`CREDIT_DAYS` days of it: a rewritten copy that
keeps its credit is still that agency's story. (The LSH index is tuned to
``threshold``; those rewritten copies are found among the agency's recent
first copies, compared by their MinHash signatures at once.)
Otherwise it starts a story of its own. Comparing with first copies only,
not with every member, keeps chains of edits from merging two stories.

Cost is linear in the corpus: one MinHash per document and a handful of
candidate comparisons (see ``benchmarks/duplicates.py`` and the README).

>>> import pandas as pd
>>> docs = pd.DataFrame({
...     "doc_id": ["a", "b", "c"],
...     "date": pd.to_datetime(["2025-12-01", "2025-12-02", "2025-12-01"]),
...     "text": ["به گزارش ایرنا، وزیر نفت گفت صادرات گاز به ترکیه و عراق در ماه گذشته افزایش یافت و قرارداد تازه امضا شد.",
...              "به نقل از ایرنا، وزیر نفت گفت صادرات گاز به ترکیه و عراق در ماه گذشته افزایش یافت و قرارداد تازه امضا شد.",
...              "نشست سران سازمان همکاری شانگهای هفته آینده در شهر تیانجین چین برگزار می‌شود و ایران نیز شرکت می‌کند."]})
>>> find_duplicates(docs)[["doc_id", "story_id", "story_size", "agency"]].values.tolist()
[['a', 'a', 2, 'ایرنا'], ['b', 'a', 2, 'ایرنا'], ['c', 'c', 1, None]]
"""

from __future__ import annotations

import re
import zlib
from bisect import bisect_left
from functools import lru_cache

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from helpers.corpus.bylines import credited_agency

if TYPE_CHECKING:  # datasketch (and the scipy it imports) loads on first use, not with every worker
    from datasketch import MinHash

__all__ = ["DUPLICATE_COLUMNS", "NUM_PERM", "SHINGLE_WORDS", "THRESHOLD", "find_duplicates", "jaccard", "shingle_hashes", "signature"]

DUPLICATE_COLUMNS = ["doc_id", "story_id", "similarity", "first_seen", "story_size", "is_first", "exact", "agency"]
THRESHOLD = 0.5
BYLINE_THRESHOLD = 0.3
# A copy with the lower, credit-line threshold is looked for among the agency's first copies of the last days.
CREDIT_DAYS = 3
SHINGLE_WORDS = 5
NUM_PERM = 128
# The LSH proposes candidates a little below the threshold; the exact check decides.
_LSH_MARGIN = 0.1
_WORD = re.compile(r"\w+")
# Odd 64-bit multipliers: a shingle's hash mixes its words' CRC-32 by position.
_MIXERS = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD,
     0xC4CEB9FE1A85EC53, 0x94D049BB133111EB, 0xBF58476D1CE4E5B9],
    dtype=np.uint64,
)  # fmt: skip


# The signature's permutations: h -> a*h + b modulo 2**32, a odd (a bijection), fixed seed.
_PERMUTATIONS = np.random.default_rng(20251210).integers(0, 2**32, size=(2, 1024), dtype=np.uint64)
_PERMUTATIONS[0] |= np.uint64(1)


def signature(shingles: np.ndarray, num_perm: int = NUM_PERM) -> MinHash:
    """The MinHash of a shingle set, for the LSH index.

    Only a candidate generator: whether two documents are copies is decided
    on their exact Jaccard similarity (:func:`jaccard`).
    """
    from datasketch import MinHash

    if not 2 <= num_perm <= _PERMUTATIONS.shape[1]:
        raise ValueError(f"num_perm must be 2 to {_PERMUTATIONS.shape[1]}, not {num_perm}")
    a, b = _PERMUTATIONS[0, :num_perm], _PERMUTATIONS[1, :num_perm]
    permuted = (shingles.astype(np.uint64)[:, None] * a + b) & np.uint64(0xFFFFFFFF)
    values = permuted.min(axis=0).astype(np.uint32) if len(shingles) else np.full(num_perm, 0xFFFFFFFF, dtype=np.uint32)
    # datasketch's own permutations are unused (the values are given): share one set, not one per document
    return MinHash(num_perm=num_perm, hashvalues=values, permutations=_template(num_perm).permutations, scheme="affine32")


@lru_cache(maxsize=4)
def _template(num_perm: int) -> MinHash:
    from datasketch import MinHash

    return MinHash(num_perm=num_perm)


def shingle_hashes(text: str, size: int = SHINGLE_WORDS, vocabulary: dict[str, int] | None = None) -> np.ndarray:
    """The sorted distinct 32-bit hashes of the ``size``-word shingles of ``text``.

    A text shorter than ``size`` words is one shingle; an empty text none.
    ``vocabulary`` caches each word's CRC-32 between calls.

    >>> shingle_hashes("یک دو سه چهار پنج شش").size, shingle_hashes("یک دو").size, shingle_hashes("").size
    (2, 1, 0)
    >>> bool((shingle_hashes("همکاری ایران و روسیه") == shingle_hashes("همکاری، ایران و روسیه!")).all())
    True
    """
    if not 1 <= size <= len(_MIXERS):
        raise ValueError(f"shingle size must be 1 to {len(_MIXERS)} words, not {size}")
    words = _WORD.findall(text)
    if not words:
        return np.zeros(0, dtype=np.uint32)
    cache = vocabulary if vocabulary is not None else {}
    known = list(map(cache.get, words))  # C-speed lookups; CRC-32 only for words not seen before
    if None in known:
        for word in set(w for w, code in zip(words, known, strict=True) if code is None):
            cache[word] = zlib.crc32(word.encode("utf-8"))
        known = list(map(cache.get, words))
    codes = np.array(known, dtype=np.uint64)
    width = min(size, len(codes))
    n = len(codes) - width + 1
    mixed = np.zeros(n, dtype=np.uint64)
    for position in range(width):  # wraps modulo 2**64, as intended
        mixed += (codes[position : position + n] + np.uint64(position + 1)) * _MIXERS[position]
    return np.unique((mixed >> np.uint64(32)).astype(np.uint32))


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity of two sorted distinct hash arrays (1.0 for two empty sets).

    >>> jaccard(np.array([1, 2, 3]), np.array([2, 3, 4]))
    0.5
    """
    if not len(a) and not len(b):
        return 1.0
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return shared / (len(a) + len(b) - shared)


class _CreditWindow:
    """One agency's first copies of the last :data:`CREDIT_DAYS` days, their
    MinHash values in one growing matrix (documents come in date order)."""

    def __init__(self, num_perm: int) -> None:
        self.days: list[int] = []
        self.positions: list[int] = []
        self.values = np.empty((64, num_perm), dtype=np.uint32)
        self.start = 0

    def add(self, day: int, position: int, values: np.ndarray) -> None:
        if len(self.days) == len(self.values):
            self.values = np.concatenate([self.values, np.empty_like(self.values)])
        self.values[len(self.days)] = values
        self.days.append(day)
        self.positions.append(position)

    def similar(self, today: int, values: np.ndarray, floor: float) -> set[int]:
        """First copies whose estimated similarity (share of equal MinHash
        values) is at least ``floor``: the LSH, tuned to ``threshold``, would miss them."""
        self.start = bisect_left(self.days, today - CREDIT_DAYS, self.start)
        end = len(self.days)
        if self.start == end:
            return set()
        estimates = (self.values[self.start : end] == values).mean(axis=1)
        return {self.positions[self.start + i] for i in np.flatnonzero(estimates >= floor).tolist()}


def _check(name: str, value: float) -> float:
    if not 0.0 < float(value) <= 1.0:
        raise ValueError(f"{name} must be between 0 and 1 (a Jaccard similarity), not {value!r}")
    return float(value)


def find_duplicates(
    documents: pd.DataFrame,
    threshold: float = THRESHOLD,
    *,
    byline_threshold: float | None = BYLINE_THRESHOLD,
    shingle_size: int = SHINGLE_WORDS,
    num_perm: int = NUM_PERM,
) -> pd.DataFrame:
    """Group documents into stories (exact and near-duplicate copies).

    Args:
        documents: ``doc_id``, ``text`` (normalized) and ``date`` (may be
            NaT) — ``Corpus.documents``.
        threshold: Jaccard similarity of shingle sets at or above which a
            document is a copy of a story's first document.
        byline_threshold: the lower similarity that suffices when both
            credit the same agency in their opening and are dated within
            :data:`CREDIT_DAYS` days; None to ignore bylines.
        shingle_size: words per shingle.
        num_perm: MinHash permutations for the LSH index.

    Returns:
        One row per document, in corpus order (``DUPLICATE_COLUMNS``):
        ``story_id`` (the ``doc_id`` of the story's first document),
        ``similarity`` (exact Jaccard with that document; 1.0 for it),
        ``first_seen`` (its date), ``story_size``, ``is_first``, ``exact``
        (same normalized text as the first document) and ``agency``
        (credited in the opening, or None).
    """
    from datasketch import MinHashLSH

    threshold = _check("threshold", threshold)
    lowest = min(threshold, _check("byline_threshold", byline_threshold)) if byline_threshold is not None else threshold
    doc_ids = documents["doc_id"].astype("str").to_numpy()
    texts = documents["text"].astype("str").tolist()
    dates = pd.to_datetime(documents["date"]) if "date" in documents else pd.Series(pd.NaT, index=documents.index)
    n = len(texts)
    agencies = [credited_agency(t) for t in texts]
    # Earliest first, undated after every dated document; on the same date an
    # agency's own copy (its source is the agency it credits) before the
    # outlets that republish it; then corpus order.
    sources = documents["source"].tolist() if "source" in documents else [None] * n
    republished = np.array([a is None or a != s for a, s in zip(agencies, sources, strict=True)])
    when = dates.to_numpy(dtype="datetime64[ns]")
    when = np.where(np.isnat(when), np.iinfo(np.int64).max, when.astype(np.int64))
    order = np.lexsort((np.arange(n), republished, when))

    lsh = MinHashLSH(threshold=max(threshold - _LSH_MARGIN, 0.05), num_perm=num_perm)
    day = np.where(when == np.iinfo(np.int64).max, -1, when // 86_400_000_000_000)
    by_agency: dict[str, _CreditWindow] = {}  # recent first copies crediting each agency
    vocabulary: dict[str, int] = {}
    leader_shingles: dict[int, np.ndarray] = {}
    first_of_text: dict[str, int] = {}
    story = np.arange(n)
    similarity = np.ones(n)
    for position in order.tolist():
        text = texts[position]
        twin = first_of_text.get(text)
        if twin is not None:  # the same text as an earlier document: its story, its similarity
            story[position], similarity[position] = story[twin], similarity[twin]
            continue
        first_of_text[text] = position
        shingles = shingle_hashes(text, shingle_size, vocabulary)
        if not len(shingles):  # no words: nothing to compare, a story of its own
            continue
        minhash = signature(shingles, num_perm)
        agency = agencies[position]
        candidates = set(lsh.query(minhash))
        recent = by_agency.get(agency) if agency is not None and lowest < threshold and day[position] >= 0 else None
        if recent is not None:
            candidates |= recent.similar(int(day[position]), minhash.hashvalues, lowest - _LSH_MARGIN)
        best, best_score = -1, 0.0
        for candidate in sorted(candidates):  # sorted: ties go to the earliest first copy
            score = jaccard(shingles, leader_shingles[candidate])
            enough = lowest if agency is not None and agency == agencies[candidate] else threshold
            if score >= enough and score > best_score:
                best, best_score = candidate, score
        if best >= 0:
            story[position], similarity[position] = best, best_score
        else:
            leader_shingles[position] = shingles
            lsh.insert(position, minhash, check_duplication=False)
            if agency is not None and day[position] >= 0:
                by_agency.setdefault(agency, _CreditWindow(num_perm)).add(int(day[position]), position, minhash.hashvalues)

    sizes = np.bincount(story, minlength=n)
    table = pd.DataFrame(
        {
            "doc_id": doc_ids,
            "story_id": doc_ids[story],
            "similarity": np.round(similarity, 4),
            "first_seen": dates.to_numpy()[story],
            "story_size": sizes[story].astype("int64"),
            "is_first": story == np.arange(n),
            "exact": np.array([texts[i] == texts[s] for i, s in enumerate(story.tolist())], dtype=bool),
            "agency": pd.Series(agencies, dtype=object),
        }
    )
    table["first_seen"] = pd.to_datetime(table["first_seen"])
    return table[DUPLICATE_COLUMNS]
