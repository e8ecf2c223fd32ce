"""Persian normalization, tokenization and sentence splitting with hazm.

hazm's :class:`~hazm.Normalizer` unifies letters (ي→ی, ك→ک), digits and
spacing, and puts ZWNJ in many places («برنامهها» → «برنامه‌ها»). It leaves
joined compounds and some suffixes alone («رئیسجمهور», «همکاریها»), which
texts scraped without ZWNJ are full of. :class:`PersianTextPipeline` adds one
step for them, driven by hazm's own word list: a joined token that is not a
word but whose ZWNJ form is («رئیس‌جمهور», «بین‌المللی»), or a known stem plus
a suffix («همکاری» + «ها»), gets its ZWNJ back.

hazm objects are expensive to build (≈2 s) and cheap to reuse: build one
pipeline per process with :func:`get_pipeline`.

>>> pipeline = get_pipeline()
>>> pipeline.normalize("رئیسجمهور از همکاریها و برنامهها گفت")
'رئیس\u200cجمهور از همکاری\u200cها و برنامه\u200cها گفت'
>>> pipeline.normalize("كشور ايران")
'کشور ایران'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # hazm is imported on first use: ~0.3 s that `import helpers` need not pay
    import hazm

__all__ = ["NormalizedText", "PersianTextPipeline", "get_pipeline", "make_fast_normalizer"]

ZWNJ = "\u200c"
# Letters that never join to the next letter: a ZWNJ after them changes nothing
# visible, and Persian writes «کشورها», not «کشور‌ها».
_NON_JOINING = frozenset("ادذرزژوؤأإآۀة")
# Capturing, so re.split keeps the words at odd indexes.
_PERSIAN_WORD = re.compile(r"([\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u200c]+)")
# Suffixes written after a ZWNJ, longest first. «ای/اند/ام/…» only after «ه».
_SUFFIXES = ("هایشان", "هایتان", "هایمان", "هایی", "هایم", "هایت", "هایش", "های", "ها", "ترین", "تر")
_AFTER_HE = ("ایم", "اید", "اند", "ای", "ام", "است")
_MIN_STEM = {"ها": 2, "تر": 3, "ترین": 3}
# hazm releases whose Normalizer.normalize the fast variant reproduces.
_FAST_NORMALIZER_HAZM = ("0.12.",)


def _char_map_pattern(source: str, target: str) -> tuple[re.Pattern[str], dict[str, str]]:
    """A regex over the characters of a hazm translation table, and the map."""
    from hazm.utils import maketrans

    table = {chr(code): value for code, value in maketrans(source, target).items()}
    return re.compile("[" + "".join(re.escape(c) for c in table) + "]"), table


def make_fast_normalizer() -> hazm.Normalizer:
    """hazm's Normalizer, with three steps made faster and kept identical.

    hazm (0.12) applies two character tables with ``str.translate``, which
    looks up every character of the text in a dict: slow on Persian text,
    although the characters it changes (Arabic letter forms, Latin digits)
    are rare. A regex visiting only those characters yields the same string.
    ``decrease_repeated_chars`` scans every letter run with a pattern that
    can only match where a letter repeats three times; a search for that
    first skips the scan on the (usual) text without one.
    ``tests/test_normalization.py`` checks the output equals
    ``hazm.Normalizer().normalize`` on real and random text. A hazm version
    this was not checked against gets hazm's own Normalizer.
    """
    import hazm
    from hazm.constants import NUMBERS_DST, NUMBERS_SRC, TRANSLATION_DST, TRANSLATION_SRC

    if not version("hazm").startswith(_FAST_NORMALIZER_HAZM):
        return hazm.Normalizer()

    letters_pattern, letters_map = _char_map_pattern(TRANSLATION_SRC, TRANSLATION_DST)
    digits_pattern, digits_map = _char_map_pattern(NUMBERS_SRC, NUMBERS_DST)

    class FastNormalizer(hazm.Normalizer):
        def persian_number(self, text: str) -> str:
            return digits_pattern.sub(lambda m: digits_map[m.group()], text)

        def decrease_repeated_chars(self, text: str) -> str:
            if not self.more_than_two_repeat_pattern.search(text):
                return text
            return super().decrease_repeated_chars(text)

        def normalize(self, text: str) -> str:
            # The steps and order of hazm.Normalizer.normalize in hazm 0.12.
            text = letters_pattern.sub(lambda m: letters_map[m.group()], text)
            if self._persian_style:
                text = self.persian_style(text)
            if self._persian_number:
                text = self.persian_number(text)
            if self._remove_diacritics:
                text = self.remove_diacritics(text)
            if self._correct_spacing:
                text = self.correct_spacing(text)
            if self._unicodes_replacement:
                text = self.unicodes_replacement(text)
            if self._remove_specials_chars:
                text = self.remove_specials_chars(text)
            if self._decrease_repeated_chars:
                text = self.decrease_repeated_chars(text)
            if self._seperate_mi:
                text = self.seperate_mi(text)
            return text

    return FastNormalizer()


@dataclass(frozen=True)
class NormalizedText:
    """A normalized document and its counts."""

    text: str
    n_tokens: int
    sentences: tuple[tuple[int, int], ...]  # (start, end) offsets into ``text``


class PersianTextPipeline:
    """hazm normalizer, tokenizers and ZWNJ restoration, built once."""

    def __init__(self) -> None:
        import hazm
        from hazm.utils import words_list

        self._normalizer = make_fast_normalizer()
        self._word_tokenizer = hazm.WordTokenizer()
        self._sentence_tokenizer = hazm.SentenceTokenizer()
        frequency = {entry[0]: entry[1] for entry in words_list()}
        self._words = frozenset(frequency)
        # joined spelling -> ZWNJ spelling, unless the joined one is a word that
        # hazm's corpus counts at least as often («سخنران», not «سخن‌ران»).
        self._compounds = {
            w.replace(ZWNJ, ""): w
            for w, count in frequency.items()
            if ZWNJ in w and count > frequency.get(w.replace(ZWNJ, ""), -1)
        }
        self._memo: dict[str, str] = {}

    def _restore_token(self, token: str) -> str:
        if ZWNJ in token:
            return token
        if token in self._compounds:
            return self._compounds[token]
        if token in self._words:
            return token
        for suffix in _SUFFIXES:
            if token.endswith(suffix):
                stem = self._known_stem(token[: -len(suffix)], _MIN_STEM.get(suffix, 2))
                if stem:
                    return stem + ("" if stem[-1] in _NON_JOINING else ZWNJ) + suffix
        for suffix in _AFTER_HE:
            stem = token[: -len(suffix)]
            if token.endswith(suffix) and stem.endswith("ه"):
                stem = self._known_stem(stem, 2)
                if stem:
                    return stem + ZWNJ + suffix
        return token

    def _known_stem(self, stem: str, min_len: int) -> str | None:
        if len(stem) < min_len:
            return None
        if stem in self._words:
            return stem
        return self._compounds.get(stem)

    def restore_zwnj(self, text: str) -> str:
        """Put ZWNJ back into joined compounds and suffixes (see module doc).

        >>> get_pipeline().restore_zwnj("بینالمللی نشستهای کشورهای")
        'بین\u200cالمللی نشست\u200cهای کشورهای'
        """
        memo = self._memo
        if len(memo) > 2_000_000:  # bound memory on huge vocabularies
            memo.clear()
        parts = _PERSIAN_WORD.split(text)
        # split + a memo lookup per word is ~3x faster than re.sub with a callback.
        for i in range(1, len(parts), 2):
            word = parts[i]
            restored = memo.get(word)
            if restored is None:
                restored = memo[word] = self._restore_token(word)
            parts[i] = restored
        return "".join(parts)

    def normalize(self, text: str) -> str:
        """hazm normalization followed by ZWNJ restoration."""
        return self.restore_zwnj(self._normalizer.normalize(text))

    def tokens(self, text: str) -> list[str]:
        """hazm word tokens (verb parts joined: «خواهد شد» is one token)."""
        return self._word_tokenizer.tokenize(text)

    def count_tokens(self, text: str) -> int:
        """Number of hazm word tokens.

        >>> get_pipeline().count_tokens("ایران و ترکمنستان.")
        4
        """
        return len(self._word_tokenizer.tokenize(text))

    def sentence_spans(self, text: str) -> tuple[tuple[int, int], ...]:
        """Sentence ``(start, end)`` offsets: hazm's sentences within each line.

        >>> text = "تیتر\\n\\nجمله اول. جمله دوم؟"
        >>> [text[s:e] for s, e in get_pipeline().sentence_spans(text)]
        ['تیتر', 'جمله اول.', 'جمله دوم؟']
        """
        spans: list[tuple[int, int]] = []
        offset = 0
        for line in text.split("\n"):
            position = 0
            if line.strip():
                for sentence in self._sentence_tokenizer.tokenize(line):
                    sentence = sentence.strip()
                    if not sentence:
                        continue
                    start = line.find(sentence, position)
                    if start < 0:  # hazm changed the characters; fall back to the rest of the line
                        start, end = position, len(line.rstrip())
                    else:
                        end = start + len(sentence)
                    if end > start:
                        spans.append((offset + start, offset + end))
                    position = end
            offset += len(line) + 1
        return tuple(spans)

    def process(self, text: str) -> NormalizedText:
        """Normalize a document and count its tokens and sentences."""
        normalized = self.normalize(text)
        return NormalizedText(normalized, self.count_tokens(normalized), self.sentence_spans(normalized))


@lru_cache(maxsize=1)
def get_pipeline() -> PersianTextPipeline:
    """The process-wide pipeline (built on first use)."""
    return PersianTextPipeline()
