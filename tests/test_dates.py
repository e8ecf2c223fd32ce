"""Jalali dates in running text and in metadata."""

from __future__ import annotations

import pandas as pd
import pytest

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
