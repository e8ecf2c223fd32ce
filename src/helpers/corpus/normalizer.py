"""hazm 0.12's ``Normalizer().normalize``, reproduced step by step, several times faster.

hazm runs about forty regular-expression passes over every document, most of
them looking for characters the text does not hold, and walks every token in
Python to decide spacing. :class:`FastNormalizer` gives the **same string**
(``tests/test_normalizer.py`` checks it on the seeds, the field corpus,
synthetic corpora and random Persian-like text) with far less work:

* the letter and digit tables are one vectorized table lookup (NumPy) instead
  of ``str.translate``; both are one character to one character, and the
  digit table commutes with ``persian_style`` (digits stay digits), so both
  run before it;
* each step whose trigger characters are absent is skipped (a ``str in``
  check runs at memory speed), and the patterns that start with a class or a
  look-behind are rewritten to start with a literal, which the regex engine
  finds with a fast scan — each rewrite keeps the set and order of matches;
* the token step of ``correct_spacing`` tokenizes each line with one
  ``findall`` and decides joins only for the few tokens that can be joined
  (a set built once from hazm's word and verb lists), not for every token.

Built for hazm 0.12: :func:`make_normalizer` returns hazm's own Normalizer
for any other version, and :func:`normalizer_id` says which one is in use
(it is part of the cache key).

>>> normalizer = make_normalizer()
>>> normalizer.normalize('اِعلاممممم کَرد : « زمین لرزه ای به بُزرگیِ 6 دهم ریشتر ...»')
'اعلام کرد: «زمین\u200cلرزه\u200cای به بزرگی ۶ دهم ریشتر …»'
"""

from __future__ import annotations

import re
from importlib.metadata import version
from itertools import compress
from typing import Protocol

import numpy as np

from helpers.corpus.resources import HazmResources, hazm_resources, joinable_entries

__all__ = ["FastNormalizer", "TextNormalizer", "make_normalizer", "normalizer_id", "reproduces_hazm", "split_words"]

ZWNJ = "\u200c"
# The hazm release whose Normalizer this module reproduces.
_REPRODUCED_HAZM = "0.12."
_LETTERS = "آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
_PUNC_AFTER = r"\.:!،؛؟»\]\)\}"
_PUNC_BEFORE = r"«\[\(\{"

# ---- persian_style (each gated by a literal it needs)
_QUOTED = re.compile(r'"([^\n"]+)"')
# hazm: ([\d+])\.([\d+]) -> \1٫\2; found from the dot (see _decimal_points)
_DECIMAL_DOT = re.compile(r"\.(?<=[\d+]\.)(?=[\d+])")
_ELLIPSIS = re.compile(r" ?\.\.\.")

# ---- correct_spacing: EXTRA_SPACE_PATTERNS
_EDGE_SPACES = re.compile(r"^ +| +$")
_SPACES = re.compile(r" {2,}")
_NEWLINES = re.compile(r"\n{3,}")
_ZWNJS = re.compile(r"\u200c{2,}")
_ZWNJ_SPACE = re.compile(r"\u200c{1,} ")
_SPACE_ZWNJ = re.compile(r" \u200c{1,}")
# hazm: \b\u200c*\B  ==  a ZWNJ run after a word character, not followed by one
_ZWNJ_AFTER_WORD = re.compile(r"\u200c(?<=\w\u200c)\u200c*(?!\w)")
# hazm: \B\u200c*\b  ==  a ZWNJ run not after a word character, followed by one
_ZWNJ_BEFORE_WORD = re.compile(r"\u200c(?<!\w\u200c)\u200c*(?=\w)")

