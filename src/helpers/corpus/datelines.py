"""An article's own date: which Jalali date of a news text is the date it appeared.

A date anywhere in a text is often another event's («موافقت‌نامه … از ۲۵
اردیبهشت ۱۴۰۴ اجرایی شده است»: the field corpus's ``txt/a01`` was dated by
it). :func:`find_dateline_date` takes a date only where a news text states
its own: a dateline, the headline or the lede, the attribution sentence, a
publication-date label, or right after «امروز».
"""

from __future__ import annotations

import re

import pandas as pd

from helpers.corpus.dates import text_dates

__all__ = ["find_dateline_date"]


def find_dateline_date(text: str) -> tuple[pd.Timestamp, str] | None:
    """The first Jalali date that a news text gives as its own date.

    A date anywhere in the text is often another event's («موافقت‌نامه … از
    ۲۵ اردیبهشت ۱۴۰۴ اجرایی شده است»). A news text states its own date in
    the first sentence of its first line (a dateline or headline) or of the
    next line (the lede), in the attribution sentence («به گزارش ایلنا، …»),
    after a label («تاریخ انتشار: …»), or right after «امروز» (today, perhaps
    with the weekday); only such dates count, and never one right after
    «از» or «تا» (when something began, a deadline, the end of a range).

    Returns:
        ``(date, matched_text)``, or ``None`` when no date is in such a place.

    >>> find_dateline_date("تیتر\\nبه گزارش ایرنا، امروز ۱۷ آذر ۱۴۰۴ نشست برگزار شد.")
    (Timestamp('2025-12-08 00:00:00'), '۱۷ آذر ۱۴۰۴')
    >>> find_dateline_date("تیتر\\nصادرات افزایش یافت. این توافق از ۲۵ اردیبهشت ۱۴۰۴ اجرایی شده است.") is None
    True
    """
    text = text.replace("ي", "ی")
    lede: list[tuple[int, int]] | None = None
    sentence_start = scanned = 0  # where the sentence around the last date began; scanned up to there
    labelled = (-1, -1)  # (sentence start, end of its attribution or date label, or -1)
    for start, ts, matched in text_dates(text):
        if _RANGE_END.search(text, max(0, start - _BEFORE_WINDOW), start):
            continue  # «از …», «تا …»: when something began, a deadline, a range
        lede = _lede(text) if lede is None else lede
        if any(lo <= start < hi for lo, hi in lede) or _TODAY.search(text, max(0, start - _BEFORE_WINDOW), start):
            return ts, matched
        # the start of the sentence holding the date, scanning each character once
        if start < scanned:
            sentence_start = scanned = text.rfind("\n", 0, start) + 1
        line_break = text.rfind("\n", scanned, start)
        if line_break >= 0:
            sentence_start = scanned = line_break + 1
        for end in _SENTENCE_END.finditer(text, scanned, start + 1):  # +1: «.» right before the date ends nothing
            sentence_start = end.end()
        scanned = start
        if labelled[0] != sentence_start:  # each sentence tried once
            own = _OWN_DATE_SENTENCE.match(text, sentence_start)
            labelled = (sentence_start, own.end() if own else -1)
        if 0 <= labelled[1] <= start:  # after the attribution or the label
            return ts, matched
    return None


# What may stand between a word and the date it introduces (bounded: no backtracking blow-up).
_BEFORE_WINDOW = 40
_WEEKDAY = r"(?:(?:یک|دو|سه|چهار|پنج)[\s\u200c]*)?شنبه|جمعه"
# «امروز چهارشنبه ۱۹ آذر …», «ظهر امروز (چهارشنبه) …», «امروز روز سه‌شنبه - …»: only a weekday between
_TODAY = re.compile(
    rf"(?<![^\W\d_])امروز[\s,،()\-–—؛]*(?:روز[\s\u200c]+)?(?:(?:{_WEEKDAY})[\s,،()\-–—؛]*)?(?:(?:مورخ|به تاریخ)[\s,،]*)?\Z"
)
# «از ۲۵ اردیبهشت …», «تا ۳۰ آذر …», «پیش از تاریخ …» right before the date
_RANGE_END = re.compile(r"(?<![^\W\d_])(?:از|تا)(?:[\s\u200c]+(?:تاریخ|روز))?[\s\u200c]*\Z")
# «… گفت.» and «… گفت.»» end a sentence; only the first mark of a run is tried (linear on «.....»)
_SENTENCE_END = re.compile(r"(?<![.!?؟])[.!?؟]++(?=[»\"”)\]]*(?:\s|$))")
# An attribution («به گزارش ایرنا، …», also with NBSP or ZWNJ; not «به گزارش‌های …») or a
# publication-date label («تاریخ انتشار: …», not «تاریخ تولد: …»): the date comes after it.
_OWN_DATE_SENTENCE = re.compile(
    r"[\s\-–—«\"]*(?:به[\s\u200c]*گزارش(?![^\W\d_]|\u200c)|(?:تاریخ(?:[\s\u200c]+و[\s\u200c]+ساعت)?"
    r"(?:[\s\u200c]+(?:انتشار|خبر|درج|ارسال))?|زمان[\s\u200c]+انتشار)(?![^\W\d_]|\u200c)\s*[:：])"
)


def _lede(text: str) -> list[tuple[int, int]]:
    """The first sentence of each of the first two non-blank lines: (start, end) ranges."""
    places: list[tuple[int, int]] = []
    position = 0
    while len(places) < 2 and position < len(text):
        end = text.find("\n", position)
        end = len(text) if end < 0 else end
        if text[position:end].strip():
            sentence = _SENTENCE_END.search(text, position, end)
            places.append((position, sentence.end() if sentence else end))
        position = end + 1
    return places
