"""ZWNJ, Arabic letters and digits: real variants from Persian news."""

from __future__ import annotations

import pytest

from helpers.corpus.normalization import get_pipeline

ZWNJ = "\u200c"


@pytest.fixture(scope="module")
def pipeline():
    return get_pipeline()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # joined, as scraped without ZWNJ (the seeds)
        ("برنامهها", f"برنامه{ZWNJ}ها"),
        ("رئیسجمهور", f"رئیس{ZWNJ}جمهور"),
        ("همکاریها", f"همکاری{ZWNJ}ها"),
        ("همکاریهای", f"همکاری{ZWNJ}های"),
        ("بینالمللی", f"بین{ZWNJ}المللی"),
        ("زیستمحیطی", f"زیست{ZWNJ}محیطی"),
        ("نشستهای", f"نشست{ZWNJ}های"),
        ("گستردهتر", f"گسترده{ZWNJ}تر"),
        ("جنگافروزیهای", f"جنگ{ZWNJ}افروزی{ZWNJ}های"),
        ("نشاندهنده", f"نشان{ZWNJ}دهنده"),
        ("میشود", f"می{ZWNJ}شود"),
        # written with a space
        ("رئیس جمهور", f"رئیس{ZWNJ}جمهور"),
        ("همکاری ها", f"همکاری{ZWNJ}ها"),
        ("می شود", f"می{ZWNJ}شود"),
        # already right
        (f"همکاری{ZWNJ}ها", f"همکاری{ZWNJ}ها"),
        (f"رئیس{ZWNJ}جمهور", f"رئیس{ZWNJ}جمهور"),
        # Arabic letters
        ("كشور ايران", "کشور ایران"),
        ("همكاري", "همکاری"),
        # Latin digits become Persian (why metadata is parsed first)
        ("19 آذر 1404", "۱۹ آذر ۱۴۰۴"),
        # left alone: no ZWNJ after a non-joining letter, real words, names
        ("کشورهای", "کشورهای"),
        ("تنها", "تنها"),
        ("کبوتر", "کبوتر"),
        ("بیشتر", "بیشتر"),
        ("پیتر", "پیتر"),
    ],
)
def test_normalize(pipeline, raw, expected):
    assert pipeline.normalize(raw) == expected


def test_restore_is_idempotent(pipeline):
    once = pipeline.normalize("رئیسجمهور ایران از گسترش همکاریهای اقتصادی و بینالمللی گفت")
    assert pipeline.normalize(once) == once


def test_pipeline_is_built_once():
    assert get_pipeline() is get_pipeline()


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("تیتر\n\nجمله اول. جمله دوم؟", ["تیتر", "جمله اول.", "جمله دوم؟"]),
        ("• بند اول: متن\n• بند دوم", ["• بند اول: متن", "• بند دوم"]),
        ("  فاصله در آغاز.  ", ["فاصله در آغاز."]),
        ("", []),
    ],
)
def test_sentence_spans(pipeline, text, sentences):
    assert [text[s:e] for s, e in pipeline.sentence_spans(text)] == sentences

# The fast normalizer's equality with hazm: tests/test_normalizer.py
