"""The fast normalizer gives exactly hazm 0.12's output, and the pipeline's
tokens and sentences exactly hazm's tokenizers'.

Equality is the contract: every text here goes through both
``hazm.Normalizer().normalize`` (+ the project's ZWNJ step) and
:class:`~helpers.corpus.normalizer.FastNormalizer` (+ the same step), and the
strings must be identical. Sources: hand-picked cases for each step hazm
runs, the seeds, the field corpus, every Persian string in the test tables,
10,000 synthetic documents and random Persian-like text (hypothesis).
"""

from __future__ import annotations

import ast
import random
import re
from pathlib import Path

import hazm
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import helpers.corpus.normalizer as normalizer_module
from conftest import SEEDS
from helpers import load_corpus
from helpers.corpus import cache as cache_module
from helpers.corpus.normalization import get_pipeline
from helpers.corpus.normalizer import FastNormalizer, make_normalizer, normalizer_id, reproduces_hazm, split_words
from helpers.synthetic import perturb

pytestmark = pytest.mark.skipif(not reproduces_hazm(), reason="FastNormalizer reproduces hazm 0.12 only")

ZWNJ = "\u200c"
TESTS = Path(__file__).parent
FIELD_CORPUS = TESTS / "data" / "field-corpus"


@pytest.fixture(scope="module")
def reference():
    return hazm.Normalizer()


@pytest.fixture(scope="module")
def fast():
    return get_pipeline()._normalizer


@pytest.fixture(scope="module")
def pipeline():
    return get_pipeline()


@pytest.fixture(scope="module")
def word_tokenizer():
    return hazm.WordTokenizer()


@pytest.fixture(scope="module")
def unjoined_tokenizer():
    return hazm.WordTokenizer(join_verb_parts=False)


def assert_same(reference, fast, texts):
    """Every text normalized the same way; the first difference shown in context."""
    restore = get_pipeline().restore_zwnj
    for text in texts:
        expected, got = reference.normalize(text), fast.normalize(text)
        if expected != got:
            at = next((i for i, (a, b) in enumerate(zip(expected, got)) if a != b), min(len(expected), len(got)))
            pytest.fail(f"differs at {at} for {text[:80]!r}: hazm {expected[at - 20 : at + 20]!r}, fast {got[at - 20 : at + 20]!r}")
        assert restore(expected) == restore(got)


def reference_sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """The spans the pipeline gave before (hazm's SentenceTokenizer line by line, then find)."""
    tokenizer = hazm.SentenceTokenizer()
    spans, offset = [], 0
    for line in text.split("\n"):
        position = 0
        if line.strip():
            for sentence in tokenizer.tokenize(line):
                sentence = sentence.strip()
                if not sentence:
                    continue
                start = line.find(sentence, position)
                end = start + len(sentence)
                spans.append((offset + start, offset + end))
                position = end
        offset += len(line) + 1
    return tuple(spans)


