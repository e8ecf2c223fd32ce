"""Spelling folds: Persian text as the matcher compares it.

The fold is length-preserving — one character for one character — so
offsets found in folded text are offsets in the normalized text: Arabic
letter forms (ي ى ك ة أ إ ۀ ؤ) become Persian, Persian and Arabic-Indic
digits become Latin, and ZWNJ, NBSP and hyphens become spaces.
:func:`padded` adds what the automaton needs: every non-word character a
space, and a space at both ends.
"""

from __future__ import annotations

import re

import numpy as np

__all__ = ["DOC_SEPARATOR", "fold", "padded"]

_FOLD_MAP = {
    "ي": "ی", "ى": "ی", "ئ": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "أ": "ا", "إ": "ا", "ٱ": "ا", "ؤ": "و",
    "\u200c": " ", "\u00a0": " ", "\u200f": " ", "\u200e": " ", "-": " ", "–": " ", "‐": " ",
    **{d: str(i) for i, d in enumerate("۰۱۲۳۴۵۶۷۸۹")},
    **{d: str(i) for i, d in enumerate("٠١٢٣٤٥٦٧٨٩")},
}  # fmt: skip
# Characters outside this map are left alone. (A regex that visits only the
# characters in it is the fold of a text a table lookup cannot take.)
_FOLD_PATTERN = re.compile("[" + re.escape("".join(_FOLD_MAP)) + "]")

# Between documents scanned together: four spaces once folded, which no key
# contains (keys have single spaces, or two for a hyphen).
DOC_SEPARATOR = "\n\n\n\n"


def _build_fold_only_table() -> np.ndarray:
    """UTF-16 code unit -> code unit: the fold map, everything else unchanged
    (surrogates too, so characters beyond U+FFFF pass through as they are)."""
    table = np.arange(0x10000, dtype=np.uint16)
    table[[ord(a) for a in _FOLD_MAP]] = [ord(b) for b in _FOLD_MAP.values()]
    return table


_FOLD_ONLY_16 = _build_fold_only_table()


def _build_fold_table() -> np.ndarray:
    """Code point -> code point: the fold map, and every non-word character
    (not a letter or digit) to a space. Basic Multilingual Plane only; the
    last entry (U+FFFF, a non-character) also stands for everything above
    it (emoji), which becomes a space."""
    table = _FOLD_ONLY_16.astype(np.uint32)
    for code in range(0x10000):
        char = chr(code)
        if char not in _FOLD_MAP and not char.isalnum():
            table[code] = 32
    table[0xFFFF] = 32
    return table


_FOLD_TABLE = _build_fold_table()
_FOLD_TABLE_16 = _FOLD_TABLE.astype(np.uint16)


def fold(text: str) -> str:
    """Length-preserving spelling fold used for matching.

    One table lookup over the UTF-16 code units (≈5× faster than a regex
    with a callback per folded character).

    >>> fold("همكاري‌ها ۱۴۰۴")
    'همکاری ها 1404'
    """
    try:
        units = np.frombuffer(text.encode("utf-16-le"), dtype=np.uint16)
    except UnicodeEncodeError:  # a lone surrogate (not from a decoded file): the regex fold
        return _FOLD_PATTERN.sub(lambda m: _FOLD_MAP[m.group()], text)
    return _FOLD_ONLY_16.take(units).tobytes().decode("utf-16-le")


def padded(text: str) -> str:
    """The text as the automata see it: folded, every non-word character a
    space, and one space before and after. Keys are whole words between
    spaces, so the automaton reports only complete words — never «برق»
    inside «برقراری» — and Python never sees the substring hits.

    One vectorized table lookup over the UTF-16 code units (≈50x faster
    than two regex passes).

    >>> padded("«همكاري‌ها»، ۱۴۰۴!")
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
