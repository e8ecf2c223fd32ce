"""Jalali dates in running text and in metadata."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.corpus.datelines import find_dateline_date
from helpers.corpus.dates import DateError, find_text_date, parse_date_value, to_jalali


@pytest.mark.parametrize(
    ("text", "expected", "matched"),
    [
        ("ظهر امروز چهارشنبه 19 آذر 1404، پیش از عزیمت", "2025-12-10", "19 آذر 1404"),
        ("ظهر امروز چهارشنبه ۱۹ آذر ۱۴۰۴، پیش از عزیمت", "2025-12-10", "۱۹ آذر ۱۴۰۴"),
        ("روز ۱۹ آذرماه ۱۴۰۴ برگزار شد", "2025-12-10", "۱۹ آذرماه ۱۴۰۴"),
        ("در ۱۹ آذر ماه سال ۱۴۰۴", "2025-12-10", "۱۹ آذر ماه سال ۱۴۰۴"),
        ("اول فروردین: 1 فروردین 1404", "2025-03-21", "1 فروردین 1404"),
        ("۳۰ اسفند ۱۴۰۳", "2025-03-20", "۳۰ اسفند ۱۴۰۳"),
        ("۲۲ بهمن ۱۳۵۷", "1979-02-11", "۲۲ بهمن ۱۳۵۷"),
        ("۵ دي ۱۴۰۲ با ي عربی", "2023-12-26", "۵ دی ۱۴۰۲"),
        ("به تاریخ 1404/09/19 منتشر شد", "2025-12-10", "1404/09/19"),
        ("تاریخ ۱۴۰۴-۰۹-۱۹", "2025-12-10", "۱۴۰۴-۰۹-۱۹"),
        ("نخست 1404/09/19 سپس 20 آذر 1404", "2025-12-10", "1404/09/19"),
    ],
)
def test_find_text_date(text, expected, matched):
    assert find_text_date(text) == (pd.Timestamp(expected), matched)


@pytest.mark.parametrize(
    "text",
    [
        "هیچ تاریخی در این متن نیست",
        "۳۲ آذر ۱۴۰۴",  # no such day
        "۳۰ اسفند ۱۴۰۴",  # 1404 is not a leap year: Esfand has 29 days
        "19 آذر",  # no year
        "قیمت ۱۹ دلار در سال ۱۴۰۴",  # a number, not a day of a month
        "سال 2025-12-10",  # Gregorian ISO in text is not a Jalali date
        "۱۲۳۱۴۰۴/۰۹/۱۹۹",  # digits glued around
    ],
)
def test_no_text_date(text):
    assert find_text_date(text) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-12-10", "2025-12-10"),
        ("2025/12/10", "2025-12-10"),
        ("1404-09-19", "2025-12-10"),
        ("۱۴۰۴/۰۹/۱۹", "2025-12-10"),
        ("2025-12-10T23:30:00+00:00", "2025-12-11 03:00:00"),  # Tehran time
        ("2025-12-10 08:00", "2025-12-10 08:00:00"),
    ],
)
def test_parse_date_value(value, expected):
    assert parse_date_value(value) == pd.Timestamp(expected)


@pytest.mark.parametrize("value", ["2025-13-45", "1404-13-01", "فردا", "", "2025-02-30"])
def test_parse_date_value_rejects(value):
    with pytest.raises(DateError):
        parse_date_value(value)


@pytest.mark.parametrize(
    ("gregorian", "jalali"),
    [("2025-12-10", "1404-09-19"), ("2025-03-21", "1404-01-01"), ("2025-03-20", "1403-12-30")],
)
def test_to_jalali(gregorian, jalali):
    assert to_jalali(pd.Timestamp(gregorian)) == jalali


def test_to_jalali_of_unknown_date():
    assert to_jalali(pd.NaT) is None


# A text's own date: first sentence of its first two lines, the attribution
# sentence («به گزارش …»), or next to «امروز». Shapes from real pages and exports.
@pytest.mark.parametrize(
    ("text", "expected", "matched"),
    [
        # seed 000 without its header: the date is in the fourth paragraph, after «به گزارش ایلنا،»
        (
            "پزشکیان در تشریح برنامهها و اهداف سفر:\n\nکشورهای مسلمان منطقه باید تعامل داشته باشند\n\n"
            "رئیس جمهور گفت: کشورهای مسلمان منطقه باید ارتباطات خود را تعمیق بخشند.\n\n"
            "به گزارش ایلنا، مسعود پزشکیان ظهر امروز چهارشنبه 19 آذر 1404، پیش از عزیمت به قزاقستان گفت.",
            "2025-12-10", "19 آذر 1404",
        ),
        ("همایش گردشگری\n\nهمایش گردشگری روز دوشنبه ۱۷ آذر ۱۴۰۴ در مشهد برگزار شد. معاون گفت.", "2025-12-08", "۱۷ آذر ۱۴۰۴"),
        ("تهران - ایرنا - ۱۷ آذر ۱۴۰۴\nنشست کمیسیون مشترک برگزار شد.", "2025-12-08", "۱۷ آذر ۱۴۰۴"),
        ("\nدر ۲۲ آذر ۱۴۰۴ نشست برگزار شد.", "2025-12-13", "۲۲ آذر ۱۴۰۴"),  # no headline
        ("تیتر\nصادرات افزایش یافت. وزیر امروز ۱۹ آذر ۱۴۰۴ گفت.", "2025-12-10", "۱۹ آذر ۱۴۰۴"),
        ("تیتر\nمتن. متن دوم.\n\nبه گزارش خبرگزاری مهر، در 1404/09/20 قرارداد امضا شد.", "2025-12-11", "1404/09/20"),
        ("تیتر\nنشست ۵ دي ۱۴۰۲ برگزار شد.", "2023-12-26", "۵ دی ۱۴۰۲"),  # Arabic ي
        # a CMS page: the date on its own labelled line, after the headline and a code line
        ("تیتر\nکد خبر: ۱۲۳۴۵\nتاریخ انتشار: چهارشنبه ۱۹ آذر ۱۴۰۴ - ۱۰:۳۰", "2025-12-10", "۱۹ آذر ۱۴۰۴"),
        ("تیتر\nمتن. متن دوم.\n\nبه\u00a0گزارش ایرنا، در ۱۹ آذر ۱۴۰۴ نشست برگزار شد.", "2025-12-10", "۱۹ آذر ۱۴۰۴"),  # NBSP
        ("تیتر\nمتن. متن دوم.\n\nبه\u200cگزارش ایرنا، در ۱۹ آذر ۱۴۰۴ نشست برگزار شد.", "2025-12-10", "۱۹ آذر ۱۴۰۴"),  # ZWNJ
        ("تیتر\nمتن. متن دوم.\n\nبه گزارش ایرنا، نشست.۱۹ آذر ۱۴۰۴ برگزار شد.", "2025-12-10", "۱۹ آذر ۱۴۰۴"),  # «.» glued to the date
        ("تیتر\nمتن. دوم.\n\nوزیر امروز (چهارشنبه) ۱۹ آذر ۱۴۰۴ گفت.", "2025-12-10", "۱۹ آذر ۱۴۰۴"),
        ("تیتر\nمتن. دوم.\n\nنشست امروز روز چهارشنبه ۱۹ آذر ۱۴۰۴ برگزار شد.", "2025-12-10", "۱۹ آذر ۱۴۰۴"),
        ("تیتر\nمتن. دوم.\n\nنشست امروز سه‌شنبه - ۱۸ آذر ۱۴۰۴ - برگزار شد.", "2025-12-09", "۱۸ آذر ۱۴۰۴"),
        ("تیتر\nمتن. دوم.\n\n- به گزارش ایسنا، در ۱۹ آذر ۱۴۰۴ نشست برگزار شد.", "2025-12-10", "۱۹ آذر ۱۴۰۴"),
        ("تیتر\nمتن. دوم.\nتاریخ: ۱۴۰۴/۰۹/۱۹", "2025-12-10", "۱۴۰۴/۰۹/۱۹"),
        ("تیتر\nمتن. دوم.\nتاریخ و ساعت انتشار: ۱۹ آذر ۱۴۰۴ ساعت ۱۰", "2025-12-10", "۱۹ آذر ۱۴۰۴"),
    ],
)
def test_find_dateline_date(text, expected, matched):
    assert find_dateline_date(text) == (pd.Timestamp(expected), matched)


@pytest.mark.parametrize(
    "text",
    [
        # field-corpus txt/a01: the date an agreement took effect, in the lede's second sentence
        "گسترش تجارت ایران و روسیه\n\nبه گزارش خبرنگار اقتصادی، حجم مبادلات افزایش یافت. "
        "موافقت‌نامه تجارت آزاد با اتحادیه اقتصادی اوراسیا از ۲۵ اردیبهشت ۱۴۰۴ اجرایی شده است.",
        "تیتر\nنشست برگزار شد.\n\nقرارداد در ۱۰ مهر ۱۴۰۳ امضا شده بود.",  # a later paragraph
        "تیتر\nنشست برگزار شد.\n\nدیروز ۱۸ آذر ۱۴۰۴ نیز جلسه‌ای بود.",  # «دیروز», not «امروز»
        "تیتر\nنشست برگزار شد.\n\nامروزه از ۱۸ آذر ۱۴۰۴ قانون اجرا می‌شود.",  # «امروزه» is not «امروز»
        "مهلت ثبت‌نام تا ۳۰ آذر ۱۴۰۴ تمدید شد\nمتن خبر.",  # a deadline in the headline
        "تیتر\nثبت‌نام از امروز آغاز شده و تا ۲۵ آذر ۱۴۰۴ ادامه دارد.",  # «امروز», then a deadline
        "تیتر\nمتن. دوم.\n\nبه گزارش رویترز، این قانون از ۱ فروردین ۱۴۰۳ اجرا شده است.",  # background in an attribution
        "تیتر\nمتن. دوم.\n\nبه گزارش ایرنا، نشست برگزار شد.» قرارداد در ۱۰ مهر ۱۴۰۳ امضا شد.",  # «.»» ends the attribution
        # labels of other dates, and words that only begin like a label
        "تیتر\nمتن. دوم.\nتاریخچه: این شرکت در ۱۰ مهر ۱۳۸۰ تأسیس شد.",
        "تیتر\nمتن. دوم.\nزمانی که در ۱۰ مهر ۱۳۸۰ گفت: «بله» همه شگفت‌زده شدند.",
        "تیتر\nمتن. دوم.\nتاریخ تولد: ۱۲ مهر ۱۳۴۰",
        "تیتر\nمتن. دوم.\nزمان برگزاری: ۲۵ دی ۱۴۰۴",
        "تیتر\nمتن. دوم.\nبه گزارش‌های منتشر شده، در ۱۰ مهر ۱۳۸۰ قرارداد امضا شد.",  # «according to reports»
    ],
)
def test_no_dateline_date(text):
    assert find_text_date(text) is not None  # the text holds a date…
    assert find_dateline_date(text) is None  # …that is not its own


@pytest.mark.parametrize(
    "text",
    [
        "تیتر\nمتن\n" + "." * 200_000 + "x ۱۹ آذر ۱۴۰۴",  # a run of dots with no space after it
        "متن الف." + " " * 200_000 + "ب ۲۰ آذر ۱۴۰۴ و " * 40_000,  # one long sentence start, many dates
        "متن الف." + "\u00a0" * 200_000 + "ب ۲۰ آذر ۱۴۰۴ و " * 40_000,
        "تیتر\n" + "جمله. " * 100_000 + "در ۱۰ مهر ۱۴۰۳ و " * 40_000,
    ],
)
def test_dateline_search_is_linear_on_hostile_text(text):
    import time

    start = time.monotonic()
    find_dateline_date(text)
    assert time.monotonic() - start < 10  # linear: well under a second; quadratic took minutes
