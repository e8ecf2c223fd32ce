"""Cleaning scraped news text and splitting it into header, title and body.

Everything here keeps the article's own characters (no normalization): it
removes transport debris (NUL bytes, CR line ends, HTML tags and entities) and
scraping boilerplate, and records what it removed.

>>> clean_text("<p>سلام&nbsp;دنیا</p>\\r\\n")[0]
'سلام\\xa0دنیا'
>>> article = parse_article(" date 2025-12-10 ایلنا\\nتیتر\\nتیتر\\nمتن خبر\\nنوشتههای مشابه\\nلینک")
>>> article.header_date, article.source, article.title, article.body
('2025-12-10', 'ایلنا', 'تیتر', 'متن خبر')
>>> article.boilerplate
['repeated title: تیتر', 'footer: نوشتههای مشابه … (2 lines)']
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

__all__ = ["Article", "clean_text", "parse_article", "strip_boilerplate", "squash"]

_ZWNJ = "\u200c"
_ARABIC_TO_PERSIAN = (("ي", "ی"), ("ك", "ک"), ("ى", "ی"), ("ة", "ه"))
# Longest footer heading, squashed; longer lines cannot be one.
_FOOTER_MAX_CHARS = 40

_HTML_HINT = re.compile(r"<[A-Za-z!/]|&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+);")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HTML_CODE_BLOCK = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_HTML_BREAK = re.compile(r"<(?:br|/p|/div|/li|/h[1-6]|/tr|/blockquote)\b[^>]*>", re.I)
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>")
# C0/C1 controls other than tab and newline, stray BOMs, and NUL.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff]")
_BLANK_RUN = re.compile(r"\n{3,}")

_HEADER = re.compile(
    r"^\s*date\s+([0-9۰-۹٠-٩]{2,4}[-/.][0-9۰-۹٠-٩]{1,2}[-/.][0-9۰-۹٠-٩]{1,2})(?:\s+(.*?))?\s*$",
    re.I,
)
# A scraped "read also" link: the marker then an unrelated headline.
_READ_LINE = re.compile(
    r"^(?:READ(?:\s+MORE)?|Read more|Also read|Related)(?:\s|:|$)"
    r"|^(?:بیشتر\s*بخوانید|بخوانید|مطلب\s*مرتبط|خبر\s*مرتبط)\s*[:：]",
)
# Headings that start the "related posts" footer; compared squashed.
_FOOTER_HEADINGS = frozenset(
    {"نوشتههایمشابه", "مطالبمشابه", "مطالبمرتبط", "اخبارمرتبط", "خبرهایمرتبط", "اخبارمشابه"}
)


def squash(text: str) -> str:
    """Fold spacing, ZWNJ and Arabic letter variants, for comparing lines.

    >>> squash("نوشته‌های  مشابه:") == squash("نوشتههاي مشابه")
    True
    """
    for arabic, persian in _ARABIC_TO_PERSIAN:  # str.replace: far faster than translate here
        text = text.replace(arabic, persian)
    return re.sub(r"[\s\u200c\u200f\u200e:：.…]+", "", text)


def clean_text(text: str) -> tuple[str, list[str]]:
    """Remove transport debris from decoded text.

    NUL and other control characters, CR/CRLF line ends, HTML comments,
    ``<script>``/``<style>`` blocks, tags and entities. Entities are decoded
    once, after tags are removed, so an escaped ``&lt;script&gt;`` stays
    literal (inert) text. Lines are trimmed and blank-line runs collapsed.

    Args:
        text: decoded text.

    Returns:
        ``(cleaned_text, warnings)``.

    >>> clean_text("a\\x00b\\r\\nc")
    ('ab\\nc', ['removed 1 NUL/control character(s)'])
    >>> clean_text("x <script>alert(1)</script> &lt;script&gt;")
    ('x  <script>', ['removed HTML <script>/<style> block(s)', 'removed HTML tags/entities'])
    """
    warnings: list[str] = []
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text, n_controls = _CONTROLS.subn("", text)
    if n_controls:
        warnings.append(f"removed {n_controls} NUL/control character(s)")
    if _HTML_HINT.search(text):
        text, n_blocks = _HTML_CODE_BLOCK.subn("", text)
        if n_blocks:
            warnings.append("removed HTML <script>/<style> block(s)")
        before = text
        text = _HTML_COMMENT.sub("", text)
        text = _HTML_BREAK.sub("\n", text)
        text = _HTML_TAG.sub("", text)
        text = html.unescape(text)
        # unescape can produce controls again (&#0;), and those are debris too.
        text = _CONTROLS.sub("", text)
        if text != before:
            warnings.append("removed HTML tags/entities")
    lines = [line.strip() for line in text.split("\n")]
    text = _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip()
    return text, warnings


def strip_boilerplate(lines: list[str], title: str | None = None) -> tuple[list[str], list[str]]:
    """Drop scraping boilerplate from article lines.

    Removes a first line that repeats ``title``, "READ …" link lines, and the
    "related posts" footer with everything after it. Bullet lines stay.

    Returns:
        ``(kept_lines, removed)`` where ``removed`` describes each removal.

    >>> strip_boilerplate(["متن", "READ\\xa0 تیتر دیگر", "• بند"])
    (['متن', '• بند'], ['READ line: READ\\xa0 تیتر دیگر'])
    """
    removed: list[str] = []
    kept: list[str] = []
    seen_content = False  # a repeated title can only be the first content line
    for index, line in enumerate(lines):
        if not line:
            kept.append(line)
            continue
        if title is not None and not seen_content and squash(line) == squash(title):
            removed.append(f"repeated title: {line}")
            continue
        if _READ_LINE.match(line):
            removed.append(f"READ line: {line}")
            continue
        if len(line) <= _FOOTER_MAX_CHARS and squash(line) in _FOOTER_HEADINGS:
            tail = [x for x in lines[index:] if x]
            removed.append(f"footer: {line} … ({len(tail)} lines)")
            break
        seen_content = True
        kept.append(line)
    while kept and not kept[-1]:
        kept.pop()
    while kept and not kept[0]:
        kept.pop(0)
    return kept, removed


@dataclass
class Article:
    """A text file split into its parts (original characters)."""

    title: str
    body: str
    header_date: str | None = None
    source: str | None = None
    boilerplate: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def parse_article(text: str) -> Article:
    """Split a cleaned text file into header, title and body.

    The optional first line ``date YYYY-MM-DD SOURCE`` gives the date (kept as
    the raw string: it is parsed before normalization, elsewhere) and source.
    The title is the first non-empty line after it.

    >>> a = parse_article("تیتر خبر\\n\\nمتن")
    >>> (a.title, a.body, a.header_date)
    ('تیتر خبر', 'متن', None)
    """
    lines = text.split("\n")
    header_date = source = None
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None:
        match = _HEADER.match(lines[first])
        if match:
            header_date, source = match.group(1), (match.group(2) or None)
            lines = lines[first + 1 :]
    while lines and not lines[0].strip():
        lines.pop(0)
    title = lines[0].strip() if lines else ""
    kept, removed = strip_boilerplate(lines[1:], title=title)
    return Article(
        title=title,
        body="\n".join(kept),
        header_date=header_date,
        source=source,
        boilerplate=removed,
    )
