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

import re
from datetime import date as _date

import jdatetime
import pandas as pd

__all__ = ["DateError", "find_text_date", "parse_date_value", "to_jalali", "to_latin_digits"]

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
_ISO_LIKE = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?=$|[T\s])")


class DateError(ValueError):
    """A date string that cannot be a real date."""


def to_latin_digits(text: str) -> str:
    """Replace Persian and Arabic-Indic digits with ASCII ones.

    >>> to_latin_digits("۱۴۰۴-٠٩-19")
    '1404-09-19'
    """
    return text.translate(_DIGITS)


def _jalali_to_timestamp(year: int, month: int, day: int) -> pd.Timestamp:
    try:
        gregorian = jdatetime.date(year, month, day).togregorian()
    except ValueError as exc:
        raise DateError(f"not a Jalali date: {year}-{month:02d}-{day:02d} ({exc})") from None
    return pd.Timestamp(gregorian)


def parse_date_value(value: object) -> pd.Timestamp:
    """Parse a date given as metadata: ISO (Gregorian) or Jalali.

    A ``YYYY-MM-DD`` (or ``/``, ``.``) date whose year is below 1700 is read
    as Jalali. Persian digits are accepted. Time zones are converted to Tehran
    time and dropped, so all dates compare as local news dates.

    Raises:
        DateError: unparseable or impossible dates (``2025-13-45``).

    >>> parse_date_value("2025-12-10T08:30:00Z")
    Timestamp('2025-12-10 12:00:00')
    >>> parse_date_value("2025-13-45")
    Traceback (most recent call last):
    ...
    helpers.corpus.dates.DateError: not a date: '2025-13-45'
    """
    if isinstance(value, pd.Timestamp | _date):
        ts = pd.Timestamp(value)
    else:
        text = to_latin_digits(str(value)).strip()
        match = _ISO_LIKE.match(text)
        if match and int(match.group(1)) < 1700:
            return _jalali_to_timestamp(*(int(g) for g in match.groups()))
        try:
            ts = pd.Timestamp(text)
        except (ValueError, OverflowError):
            raise DateError(f"not a date: {value!r}") from None
    if pd.isna(ts):
        raise DateError(f"not a date: {value!r}")
    if ts.tzinfo is not None:
        ts = ts.tz_convert("Asia/Tehran").tz_localize(None)
    return ts


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
    text = text.replace("ي", "ی")
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
            _, ts, matched = min(found, key=lambda c: c[0])
            return ts, matched
    return None


def to_jalali(ts: pd.Timestamp | None) -> str | None:
    """Format a date as a Jalali ``YYYY-MM-DD`` string (``None`` for NaT).

    >>> to_jalali(pd.Timestamp("2025-03-21"))
    '1404-01-01'
    """
    if ts is None or pd.isna(ts):
        return None
    return jdatetime.date.fromgregorian(date=ts.date()).strftime("%Y-%m-%d")
