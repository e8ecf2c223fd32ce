"""Persian normalization, tokenization and sentence splitting with hazm.

hazm's :class:`~hazm.Normalizer` unifies letters (ي→ی, ك→ک), digits and
spacing, and puts ZWNJ in many places («برنامهها» → «برنامه‌ها»). It leaves
joined compounds and some suffixes alone («رئیسجمهور», «همکاریها»), which
texts scraped without ZWNJ are full of. :class:`PersianTextPipeline` adds one
step for them, driven by hazm's own word list: a joined token that is not a
word but whose ZWNJ form is («رئیس‌جمهور», «بین‌المللی»), or a known stem plus
a suffix («همکاری» + «ها»), gets its ZWNJ back.

The pipeline is built from hazm's word and verb lists
(:mod:`~helpers.corpus.resources`: read from the cache in ≈0.2 s, without
importing hazm, once built): build one per process with :func:`get_pipeline`.

>>> pipeline = get_pipeline()
>>> pipeline.normalize("رئیسجمهور از همکاریها و برنامهها گفت")
'رئیس\u200cجمهور از همکاری\u200cها و برنامه\u200cها گفت'
>>> pipeline.normalize("كشور ايران")
'کشور ایران'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from typing import Any

from helpers.corpus.normalizer import TextNormalizer, make_normalizer, split_words
from helpers.corpus.resources import HazmResources, hazm_resources

__all__ = ["NormalizedText", "PersianTextPipeline", "get_pipeline"]

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
# hazm's SentenceTokenizer splits after [!.?⸮؟]+ followed by spaces; a line
# break ends a sentence too (sentences are split line by line).
_SENTENCE_BREAK = re.compile(r" (?<=[!.?⸮؟] ) *|\n")


@dataclass(frozen=True)
class NormalizedText:
    """A normalized document and its counts."""

    text: str
    n_tokens: int
    sentences: tuple[tuple[int, int], ...]  # (start, end) offsets into ``text``


class PersianTextPipeline:
    """hazm normalizer, tokenizers and ZWNJ restoration, built once."""

    def __init__(self, resources: HazmResources | None = None) -> None:
        resources = resources if resources is not None else hazm_resources()
        self._normalizer: TextNormalizer = make_normalizer(resources)
        self._resources = resources
        # Tokens that can join the verb part after them (hazm's join_verb_parts).
        self._verb_heads = resources.before_verbs | resources.participles
        frequency = resources.frequency
        self._words = frozenset(frequency)
        # joined spelling -> ZWNJ spelling, unless the joined one is a word that
        # hazm's corpus counts at least as often («سخنران», not «سخن‌ران»).
        self._compounds = {
            w.replace(ZWNJ, ""): w
            for w, count in frequency.items()
            if ZWNJ in w and count > frequency.get(w.replace(ZWNJ, ""), -1)
        }
        self._words_memo = _Memo(self._restore_token)  # word -> restored word
        self._memo = _Memo(self._restore_piece)  # space-free piece -> restored piece

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
        # A word never spans a space, so each space-separated piece («همکاریها،»)
        # is restored alone: a split and a memo lookup per piece (C loops; the
        # regex split only for a piece not seen before) are several times
        # faster than re.sub with a callback, and ≈2× faster than one regex split.
        return " ".join(map(memo.__getitem__, text.split(" ")))

    def _restore_piece(self, piece: str) -> str:
        """A piece of text without spaces, its words restored."""
        parts = _PERSIAN_WORD.split(piece)
        if len(parts) > 1:
            words = self._words_memo
            if len(words) > 2_000_000:
                words.clear()
            parts[1::2] = map(words.__getitem__, parts[1::2])
        return "".join(parts)

    def normalize(self, text: str) -> str:
        """hazm normalization followed by ZWNJ restoration."""
        return self.restore_zwnj(self._normalizer.normalize(text))

    def tokens(self, text: str) -> list[str]:
        """hazm word tokens (verb parts joined: «خواهد شد» is one token).

        >>> get_pipeline().tokens("او خواهد رفت.")
        ['او', 'خواهد_رفت', '.']
        """
        return _hazm_tokenizer().join_verb_parts(split_words(text))

    def count_tokens(self, text: str) -> int:
        """Number of hazm word tokens: ``len(self.tokens(text))``, without building them.

        >>> get_pipeline().count_tokens("ایران و ترکمنستان.")
        4
        """
        return self._count_joined(split_words(text))

    def _count_joined(self, tokens: list[str]) -> int:
        """``len(join_verb_parts(tokens))``, deciding only where a verb part can join.

        hazm walks the tokens from the end and glues a token to the result on
        its right when it is «خواهد»-like or a participle before an auxiliary;
        only tokens of those two sets can be glued, so only they are visited.
        (Like hazm, a trailing «خواهد» is glued to nothing and not counted.)
        """
        n = len(tokens)
        if n <= 1:
            return n
        heads = list(compress(range(n), map(self._verb_heads.__contains__, tokens)))
        if not heads:
            return n
        before, after, participles = self._resources.before_verbs, self._resources.after_verbs, self._resources.participles
        joins = 0
        chain, chain_start = "", n  # hazm's sentinel: the empty result right of the last token
        for i in reversed(heads):
            token = tokens[i]
            right = chain if chain_start == i + 1 else tokens[i + 1]
            if token in before or (right in after and token in participles):
                joins += 1
                chain, chain_start = f"{token}_{right}", i
        return n - joins

    def sentence_spans(self, text: str) -> tuple[tuple[int, int], ...]:
        """Sentence ``(start, end)`` offsets: hazm's sentences within each line.

        hazm's SentenceTokenizer ends a sentence after ``[!.?⸮؟]+`` followed
        by spaces; the sentences are those pieces of each line, stripped. One
        regex pass over the whole text finds the same ones.

        >>> text = "تیتر\\n\\nجمله اول. جمله دوم؟"
        >>> [text[s:e] for s, e in get_pipeline().sentence_spans(text)]
        ['تیتر', 'جمله اول.', 'جمله دوم؟']
        """
        spans: list[tuple[int, int]] = []
        position = 0
        for match in _SENTENCE_BREAK.finditer(text):
            _add_stripped(spans, text, position, match.start())
            position = match.end()
        _add_stripped(spans, text, position, len(text))
        return tuple(spans)

    def process(self, text: str) -> NormalizedText:
        """Normalize a document, count its tokens and find its sentences: one
        tokenization and one sentence pass, shared by the token count, the
        ``sentences`` table and the tagger (which takes its sentence starts)."""
        normalized = self.normalize(text)
        return NormalizedText(normalized, self.count_tokens(normalized), self.sentence_spans(normalized))


class _Memo(dict[str, str]):
    """word → restored word, computed on first lookup."""

    def __init__(self, compute: Callable[[str], str]) -> None:
        super().__init__()
        self._compute = compute

    def __missing__(self, word: str) -> str:
        value = self[word] = self._compute(word)
        return value


def _add_stripped(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    """Append ``text[start:end]`` without its surrounding whitespace, if any is left."""
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        first = start + len(piece) - len(piece.lstrip())
        spans.append((first, first + len(stripped)))


@lru_cache(maxsize=1)
def _hazm_tokenizer() -> Any:
    """hazm's WordTokenizer, for :meth:`PersianTextPipeline.tokens` (imports hazm: seconds)."""
    import hazm

    return hazm.WordTokenizer()


@lru_cache(maxsize=1)
def get_pipeline() -> PersianTextPipeline:
    """The process-wide pipeline (built on first use)."""
    return PersianTextPipeline()
