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

__all__ = ["Article", "clean_text", "is_headline", "parse_article", "squash", "strip_boilerplate"]

_ZWNJ = "\u200c"
_ARABIC_TO_PERSIAN = (("ي", "ی"), ("ك", "ک"), ("ى", "ی"), ("ة", "ه"))
# Longest footer heading, squashed; longer lines cannot be one.
_FOOTER_MAX_CHARS = 40

_HTML_HINT = re.compile(r"<[A-Za-z!/]|&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+);")
# Opening <script>/<style> tags; each block is then closed with str.find, so an
# unclosed tag costs one scan to the end, not one per tag (no quadratic regex).
_CODE_OPEN = re.compile(r"<(script|style)\b[^<>]*>", re.I)
_HTML_BREAK = re.compile(r"<(?:br|/p|/div|/li|/h[1-6]|/tr|/blockquote)\b[^<>]*>", re.I)
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>")
# C0/C1 controls other than tab and newline, stray BOMs, and NUL.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff]")
_BLANK_RUN = re.compile(r"\n{3,}")

_HEADER = re.compile(
    # the date is one token (2025-12-10, 1404/09/19, 10/12/2025, 2025-12-10T08:30+03:30), parsed later
    r"^\s*date\s+([0-9۰-۹٠-٩]{1,4}[-/.][0-9۰-۹٠-٩]{1,2}[-/.][0-9۰-۹٠-٩]{1,4}(?:[T ][0-9۰-۹٠-٩:.+\-Z]+)?)(?:\s+(.*))?$",
    re.I,
)
# A scraped "read also" link: the marker then an unrelated headline.
_READ_LINE = re.compile(
    r"^(?:READ(?:\s+MORE)?|Read more|Also read|Related)(?:\s|:|$)"
    r"|^(?:بیشتر\s*بخوانید|بخوانید|مطلب\s*مرتبط|خبر\s*مرتبط)\s*[:：]",
)
# A headline: at most this long, and not ending like a sentence.
_HEADLINE_MAX_CHARS = 200
_HEADLINE_MAX_WORDS = 30
_SENTENCE_END = re.compile(r"[.!?؟…]+[\s»\"'”’)\]]*$")
_SENTENCE_MARK = re.compile(r"[.!?؟](?:\s|$)")
# A line of related-news links: short and not prose.
_LINK_LINE_MAX_CHARS = 150
_LINK_LINE_SENTENCE_MAX_CHARS = 80
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
        text, n_blocks = _drop_code_blocks(text)
        if n_blocks:
            warnings.append("removed HTML <script>/<style> block(s)")
        before = text
        text = _drop_comments(text)
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


def _drop_code_blocks(text: str) -> tuple[str, int]:
    """Remove ``<script>``/``<style>`` blocks in one left-to-right pass.

    An unclosed block runs to the end of the text, as in a browser.

    >>> _drop_code_blocks("a<script>x</script>b<style>y")
    ('ab', 2)
    """
    parts: list[str] = []
    position = blocks = 0
    lowered: str | None = None
    while (match := _CODE_OPEN.search(text, position)) is not None:
        parts.append(text[position : match.start()])
        blocks += 1
        if lowered is None:
            lowered = text.lower()
        close = lowered.find(f"</{match.group(1).lower()}", match.end())
        if close < 0:
            return "".join(parts), blocks
        end = lowered.find(">", close)
        position = len(text) if end < 0 else end + 1
    parts.append(text[position:])
    return "".join(parts), blocks


def _drop_comments(text: str) -> str:
    """Remove ``<!-- … -->`` comments in one pass (an unclosed one runs to the end).

    >>> _drop_comments("a<!-- x -->b<!-- y")
    'ab'
    """
    parts: list[str] = []
    position = 0
    while (start := text.find("<!--", position)) >= 0:
        parts.append(text[position:start])
        end = text.find("-->", start + 4)
        if end < 0:
            return "".join(parts)
        position = end + 3
    parts.append(text[position:])
    return "".join(parts)


def is_headline(line: str) -> bool:
    """Whether a first line reads as a headline: short, one phrase, not ending
    like a sentence (a colon or a quote may end it).

    >>> is_headline("پزشکیان در تشریح برنامه‌ها و اهداف سفر به قزاقستان:")
    True
    >>> is_headline("وزیر امور خارجه در نشست وزیران خارجه گروه بریکس شرکت کرد.")
    False
    """
    line = line.strip()
    if not line or len(line) > _HEADLINE_MAX_CHARS or len(line.split()) > _HEADLINE_MAX_WORDS:
        return False
    return not _SENTENCE_END.search(line) and not _SENTENCE_MARK.search(line)


