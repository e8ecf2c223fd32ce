"""Decoding and cleaning, file by file."""

from __future__ import annotations

import codecs
import random

import pytest
from conftest import SEED_004

from helpers.corpus.cleaning import clean_text, parse_article
from helpers.corpus.encoding import NotTextError, decode_bytes

PERSIAN = "رئیس‌جمهور ایران از گسترش همکاری‌های اقتصادی با ترکمنستان استقبال کرد."
# Windows-1256 has Arabic ي/ك only: old sites wrote Persian with them.
PERSIAN_ARABIC_LETTERS = PERSIAN.replace("ی", "ي").replace("ک", "ك").replace("\u200c", " ")


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        (PERSIAN.encode("utf-8"), PERSIAN, "utf-8"),
        (codecs.BOM_UTF8 + PERSIAN.encode("utf-8"), PERSIAN, "utf-8-sig"),
        (PERSIAN.encode("utf-16"), PERSIAN, "utf-16"),
        (codecs.BOM_UTF16_BE + PERSIAN.encode("utf-16-be"), PERSIAN, "utf-16"),
        (PERSIAN_ARABIC_LETTERS.encode("cp1256"), PERSIAN_ARABIC_LETTERS, "cp1256"),
        (b"plain ASCII news", "plain ASCII news", "utf-8"),
    ],
)
def test_decode(data, text, encoding):
    assert decode_bytes(data)[:3] == (text, encoding, 0)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG image"),
        (b"%PDF-1.7\n" + bytes(50), "PDF document"),
        (b"PK\x03\x04" + bytes(50), "ZIP archive"),
        (bytes(range(256)) * 8, "binary file"),
        (random.Random(1).randbytes(4000), "binary file"),
        # high bytes only: decodes as Windows-1256 but is not prose
        (bytes(random.Random(2).randrange(0x80, 0x100) for _ in range(3000)), "not text"),
        (codecs.BOM_UTF8 + b"\xff\xfe\xfa", "not valid UTF-8"),
    ],
)
def test_not_text(data, reason):
    with pytest.raises(NotTextError, match=reason):
        decode_bytes(data)


@pytest.mark.parametrize(
    ("raw", "cleaned", "warning"),
    [
        ("خط یک\r\nخط دو\rخط سه", "خط یک\nخط دو\nخط سه", None),
        ("متن\x00 با\x00 نال", "متن با نال", "removed 2 NUL/control character(s)"),
        ("<p>پاراگراف&nbsp;اول</p><p>دوم</p>", "پاراگراف\xa0اول\nدوم", "removed HTML tags/entities"),
        ("خبر<br/>ادامه &amp; پایان", "خبر\nادامه & پایان", "removed HTML tags/entities"),
        ("متن <script>alert('x')</script> خبر", "متن  خبر", "removed HTML <script>/<style> block(s)"),
        # an escaped tag is the article's own text: kept literally, inert
        ("درباره &lt;script&gt; بنویسید", "درباره <script> بنویسید", "removed HTML tags/entities"),
        ("<!-- nav --><div class='x'>متن</div>", "متن", "removed HTML tags/entities"),
        ("قیمت < ۵ و > ۲ است", "قیمت < ۵ و > ۲ است", None),  # not tags
        ("\n\n\nالف\n\n\n\nب\n\n", "الف\n\nب", None),
    ],
)
def test_clean_text(raw, cleaned, warning):
    text, warnings = clean_text(raw)
    assert text == cleaned
    if warning is None:
        assert warnings == []
    else:
        assert warning in warnings


@pytest.mark.parametrize(
    ("raw", "title", "body", "removed"),
    [
        ("تیتر\nتیتر\nمتن", "تیتر", "متن", ["repeated title: تیتر"]),
        # the repeat may differ only in ZWNJ, spacing or Arabic letters
        ("همکاری‌ها\nهمكاريها\nمتن", "همکاری‌ها", "متن", ["repeated title: همكاريها"]),
        ("تیتر\nمتن\nREAD  تیتر دیگر\nادامه", "تیتر", "متن\nادامه", ["READ line: READ  تیتر دیگر"]),
        ("تیتر\nمتن\nبیشتر بخوانید: خبر دیگر", "تیتر", "متن", ["READ line: بیشتر بخوانید: خبر دیگر"]),
        ("تیتر\nمتن\nنوشته‌های مشابه\nالف\nب", "تیتر", "متن", ["footer: نوشته‌های مشابه … (3 lines)"]),
        ("تیتر\nمتن\nاخبار مرتبط:\nالف", "تیتر", "متن", ["footer: اخبار مرتبط: … (2 lines)"]),
        # not boilerplate: "READ" inside a sentence, footer words inside a sentence
        ("تیتر\nREADING متن", "تیتر", "READING متن", []),
        ("تیتر\nمتن درباره نوشته‌های مشابه دیگران", "تیتر", "متن درباره نوشته‌های مشابه دیگران", []),
        ("تیتر\n  • بند اول", "تیتر", "  • بند اول", []),
    ],
)
def test_parse_article_boilerplate(raw, title, body, removed):
    article = parse_article(raw)
    assert (article.title, article.body.strip(), article.boilerplate) == (title, body.strip(), removed)


@pytest.mark.parametrize(
    ("first_line", "date", "source"),
    [
        (" date 2025-12-10 خبرگزاری کار ایران", "2025-12-10", "خبرگزاری کار ایران"),
        ("date 2025-12-10", "2025-12-10", None),
        ("DATE 1404-09-19 ایرنا", "1404-09-19", "ایرنا"),
        ("date ۱۴۰۴/۰۹/۱۹ ایسنا", "۱۴۰۴/۰۹/۱۹", "ایسنا"),
        ("date 2025-13-45 ایلنا", "2025-13-45", "ایلنا"),
    ],
)
def test_header_line(first_line, date, source):
    article = parse_article(f"{first_line}\nتیتر\nمتن")
    assert (article.header_date, article.source, article.title) == (date, source, "تیتر")


def test_header_is_only_the_first_line():
    article = parse_article("تیتر\ndate 2025-12-10 منبع\nمتن")
    assert article.header_date is None and "date 2025-12-10" in article.body


def test_seed_004_footer_without_newline():
    article = parse_article(clean_text(SEED_004.read_text(encoding="utf-8"))[0])
    assert article.boilerplate[-1] == "footer: نوشتههای مشابه … (1 lines)"
