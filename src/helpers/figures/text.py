"""The one way Persian strings reach matplotlib.

matplotlib ≥ 3.11 shapes and orders right-to-left text itself (libraqm):
give it the logical string. Older versions draw characters one by one, left
to right: they need the string reshaped into Arabic presentation forms and
reordered for display (arabic-reshaper + python-bidi). Doing that on 3.11
draws the label reversed, so every label, title, tick and legend entry goes
through :func:`for_matplotlib`, which decides once per process.

>>> for_matplotlib("SCO 2025")  # no right-to-left letters: unchanged on any matplotlib
'SCO 2025'
>>> for_matplotlib("انرژی") == ("انرژی" if not needs_shaping() else shape_for_display("انرژی"))
True
>>> to_persian_digits("1404-09-19")
'۱۴۰۴-۰۹-۱۹'
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["for_matplotlib", "has_rtl", "needs_shaping", "shape_for_display", "to_persian_digits"]

_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def has_rtl(text: str) -> bool:
    """Whether ``text`` contains right-to-left letters.

    >>> has_rtl("SCO"), has_rtl("سازمان شانگهای")
    (False, True)
    """
    return bool(_RTL.search(text))


@lru_cache(maxsize=1)
def needs_shaping() -> bool:
    """True when the installed matplotlib cannot shape right-to-left text (< 3.11)."""
    import matplotlib

    major, minor = (int(part) for part in re.findall(r"\d+", matplotlib.__version__)[:2])
    return (major, minor) < (3, 11)


def shape_for_display(text: str) -> str:
    """Presentation forms in visual order (arabic-reshaper + python-bidi):
    what matplotlib < 3.11 must be given."""
    import arabic_reshaper
    from bidi import get_display

    return get_display(arabic_reshaper.reshape(text))


def for_matplotlib(text: str) -> str:
    """The string to hand to matplotlib for ``text`` (see module docstring)."""
    if not needs_shaping() or not has_rtl(text):
        return text
    return shape_for_display(text)


def to_persian_digits(text: str) -> str:
    """Latin digits as Persian ones, for ticks and value labels in Persian."""
    return text.translate(_PERSIAN_DIGITS)