# ---- correct_spacing: WordTokenizer(join_verb_parts=False).tokenize, as one findall.
# hazm surrounds each match of ([؟!?]+|[\d.:]+|[:.،؛»\])}"«\[({/\\]) with spaces
# and splits on spaces: the tokens are those matches and the runs between.
_TOKEN_CHARS = r"؟!?\d.:،؛»\])}\"«\[({/\\"
# The four classes are disjoint (hazm's third lists «.» and «:» that its second
# already takes), so the order of the alternatives changes nothing: words first.
_TOKEN = re.compile(r"[^ " + _TOKEN_CHARS + r"]+|[؟!?]+|[\d.:]+|[،؛»\])}\"«\[({/\\]")

# ---- correct_spacing: AFFIX_SPACING_PATTERNS
# hazm: ([^ ]ه) ی  -> \1‌ی , from the space (a match ends in a space, so the
# «ه» of the next one is never inside it)
_HE_YE = re.compile(r" (?<=[^ ]ه )ی ")
_MI_SPACE = re.compile(r"(^| )(ن?می) ")  # when the text starts with «می »/«نمی »
_MI_SPACE_INSIDE = re.compile(r" (ن?می) ")  # otherwise: the same matches
# hazm: (?<=[^\n\d PUNC]{2}) (تر(ین?)?|گری?|های?)(?=...) with the space first
_SUFFIX_SPACE = re.compile(
    r" (?<=[^\n\d " + _PUNC_AFTER + _PUNC_BEFORE + r"]{2} )(تر(ین?)?|گری?|های?)(?=[ \n"
    + _PUNC_AFTER + _PUNC_BEFORE + r"]|$)"
)  # fmt: skip
# hazm: ([^ ]ه) (ا(م|یم|ش|ند|ی|ید|ت))(?=...) -> \1‌\2, from the space: what
# follows a match is a space or punctuation, never the «ه» of another
_HE_VERB = re.compile(r" (?<=[^ ]ه )(ا(?:م|یم|ش|ند|ی|ید|ت))(?=[ \n" + _PUNC_AFTER + r"]|$)")
_HE_HA = re.compile(r"(ه)(ها)")

# ---- correct_spacing: PUNCTUATION_SPACING_PATTERNS
_QUOTED_SPACES = re.compile(r'" ([^\n"]+) "')
_SPACE_BEFORE_PUNC = re.compile(f" ([{_PUNC_AFTER}])")
_SPACE_AFTER_OPEN = re.compile(f"([{_PUNC_BEFORE}]) ")
_AFTER_DOT = re.compile(f"([{_PUNC_AFTER[:3]}])([^ {_PUNC_AFTER}" + r"\d۰۱۲۳۴۵۶۷۸۹])")
_AFTER_PUNC = re.compile(f"([{_PUNC_AFTER[3:]}])([^ {_PUNC_AFTER}])")
# hazm: ([^ «[({])([«[({]) -> \1 \2; the first character can never be part of
# an earlier match (that ends in an opening bracket), so a look-behind is the same
_BEFORE_OPEN = re.compile(f"([{_PUNC_BEFORE}])(?<=[^ {_PUNC_BEFORE}][{_PUNC_BEFORE}])")
# hazm: (\d)([letters]) and ([letters])(\d): a digit never ends an earlier
# match of the first, a letter never starts a later one of the second
_DIGIT_LETTER = re.compile(f"(\\d)(?=[{_LETTERS}])")
_LETTER_DIGIT = re.compile(f"(\\d)(?<=[{_LETTERS}]\\d)")

# ---- seperate_mi: \bن?می[letters]+ , found from its first letter
_MI_WORD = re.compile(f"(?:ن(?<!\\wن)می|م(?<!\\wم)ی)[{_LETTERS}]+")


def split_words(text: str) -> list[str]:
    """hazm's ``WordTokenizer.tokenize`` before it joins verb parts (one ``findall``).

    >>> split_words("در ۹متر (حدود ۱۲.۵) گفت؟!")
    ['در', '۹', 'متر', '(', 'حدود', '۱۲.۵', ')', 'گفت', '؟!']
    """
    return _TOKEN.findall(text.replace("\n", " ").replace("\t", " "))


