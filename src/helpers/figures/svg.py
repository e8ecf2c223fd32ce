"""Editable SVG text: labels a designer can change in Inkscape or a browser.

By default figures are saved with text as paths (they look the same
everywhere, but no label can be edited). With editable text, matplotlib
writes each label as a ``<text>`` element holding the logical string
(``svg.fonttype: none``, matplotlib ≥ 3.11), and :func:`editable_text`
finishes the file:

- a label whose first strong character is right-to-left is wrapped in
  RIGHT-TO-LEFT ISOLATE … POP DIRECTIONAL ISOLATE (U+2067 … U+2069), and a
  left-to-right label holding Persian in LEFT-TO-RIGHT ISOLATE (U+2066), so a
  mixed label such as «سهم اسناد (Share of documents)» keeps the order the
  PNG shows: SVG text is laid out left to right unless told otherwise, and
  the isolate gives the label the base direction matplotlib used;
- ``font-family`` names the figure font with fallbacks that have Persian
  letters (:data:`FONT_FALLBACKS`), for machines without Noto Sans Arabic.

>>> print(isolate("سهم اسناد (Share of documents)").encode("unicode_escape").decode()[:6])
\\u2067
>>> isolate("SCO 2025")
'SCO 2025'
"""

from __future__ import annotations

import html
import re
import unicodedata

__all__ = ["FONT_FALLBACKS", "editable_text", "isolate"]

#: Families after the figure font in editable SVG: Persian-capable fonts
#: common on Windows, macOS and Linux, then the generic family.
FONT_FALLBACKS = ("Vazirmatn", "Tahoma", "Geeza Pro", "DejaVu Sans", "Arial", "sans-serif")

_RLI, _LRI, _PDI = "\u2067", "\u2066", "\u2069"
_TEXT = re.compile(r"(<text\b[^>]*>)([^<]*)(</text>)")
_FAMILY = re.compile(r"font-family: ([^;\"]*)")


def _first_strong(text: str) -> str | None:
    for ch in text:
        direction = unicodedata.bidirectional(ch)
        if direction in ("R", "AL"):
            return "rtl"
        if direction == "L":
            return "ltr"
    return None


def isolate(text: str) -> str:
    """``text`` in the bidi isolate of its own base direction (first strong character).

    Right-to-left labels get U+2067 … U+2069; left-to-right labels that
    contain right-to-left letters get U+2066 … U+2069; others are unchanged.
    """
    if text.startswith((_RLI, _LRI)):
        return text
    first = _first_strong(text)
    if first == "rtl":
        return f"{_RLI}{text}{_PDI}"
    if first == "ltr" and any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text):
        return f"{_LRI}{text}{_PDI}"
    return text


def _family_list(declared: str) -> str:
    names = [name.strip().strip("'\"") for name in declared.split(",") if name.strip()]
    for fallback in FONT_FALLBACKS:
        if fallback not in names:
            names.append(fallback)
    return ", ".join(name if name == "sans-serif" else f"'{name}'" for name in names)


def editable_text(svg: str) -> str:
    """Isolate each ``<text>`` label by direction and give it a font fallback list."""

    def label(match: re.Match) -> str:
        opening, content, closing = match.groups()
        opening = _FAMILY.sub(lambda m: f"font-family: {_family_list(m.group(1))}", opening)
        text = html.unescape(content)
        return opening + html.escape(isolate(text), quote=False) + closing

    return _TEXT.sub(label, svg)
