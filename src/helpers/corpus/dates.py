"""Dates in Persian news: header dates, Jalali dates in running text, columns.

Parsing happens on the original text, before hazm's normalizer turns Latin
digits into Persian ones. Calendar conversion is jdatetime's.

>>> find_text_date("مسعود پزشکیان ظهر امروز چهارشنبه 19 آذر 1404، پیش از عزیمت")
(Timestamp('2025-12-10 00:00:00'), '19 آذر 1404')
>>> parse_date_value("۱۴۰۴/۰۹/۱۹")
Timestamp('2025-12-10 00:00:00')
>>> to_jalali(parse_date_value("2025-12-10"))
'1404-09-19'
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Iterator
from functools import lru_cache
from datetime import date as _date
from datetime import datetime as _datetime

import jdatetime
import pandas as pd

__all__ = [
    "EARLIEST", "LATEST", "TIMEZONE", "DateError", "day_month_order", "find_text_date", "is_ambiguous",
    "parse_date_value", "text_dates", "to_jalali", "to_latin_digits",
]  # fmt: skip

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_D = r"[0-9۰-۹٠-٩]"

JALALI_MONTHS = {
    "فروردین": 1,
    "اردیبهشت": 2,
    "خرداد": 3,
    "تیر": 4,
    "مرداد": 5,
    "امرداد": 5,
    "شهریور": 6,
    "مهر": 7,
    "آبان": 8,
    "آذر": 9,
    "دی": 10,
    "بهمن": 11,
    "اسفند": 12,
}
_MONTH_ALT = "|".join(sorted(JALALI_MONTHS, key=len, reverse=True))
# «19 آذر 1404», «۱۹ آذرماه ۱۴۰۴», «19 آذر ماه سال 1404»; the year must be 13xx/14xx.
_NAMED_DATE = re.compile(
    rf"(?<![0-9۰-۹٠-٩])({_D}{{1,2}})\s*(?:ام|م)?\s+({_MONTH_ALT})(?:\s*ماه)?\s+(?:سال\s+)?(1[34]{_D}{{2}}|[۱١][۳۴٣]{_D}{{2}})(?![0-9۰-۹٠-٩])"
)
# «1404/09/19», «۱۴۰۴-۰۹-۱۹»
_NUMERIC_JALALI = re.compile(
    rf"(?<![0-9۰-۹٠-٩/\-.])((?:1[34]|[۱١][۳۴٣]){_D}{{2}})[/\-.]({_D}{{1,2}})[/\-.]({_D}{{1,2}})(?![0-9۰-۹٠-٩/\-.])"
)
_YEAR = re.compile(rf"(?:1[34]|[۱١][۳۴٣]){_D}{{2}}")
# «۳۱ اردیبهشت ماه سال ۱۴۰۴»: at most this many characters before the year.
_MAX_DATE_PREFIX = 32
_MAX_DATE_SUFFIX = 8
# Clock time after a date: «10:30», «10:30:15», also after « - » or «ساعت».
_CLOCK = r"(?:\s*(?:[-–,،T]|ساعت)?\s*(\d{1,2}:\d{2}(?::\d{2})?))?\s*$"
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_ISO_LIKE = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})" + _CLOCK)
_DAY_MONTH_YEAR = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})" + _CLOCK)
_WEEKDAYS = "شنبه|یکشنبه|یک‌شنبه|دوشنبه|سه‌شنبه|سه شنبه|سهشنبه|چهارشنبه|پنجشنبه|پنج‌شنبه|پنج شنبه|جمعه"
# A whole column value: «۱۲ آبان ۱۴۰۴», «چهارشنبه، ۱۹ آذر ماه ۱۴۰۴ - ۱۰:۳۰».
_COLUMN_NAMED_DATE = re.compile(
    rf"^\s*(?:(?:{_WEEKDAYS})\s*[،,]?\s*)?(\d{{1,2}})\s*(?:ام|م)?\s+({_MONTH_ALT})(?:\s*ماه)?\s+(?:سال\s+)?(\d{{4}})" + _CLOCK
)
_EPOCH = re.compile(r"^\d{9,10}(?:\.\d+)?$|^\d{12,13}$")
_RFC_822 = re.compile(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}")

#: Dates are stored as Tehran wall-clock time, without a zone.
TIMEZONE = "Asia/Tehran"
#: Dates outside this range are taken for errors (and left unknown).
EARLIEST = pd.Timestamp("1900-01-01")
LATEST = pd.Timestamp("2100-12-31 23:59:59")


class DateError(ValueError):
    """A date string that cannot be a real date."""


def to_latin_digits(text: str) -> str:
    """Replace Persian and Arabic-Indic digits with ASCII ones.

    >>> to_latin_digits("۱۴۰۴-٠٩-19")
    '1404-09-19'
    """
    return text.translate(_DIGITS)


@lru_cache(maxsize=8192)  # news dates repeat; jdatetime + Timestamp cost ≈50 µs each
def _jalali_to_timestamp(year: int, month: int, day: int) -> pd.Timestamp:
    try:
        gregorian = jdatetime.date(year, month, day).togregorian()
    except ValueError as exc:
        raise DateError(f"not a Jalali date: {year}-{month:02d}-{day:02d} ({exc})") from None
    return pd.Timestamp(gregorian)


def _in_range(ts: pd.Timestamp, value: object) -> pd.Timestamp:
    if not (EARLIEST <= ts <= LATEST):
        raise DateError(f"date {ts.date()} from {value!r} is outside {EARLIEST.year}–{LATEST.year}")
    return ts


def _local(ts: pd.Timestamp) -> pd.Timestamp:
    """Tehran wall-clock time, naive, to the second."""
    if ts.tzinfo is not None:
        ts = ts.tz_convert(TIMEZONE).tz_localize(None)
    return ts.floor("s")


def _time_of(text: str | None) -> tuple[int, int, int]:
    if not text:
        return 0, 0, 0
    match = _TIME.match(text.strip())
    if not match:
        raise DateError(f"not a time: {text!r}")
    hour, minute, second = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise DateError(f"not a time: {text!r}")
    return hour, minute, second


def day_month_order(values: list[object]) -> str | None:
    """How a column writes ``NN/NN/YYYY`` dates: ``"dmy"``, ``"mdy"``, or
    None when no value tells (every first and second part ≤ 12).

    >>> day_month_order(["03/11/2025", "25/12/2025"]), day_month_order(["12/31/2025"]), day_month_order(["03/11/2025"])
    ('dmy', 'mdy', None)
    """
    day_first = month_first = False
    for value in values:
        match = _DAY_MONTH_YEAR.match(to_latin_digits(str(value)).strip()) if isinstance(value, str) else None
        if match:
            first, second = int(match.group(1)), int(match.group(2))
            day_first |= first > 12
            month_first |= second > 12
    if day_first != month_first:
        return "dmy" if day_first else "mdy"
    return None


def is_ambiguous(value: object) -> bool:
    """Whether ``value`` is an ``NN/NN/YYYY`` date that reads both ways.

    >>> is_ambiguous("03/11/2025"), is_ambiguous("25/12/2025"), is_ambiguous("05/05/2025")
    (True, False, False)
    """
    match = _DAY_MONTH_YEAR.match(to_latin_digits(str(value)).strip()) if isinstance(value, str) else None
    if not match:
        return False
    first, second = int(match.group(1)), int(match.group(2))
    return first <= 12 and second <= 12 and first != second


def parse_date_value(value: object, *, dayfirst: bool = True) -> pd.Timestamp:
    """Parse a date given as metadata (a header line or a table column).

    Accepted: ISO dates with or without time and zone; RFC 822 (RSS
    ``pubDate``); Unix epoch seconds or milliseconds; ``YYYY/MM/DD`` (``-``,
    ``.``) — read as Jalali when the year is below 1700; ``DD/MM/YYYY`` (or
    month first with ``dayfirst=False``); «۱۲ آبان ۱۴۰۴» and «چهارشنبه ۱۹ آذر
    ۱۴۰۴» Jalali forms, each optionally followed by a time; Latin, Persian or
    Arabic-Indic digits; datetime objects. Dates with a time keep it to the
    second; dates with a zone are converted to Tehran time (``TIMEZONE``) and
    stored without it, so all dates compare as local news dates.

    Raises:
        DateError: unparseable, impossible (``2025-13-45``) or outside
            1900–2100 (``2300-01-01``).

    >>> parse_date_value("2025-12-10T08:30:00Z")
    Timestamp('2025-12-10 12:00:00')
    >>> parse_date_value("Mon, 03 Nov 2025 09:00:00 +0330")
    Timestamp('2025-11-03 09:00:00')
    >>> parse_date_value("چهارشنبه ۱۹ آذر ۱۴۰۴ - ۱۰:۳۰")
    Timestamp('2025-12-10 10:30:00')
    >>> parse_date_value("03/11/2025"), parse_date_value("03/11/2025", dayfirst=False)
    (Timestamp('2025-11-03 00:00:00'), Timestamp('2025-03-11 00:00:00'))
    >>> parse_date_value("2025-13-45")
    Traceback (most recent call last):
    ...
    helpers.corpus.dates.DateError: not a date: '2025-13-45'
    """
    if isinstance(value, str):
        return _parse_date_text(value, dayfirst)
    return _parse_date_object(value, dayfirst)


@lru_cache(maxsize=8192)  # a column or a feed repeats its date strings
def _parse_date_text(value: str, dayfirst: bool) -> pd.Timestamp:
    return _parse_date_object(value, dayfirst)


def _parse_date_object(value: object, dayfirst: bool) -> pd.Timestamp:
    if isinstance(value, bool):
        raise DateError(f"not a date: {value!r}")
    if isinstance(value, _datetime | _date | pd.Timestamp):
        try:
            ts = pd.Timestamp(value)
        except (ValueError, OverflowError):
            raise DateError(f"date {value!r} is outside {EARLIEST.year}–{LATEST.year}") from None
        return _in_range(_local(ts), value)
    if isinstance(value, int | float):
        return _from_epoch(float(value), value)
    text = to_latin_digits(str(value)).strip().replace("ي", "ی")
    if not text:
        raise DateError(f"not a date: {value!r}")
    if _EPOCH.match(text):
        return _from_epoch(float(text), value)
    match = _ISO_LIKE.match(text)
    if match and int(match.group(1)) < 1700:
        year, month, day = (int(g) for g in match.groups()[:3])
        ts = _jalali_to_timestamp(year, month, day)
        return _in_range(ts.replace(**dict(zip(("hour", "minute", "second"), _time_of(match.group(4)), strict=True))), value)
    named = _COLUMN_NAMED_DATE.match(text)
    if named:
        day, month_name, year, clock = named.groups()
        ts = _jalali_to_timestamp(int(year), JALALI_MONTHS[month_name], int(day))
        return _in_range(ts.replace(**dict(zip(("hour", "minute", "second"), _time_of(clock), strict=True))), value)
    dmy = _DAY_MONTH_YEAR.match(text)
    if dmy:
        first, second, year = int(dmy.group(1)), int(dmy.group(2)), int(dmy.group(3))
        day, month = (first, second) if dayfirst else (second, first)
        if first > 12 or second > 12:  # only one reading exists
            day, month = (first, second) if first > 12 else (second, first)
        if year < 1700:
            ts = _jalali_to_timestamp(year, month, day)
        else:
            try:
                ts = pd.Timestamp(year=year, month=month, day=day)
            except ValueError:
                raise DateError(f"not a date: {value!r}") from None
        return _in_range(ts.replace(**dict(zip(("hour", "minute", "second"), _time_of(dmy.group(4)), strict=True))), value)
    if _RFC_822.match(text):
        try:
            return _in_range(_local(pd.Timestamp(email.utils.parsedate_to_datetime(text))), value)
        except (TypeError, ValueError, IndexError, OverflowError):
            raise DateError(f"not a date: {value!r}") from None
    try:
        ts = pd.Timestamp(text)
    except (ValueError, OverflowError, TypeError):
        raise DateError(f"not a date: {value!r}") from None
    if pd.isna(ts):
        raise DateError(f"not a date: {value!r}")
    return _in_range(_local(ts), value)


def _from_epoch(number: float, value: object) -> pd.Timestamp:
    """Unix time in seconds, or milliseconds when that reads as a plausible date."""
    if number != number or abs(number) == float("inf"):  # NaN, infinity
        raise DateError(f"not a date: {value!r}")
    seconds = number / 1000 if abs(number) >= 1e11 else number
    try:
        ts = pd.Timestamp(seconds, unit="s", tz="UTC")
    except (ValueError, OverflowError):
        raise DateError(f"date {value!r} is outside {EARLIEST.year}–{LATEST.year}") from None
    return _in_range(_local(ts), value)


def find_text_date(text: str) -> tuple[pd.Timestamp, str] | None:
    """Find the first explicit Jalali date in running text.

    Recognises «19 آذر 1404» (with or without weekday, «ماه», «سال») and
    numeric ``1404/09/19``, in Persian or Latin digits. Impossible dates are
    passed over.

    Returns:
        ``(date, matched_text)`` for the earliest valid date, or ``None``.

    >>> find_text_date("در ۳۰ اسفند ۱۴۰۳ و سپس 1404/01/02")
    (Timestamp('2025-03-20 00:00:00'), '۳۰ اسفند ۱۴۰۳')
    >>> find_text_date("۳۰ اسفند ۱۴۰۴") is None  # 1404 is not a leap year
    True
    """
    return next(((ts, matched) for _, ts, matched in text_dates(text.replace("ي", "ی"))), None)


def text_dates(text: str) -> Iterator[tuple[int, pd.Timestamp, str]]:
    """Valid Jalali dates in ``text`` (``ي`` already unified), in text order: (start, date, matched).

    >>> [(start, matched) for start, _, matched in text_dates("از ۱ دی ۱۴۰۳ تا 1404/01/02")]
    [(3, '۱ دی ۱۴۰۳'), (16, '1404/01/02')]
    """
    # Scanning the whole text with the full patterns is slow; a year is rare,
    # so look only around each 13xx/14xx year for a date ending or starting there.
    for year in _YEAR.finditer(text):
        left = max(0, year.start() - _MAX_DATE_PREFIX)
        window = text[left : year.end() + _MAX_DATE_SUFFIX]
        found: list[tuple[int, pd.Timestamp, str]] = []
        for match in _NAMED_DATE.finditer(window):
            if left + match.end() != year.end() or (left and match.start() == 0 and text[left - 1].isdigit()):
                continue
            day, month_name, year_text = match.groups()
            try:
                ts = _jalali_to_timestamp(int(to_latin_digits(year_text)), JALALI_MONTHS[month_name], int(to_latin_digits(day)))
            except DateError:
                continue
            found.append((left + match.start(), ts, match.group(0)))
        for match in _NUMERIC_JALALI.finditer(window):
            if left + match.start() != year.start():
                continue
            y, m, d = (int(to_latin_digits(g)) for g in match.groups())
            try:
                ts = _jalali_to_timestamp(y, m, d)
            except DateError:
                continue
            found.append((left + match.start(), ts, match.group(0)))
        if found:
            yield min(found, key=lambda c: c[0])


def to_jalali(ts: pd.Timestamp | None) -> str | None:
    """Format a date as a Jalali ``YYYY-MM-DD`` string (``None`` for NaT).

    >>> to_jalali(pd.Timestamp("2025-03-21"))
    '1404-01-01'
    """
    if ts is None or pd.isna(ts):
        return None
    return _jalali_day(ts.date())


@lru_cache(maxsize=8192)
def _jalali_day(day: _date) -> str:
    return jdatetime.date.fromgregorian(date=day).strftime("%Y-%m-%d")