class TextNormalizer(Protocol):
    """What the pipeline needs of a normalizer (hazm's or :class:`FastNormalizer`)."""

    def normalize(self, text: str) -> str: ...


def reproduces_hazm() -> bool:
    """Whether the installed hazm is the release :class:`FastNormalizer` reproduces.

    >>> isinstance(reproduces_hazm(), bool)
    True
    """
    return version("hazm").startswith(_REPRODUCED_HAZM)


def normalizer_id() -> str:
    """Which normalizer :func:`make_normalizer` gives: ``fast-hazm0.12`` or ``hazm<version>``.

    >>> normalizer_id() in ("fast-hazm0.12", "hazm" + version("hazm"))
    True
    """
    return "fast-hazm" + _REPRODUCED_HAZM.rstrip(".") if reproduces_hazm() else "hazm" + version("hazm")


def make_normalizer(resources: HazmResources | None = None) -> TextNormalizer:
    """:class:`FastNormalizer` on hazm 0.12 (from ``resources``, default :func:`hazm_resources`), hazm's ``Normalizer()`` otherwise."""
    if reproduces_hazm():
        return FastNormalizer(resources)
    import hazm

    return hazm.Normalizer()


def _tables(resources: HazmResources) -> tuple[np.ndarray, np.ndarray, dict[int, str], dict[int, str]]:
    """The letter+digit lookup table over UTF-16 code units, the flags of
    hazm's letters, and hazm's two translation tables (its ``maketrans``)."""
    letters = {ord(a): b for a, b in zip(resources.translation_src, resources.translation_dst, strict=True)}
    digits = {ord(a): b for a, b in zip(resources.numbers_src, resources.numbers_dst, strict=True)}
    lut, digit_lut = np.arange(0x10000, dtype=np.uint16), np.arange(0x10000, dtype=np.uint16)
    lut[list(letters)] = [ord(c) for c in letters.values()]
    digit_lut[list(digits)] = [ord(c) for c in digits.values()]
    lut = digit_lut[lut]  # the digit table applies to what the letter table gave
    is_letter = np.zeros(0x10000, dtype=bool)
    is_letter[[ord(c) for c in _LETTERS]] = True
    return lut, is_letter, letters, digits


