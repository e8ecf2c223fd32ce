"""Words of normalized text, with their offsets, for keyness and collocates.

A word is a run of letters and digits that starts with a letter; a ZWNJ
inside it keeps it one word («همکاری‌ها»), as Persian writes it. Offsets
are into the normalized text, the coordinates of ``mentions``. Content
words leave out hazm's stopwords, one-letter tokens and numbers.

>>> [w for _, _, w in word_spans("همکاری‌های ایران و روسیه در ۱۴۰۴ افزایش یافت.")]
['همکاری\u200cهای', 'ایران', 'و', 'روسیه', 'در', 'افزایش', 'یافت']
>>> [w for w in content_words("همکاری‌های ایران و روسیه در ۱۴۰۴ افزایش یافت.")]
['همکاری\u200cهای', 'ایران', 'روسیه', 'افزایش']
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache

__all__ = ["content_words", "is_content_word", "stopwords", "word_counts", "word_spans"]

_WORD = re.compile(r"[^\W\d_](?:[\w\u200c]*\w)?")


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """hazm's Persian stopwords, with ZWNJ, space and joined spellings of compounds."""
    from hazm.utils import stopwords_list

    words: set[str] = set()
    for word in stopwords_list():
        for joiner in ("\u200c", " ", ""):
            words.add(word.replace("_", joiner))
    return frozenset(words)


def is_content_word(word: str) -> bool:
    """A word worth counting: not a stopword, longer than one letter."""
    return len(word) > 1 and word not in stopwords()


def word_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, word)`` for every word of ``text``."""
    for match in _WORD.finditer(text):
        yield match.start(), match.end(), match.group()


def content_words(text: str) -> Iterator[str]:
    """The content words of ``text``, in order."""
    stop = stopwords()
    for match in _WORD.finditer(text):
        word = match.group()
        if len(word) > 1 and word not in stop:
            yield word


def word_counts(texts: Iterable[str]) -> Counter[str]:
    """Content-word frequencies over ``texts``.

    >>> word_counts(["گاز و نفت", "گاز"]).most_common(1)
    [('گاز', 2)]
    """
    counts: Counter[str] = Counter()
    stop = stopwords()
    for text in texts:
        counts.update(w for w in _WORD.findall(text) if len(w) > 1 and w not in stop)
    return counts