def _is_link_line(line: str) -> bool:
    """A line a related-news block is made of: a short headline, not prose."""
    line = line.strip()
    if len(line) > _LINK_LINE_MAX_CHARS:
        return False
    sentence_like = _SENTENCE_END.search(line) or _SENTENCE_MARK.search(line)
    return not (sentence_like and len(line) > _LINK_LINE_SENTENCE_MAX_CHARS)


def strip_boilerplate(lines: list[str], title: str | None = None) -> tuple[list[str], list[str]]:
    """Drop scraping boilerplate from article lines.

    Removes a first line that repeats ``title``, "READ …" link lines, and a
    "related posts" block: a marker line («نوشته‌های مشابه», «اخبار مرتبط» …)
    followed only by short link lines is cut with them; a marker with article
    prose after it is dropped alone, so a related-news box above the story
    never deletes the story. Bullet lines stay.

    Returns:
        ``(kept_lines, removed)`` where ``removed`` describes each removal.

    >>> strip_boilerplate(["متن", "READ\\xa0 تیتر دیگر", "• بند"])
    (['متن', '• بند'], ['READ line: READ\\xa0 تیتر دیگر'])
    >>> strip_boilerplate(["اخبار مرتبط", "خبر کوتاه", "متن کامل خبر که جمله‌ای بلند است و با نقطه تمام می‌شود و ادامه دارد تا از هشتاد نویسه بیشتر شود."])[1]
    ['marker line: اخبار مرتبط']
    """
    removed: list[str] = []
    kept: list[str] = []
    seen_content = False  # a repeated title can only be the first content line
    # Index after which no line is prose: a marker there starts a trailing link list.
    last_prose = max((i for i, line in enumerate(lines) if line and not _is_link_line(line)), default=-1)
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
            if index > last_prose:
                tail = [x for x in lines[index:] if x]
                removed.append(f"footer: {line} … ({len(tail)} lines)")
                break
            removed.append(f"marker line: {line}")
            continue
        seen_content = True
        kept.append(line)
    while kept and not kept[-1]:
        kept.pop()
    while kept and not kept[0]:
        kept.pop(0)
    return kept, removed


@dataclass
class Article:
    """A text file split into its parts (original characters).

    ``title_origin`` is ``"line"`` when the first line read as a headline,
    ``"none"`` when the text starts with the article itself (one paragraph,
    no separate headline): then ``title`` is empty and all text is ``body``.
    """

    title: str
    body: str
    header_date: str | None = None
    source: str | None = None
    boilerplate: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    title_origin: str = "line"


def parse_article(text: str) -> Article:
    """Split a cleaned text file into header, title and body.

    The optional first line ``date YYYY-MM-DD SOURCE`` gives the date (kept as
    the raw string: it is parsed before normalization, elsewhere) and source.
    The next non-empty line is the title when it reads as a headline (short,
    not ending like a sentence) and more text follows; otherwise the article
    has no separate title and all of it is the body.

    >>> a = parse_article("تیتر خبر\\n\\nمتن")
    >>> (a.title, a.body, a.header_date, a.title_origin)
    ('تیتر خبر', 'متن', None, 'line')
    >>> a = parse_article("date 2025-12-10 ایرنا\\nوزیر نیرو گفت صادرات برق ادامه دارد.")
    >>> (a.title, a.body, a.title_origin)
    ('', 'وزیر نیرو گفت صادرات برق ادامه دارد.', 'none')
    """
    lines = text.split("\n")
    header_date = source = None
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None:
        match = _HEADER.match(lines[first])
        if match:
            header_date, source = match.group(1), ((match.group(2) or "").strip() or None)
            lines = lines[first + 1 :]
    while lines and not lines[0].strip():
        lines.pop(0)
    first_line = lines[0].strip() if lines else ""
    more_text = any(line.strip() for line in lines[1:])
    if more_text and is_headline(first_line):
        kept, removed = strip_boilerplate(lines[1:], title=first_line)
        title, origin = first_line, "line"
    else:
        kept, removed = strip_boilerplate(lines)
        title, origin = "", "none"
    return Article(
        title=title,
        body="\n".join(kept),
        header_date=header_date,
        source=source,
        boilerplate=removed,
        title_origin=origin,
    )