# ------------------------------------------------------------ each step of hazm
@pytest.mark.parametrize(
    "text",
    [
        # letters and digits tables: Arabic forms, presentation forms, Arabic-Indic and Latin digits
        "كشور ايران ۱۲۳ 456 ٧٨٩ 50% ﻙ ﺏ “نقل” ؠ",
        "خانۀ ملت و مدرسة العلوم ي ك ى",
        "ﺍﻳﺮﺍﻥ\u00a0و ﻋﺮﺍﻕ",
        # persian_style: quotes, decimal points (one dot taken per match), ellipsis
        '"نرمال‌سازی" و "دو" و "سه',
        "1.2.3.4 و +.5 و ۱۲.۵ درصد و 3..4",
        "و ... پایان... و.... و ...",
        # diacritics, kashida, carriage returns
        "حَذفِ اِعراب و تشدیدّ و تنوینً",
        "سلام دنیـــا\r\nخط دوم\r",
        # spaces, newlines, ZWNJ runs and stray ZWNJs
        "  فاصله   در   آغاز و پایان  ",
        "متن \n",
        "یک\n\n\n\n\nدو\n\n\nسه",
        "کاروان\u200c\u200c\u200cسرا و \u200cسلام\u200c به \u200cهمه\u200c",
        "\u200cآغاز و پایان\u200c",
        "a\u200c\u200c.b \u200c\u200c.\u200c\u200cc ۱\u200c\u200c۲ _\u200c_",
        # token spacing: verbs, words, suffixes, chains
        "جمعهها که کار نمی کنم مطالعه می کنم",
        "زمین لرزه ای به بزرگی ۶ دهم ریشتر",
        "کتاب ها و اخلال گر و ماه می سال جدید",
        "او می رود و نمی خواهد و می شود",
        "رئیس جمهور از همکاری های اقتصادی و بین المللی گفت",
        "\tبا\tتب  و\t\t فاصله",
        # affix spacing
        "خانه ی ما و نامه ی او ی ",
        "می خواهم\nنمی دانم",
        "می رود و می",
        "بزرگ تر و بزرگ ترین و کار گر و کار گری و کتاب ها و کتاب های",
        "۱۲ تر و . تر و ( های",
        "خسته ام و رفته ایم و گفته اند و دیده ای و دیده اید و خانه اش و خانه ات.",
        "خانهها و نامههای",
        # punctuation spacing
        'گفت " سلام به همه " و رفت',
        "سلام . چطوری ؟ خوب ! ( داخل ) [ کروشه ] { آکولاد } « گیومه »",
        "پایان.آغاز:ادامه!بعد،سپس؛آنگاه؟تمام»بعد)پس",
        "عدد۱۲و۱۳.۵مورد(داخل)و«نقل»[الف]{ب}",
        "3.14 و 10:30 و 1.5km",
        # unicode replacements and special characters
        "﷽ و ﷼ و ﷲ و ﷳ و ﷴ و ﷵ و ﷶ و ﷷ و ﷸ و ﻵ ﻷ ﻹ ﻻ (ﷰ|ﷹ)",
        "پیامبر اکرم ﷺ و ۤ ؐ ٓ ٔ",
        # repeated letters
        "سلاممممم به همهههه! خیلییییی خوبببب",
        "سلامم به همه و سلاممم را برسان و ۱۰۰۰ و !!! و ...",
        # seperate_mi
        "نمیدانم چه میگفت و میز و میتوان و نمیتوان و ومیرود و نمی",
        "اِعلاممممم کَرد : « زمین لرزه ای به بُزرگیِ 6 دهم ریشتر ...»",
        # lone surrogates and characters outside the BMP
        "متن \ud800 با نیمه\udc00 و 😀 و 𝟙𝟚",
        "",
        " ",
        "\n",
        "\u200c",
    ],
)
def test_each_step_matches_hazm(reference, fast, text):
    assert_same(reference, fast, [text])


def test_the_seeds(reference, fast):
    assert_same(reference, fast, [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))])


def test_the_field_corpus(reference, fast):
    corpus = load_corpus(FIELD_CORPUS, cache=False)
    docs = corpus.documents
    texts = [f"{t}\n\n{b}" if t else b for t, b in zip(docs["title"], docs["body"], strict=True)]
    assert len(texts) > 10
    assert_same(reference, fast, texts)