class FastNormalizer:
    """``hazm.Normalizer().normalize`` of hazm 0.12 with every option at its default.

    Build once per process (from :func:`~helpers.corpus.resources.hazm_resources`).
    """

    def __init__(self, resources: HazmResources | None = None) -> None:
        resources = resources if resources is not None else hazm_resources()
        self._lut, self._is_letter, self._letters, self._digits = _tables(resources)
        self._words = resources.frequency
        self._verbs: frozenset[str] = resources.verbs
        self._suffixes = frozenset(resources.suffixes)
        # token_spacing joins ``previous + ZWNJ + token`` when that is a verb or a
        # word seen in hazm's corpus, or when the token is a suffix after a word:
        # only suffixes and what follows a ZWNJ in such an entry can be joined.
        self._joinable = joinable_entries(self._verbs, self._words)
        self._may_join = resources.joinable_tails | self._suffixes
        self._verbs_with_underscore = resources.verbs_with_underscore
        self._diacritics = _class_chars(resources.diacritics_patterns)
        self._specials = re.compile(resources.special_chars_patterns[0][0])
        self._special_chars = _class_chars(resources.special_chars_patterns)
        self._unicode_replacements = resources.unicode_replacements
        self._repeat = re.compile(f"([{_LETTERS}])\\1{{2,}}")
        self._repeated_word = re.compile(f"[{_LETTERS}]*([{_LETTERS}])\\1{{2,}}[{_LETTERS}]*")
        self._mi: dict[str, str] = {}

    # ------------------------------------------------------------------ steps
    def _translate(self, text: str) -> str:
        """hazm's letter table, then its digit table (one lookup per UTF-16 unit)."""
        try:
            data = text.encode("utf-16-le")
        except UnicodeEncodeError:  # a lone surrogate: hazm's own tables, one character at a time
            return text.translate(self._letters).translate(self._digits)
        units = np.frombuffer(data, dtype=np.uint16)
        mapped = self._lut[units]
        if np.array_equal(mapped, units):
            return text
        return mapped.tobytes().decode("utf-16-le")

    def _persian_style(self, text: str) -> str:
        if '"' in text:
            text = _QUOTED.sub(r"«\1»", text)
        if "." in text:
            text = _decimal_points(text)
            if "..." in text:
                text = _ELLIPSIS.sub(" …", text)
        return text

    def _correct_spacing(self, text: str) -> str:
        # EXTRA_SPACE_PATTERNS, each only where its characters occur
        if text[:1] == " " or text[-1:] == " " or text[-2:] == " \n":
            text = _EDGE_SPACES.sub("", text)
        if "  " in text:
            text = _SPACES.sub(" ", text)
        if "\n\n\n" in text:
            text = _NEWLINES.sub("\n\n", text)
        if ZWNJ in text:
            if ZWNJ + ZWNJ in text:
                text = _ZWNJS.sub(ZWNJ, text)
            if ZWNJ + " " in text:
                text = _ZWNJ_SPACE.sub(" ", text)
            if " " + ZWNJ in text:
                text = _SPACE_ZWNJ.sub(" ", text)
            text = _ZWNJ_AFTER_WORD.sub("", text)
            if ZWNJ in text:
                text = _ZWNJ_BEFORE_WORD.sub("", text)
        if "ـ" in text:
            text = text.replace("ـ", "")
        if "\r" in text:
            text = text.replace("\r", "")

        text = "\n".join([self._space_line(line) if line.strip() else line for line in text.split("\n")])

        # AFFIX_SPACING_PATTERNS
        if " ی " in text:
            text = _HE_YE.sub("\u200cی ", text)
        if "می " in text:
            if text.startswith(("می ", "نمی ")):
                text = _MI_SPACE.sub("\\1\\2\u200c", text)
            else:
                text = _MI_SPACE_INSIDE.sub(" \\1\u200c", text)
        if " تر" in text or " گر" in text or " ها" in text:
            text = _SUFFIX_SPACE.sub("\u200c\\1", text)
        if "ه ا" in text:
            text = _HE_VERB.sub("\u200c\\1", text)
        if "هها" in text:
            text = _HE_HA.sub("\\1\u200c\\2", text)

        # PUNCTUATION_SPACING_PATTERNS
        if '"' in text:
            text = _QUOTED_SPACES.sub(r'"\1"', text)
        text = _SPACE_BEFORE_PUNC.sub(r"\1", text)
        if "«" in text or "[" in text or "(" in text or "{" in text:
            text = _SPACE_AFTER_OPEN.sub(r"\1", text)
        if "." in text or ":" in text:
            text = _AFTER_DOT.sub(r"\1 \2", text)
        text = _AFTER_PUNC.sub(r"\1 \2", text)
        if "«" in text or "[" in text or "(" in text or "{" in text:
            text = _BEFORE_OPEN.sub(r" \1", text)
        text = _DIGIT_LETTER.sub(r"\1 ", text)
        return _LETTER_DIGIT.sub(r" \1", text)

    def _space_line(self, line: str) -> str:
        """hazm's tokenize + token_spacing of one non-blank line, joined by spaces."""
        tokens = _TOKEN.findall(line.replace("\t", " "))
        candidates = list(compress(range(len(tokens)), map(self._may_join.__contains__, tokens)))
        if not candidates or candidates == [0]:
            return " ".join(tokens)
        words, joinable, suffixes = self._words, self._joinable, self._suffixes
        joined_at: list[int] = []
        chain, chain_end = "", -2  # the joined token ending at chain_end
        for t in candidates:
            if t == 0:
                continue
            token = tokens[t]
            previous = chain if chain_end == t - 1 else tokens[t - 1]
            pair = previous + ZWNJ + token
            if pair in joinable:
                if self._verbs_with_underscore and t + 1 < len(tokens) and f"{token}_{tokens[t + 1]}" in self._verbs:
                    continue  # hazm: not when the token starts a verb with the next one
            elif not (token in suffixes and previous in words):
                continue
            joined_at.append(t)
            chain, chain_end = pair, t
        if not joined_at:
            return " ".join(tokens)
        merged: list[str] = []
        done = 0
        for t in joined_at:  # ascending; a chain extends merged[-1]
            merged.extend(tokens[done:t])
            merged[-1] = merged[-1] + ZWNJ + tokens[t]
            done = t + 1
        merged.extend(tokens[done:])
        return " ".join(merged)

    def _decrease_repeated_chars(self, text: str) -> str:
        units = np.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)  # presence only
        if len(units) < 3:
            return text
        triple = (units[2:] == units[1:-1]) & (units[1:-1] == units[:-2])
        if not triple.any() or not self._is_letter[units[2:][triple]].any():
            return text
        # hazm's own loop (normalizer.py, decrease_repeated_chars)
        words = self._words
        for m in reversed(list(self._repeated_word.finditer(text))):
            word = m.group()
            if words and word not in words:
                no_repeat = self._repeat.sub(r"\1", word)
                two_repeat = self._repeat.sub(r"\1\1", word)
                if (no_repeat in words) != (two_repeat in words):
                    r = no_repeat if no_repeat in words else two_repeat
                    text = text[: m.start()] + text[m.start() : m.end()].replace(word, r) + text[m.end() :]
                else:
                    text = text[: m.start()] + text[m.start() : m.end()].replace(word, two_repeat) + text[m.end() :]
        return text

    def _separate_mi(self, text: str) -> str:
        if "می" not in text:
            return text
        memo = self._mi
        if len(memo) > 500_000:
            memo.clear()

        def replace(match: re.Match[str]) -> str:
            word = match.group()
            out = memo.get(word)
            if out is None:
                head = 3 if word.startswith("نمی") else 2
                joined = word[:head] + ZWNJ + word[head:]
                out = memo[word] = joined if joined in self._verbs else word
            return out

        return _MI_WORD.sub(replace, text)

    # -------------------------------------------------------------- the chain
    def normalize(self, text: str) -> str:
        """The string ``hazm.Normalizer().normalize(text)`` returns (hazm 0.12)."""
        if not text:
            return text
        text = self._persian_style(self._translate(text))
        if any(c in text for c in self._diacritics):
            for c in self._diacritics:
                text = text.replace(c, "")
        text = self._correct_spacing(text)
        for old, new in self._unicode_replacements:
            if old in text:
                text = text.replace(old, new)
        if any(c in text for c in self._special_chars):
            text = self._specials.sub("", text)
        text = self._decrease_repeated_chars(text)
        return self._separate_mi(text)


def _class_chars(patterns: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """The characters of hazm's one-class removal pattern (``[\\u064b...]``)."""
    (pattern, replacement), = patterns
    assert pattern.startswith("[") and pattern.endswith("]") and replacement == ""
    return tuple(dict.fromkeys(re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), pattern[1:-1])))


def _decimal_points(text: str) -> str:
    """hazm's ``([\\d+])\\.([\\d+])`` → ``\\1٫\\2``, found from each dot.

    A match takes the character after its dot, so a dot right after that
    character («1.2.3») is not replaced: ``1٫2.3``, as hazm gives.
    """
    dots = [m.start() for m in _DECIMAL_DOT.finditer(text)]
    if not dots:
        return text
    kept: list[int] = []
    for dot in dots:
        if not kept or dot != kept[-1] + 2:
            kept.append(dot)
    pieces: list[str] = []
    start = 0
    for dot in kept:
        pieces.append(text[start:dot])
        pieces.append("٫")
        start = dot + 1
    pieces.append(text[start:])
    return "".join(pieces)