def _persian_strings_in_tests() -> list[str]:
    """Every string constant with Arabic-script letters in the test modules (the test tables)."""
    found: set[str] = set()
    for path in sorted(TESTS.glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and re.search("[\u0600-\u06ff]", node.value):
                found.add(node.value)
    return sorted(found)


def test_the_test_tables(reference, fast):
    texts = _persian_strings_in_tests()
    assert len(texts) > 200
    assert_same(reference, fast, texts)


def test_ten_thousand_synthetic_documents(reference, fast):
    rng = random.Random(17)
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    assert_same(reference, fast, [perturb(rng.choice(seeds), rng, i) for i in range(10_000)])


# ------------------------------------------------------------- random text
_PIECES = [
    *"ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآئءأإؤ",  # Persian letters
    *"يكةۀىە",  # Arabic forms
    "می", "نمی", "ها", "های", "هایی", "تر", "ترین", "گر", "گری", "ی", "ای", "ام", "اند", "است", "ه",
    "کتاب", "خانه", "رئیس", "جمهور", "همکاری", "بین", "المللی", "زمین", "لرزه", "کنم", "شود", "رفته", "خواهد",
    ZWNJ, ZWNJ * 2, " ", "  ", "\n", "\n\n\n", "\t", "\r", "\u00a0", "ـ",  # spacing, kashida
    *"0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩%",  # digits
    *".:!،؛؟»«[](){}\"'/\\?+-_*…٫٬",  # punctuation
    "...", " . ", " ، ", '" ', ' "',
    *"\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0654\u0670",  # diacritics
    *"abcXYZ", "km", "http://x.ir",  # Latin
    "ﷲ", "ﷺ", "ﻻ", "ﺏ", "ﻙ",  # presentation forms
]


persian_like = st.lists(
    st.one_of(st.sampled_from(_PIECES), st.sampled_from(_PIECES).map(lambda p: p * 3), st.characters(codec="utf-8")),
    max_size=80,
).map("".join)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(persian_like)
def test_random_persian_like_text(reference, fast, text):
    assert_same(reference, fast, [text])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
            st.characters(min_codepoint=0xFB50, max_codepoint=0xFEFF),
            st.sampled_from(list("0123456789% \n\u200c.،؟!«»\"'") + ["ههه", "ووو", "می ", " ها"]),
            st.characters(),
        ),
        max_size=120,
    ).map("".join)
)
def test_random_characters(reference, fast, text):
    assert_same(reference, fast, [text])


# --------------------------------------------- tokens and sentences, done once
@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(persian_like)
def test_tokens_and_counts_match_hazm(pipeline, word_tokenizer, unjoined_tokenizer, text):
    expected = word_tokenizer.tokenize(text)
    assert pipeline.tokens(text) == expected
    assert pipeline.count_tokens(text) == len(expected)
    assert split_words(text) == unjoined_tokenizer.tokenize(text)


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("او خواهد رفت.", 3),  # خواهد_رفت
        ("گفته شده است", 1),  # گفته_شده_است
        ("رفته است و خواهد", 2),  # hazm drops a trailing «خواهد» (glued to nothing)
        ("خواهد", 1),
        ("ایران و ترکمنستان.", 4),
    ],
)
def test_verb_parts_are_counted_as_hazm_joins_them(pipeline, word_tokenizer, text, count):
    assert pipeline.count_tokens(text) == count == len(word_tokenizer.tokenize(text))


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(persian_like)
def test_sentence_spans_match_hazm(pipeline, text):
    assert pipeline.sentence_spans(text) == reference_sentence_spans(text)


def test_sentences_of_the_synthetic_documents(pipeline):
    rng = random.Random(11)
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for i in range(300):
        text = pipeline.normalize(perturb(rng.choice(seeds), rng, i))
        assert pipeline.sentence_spans(text) == reference_sentence_spans(text)
        assert pipeline.count_tokens(text) == len(pipeline.tokens(text))


# ------------------------------------------------------- fallback and cache key
def test_other_hazm_versions_get_hazms_own_normalizer(monkeypatch):
    monkeypatch.setattr(normalizer_module, "version", lambda name: "0.13.0")
    assert not reproduces_hazm()
    assert type(make_normalizer()) is hazm.Normalizer
    assert normalizer_id() == "hazm0.13.0"


def test_hazm_012_gets_the_fast_normalizer():
    assert isinstance(make_normalizer(), FastNormalizer)
    assert isinstance(get_pipeline()._normalizer, FastNormalizer)
    assert normalizer_id() == "fast-hazm0.12"


def test_the_cache_key_names_the_normalizer(monkeypatch):
    fast_key = cache_module.pipeline_key()
    assert "-fast-hazm0.12-" in fast_key
    monkeypatch.setattr(normalizer_module, "version", lambda name: "0.13.0")
    cache_module.pipeline_key.cache_clear()
    try:
        stock_key = cache_module.pipeline_key()
    finally:
        cache_module.pipeline_key.cache_clear()
    assert "-hazm0.13.0-" in stock_key and stock_key != fast_key
