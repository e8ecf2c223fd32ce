"""Every bad input is loaded with a warning or skipped with a reason."""

from __future__ import annotations

import codecs
import random

import pandas as pd
import pytest
from conftest import SEED_000

from helpers import CorpusError, load_corpus

ARTICLE = "تیتر خبر همکاری‌ها\n\nرئیس‌جمهور ایران از گسترش همکاری‌های اقتصادی با ترکمنستان استقبال کرد."
CP1256_ARTICLE = ARTICLE.replace("ی", "ي").replace("ک", "ك").replace("\u200c", " ")


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file (0 bytes)"),
        ("blank.txt", " \n\t\r\n\u00a0\n".encode(), "only whitespace"),
        ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(200), "binary file (PNG image), not text"),
        ("random.txt", random.Random(7).randbytes(5000), "binary file"),
        ("high-bytes.txt", bytes(random.Random(3).randrange(0x80, 0x100) for _ in range(3000)), "not text"),
        (
            "only-boilerplate.txt",
            "تیتر\nتیتر\nREAD\u00a0 خبر دیگر\nنوشته‌های مشابه\nلینک",
            "no article text left after removing boilerplate",
        ),
        ("tags-only.txt", "<html><body><div></div></body></html>", "no text left after removing control characters and HTML"),
        ("notes.docx", b"PK\x03\x04" + bytes(20), "unsupported file type ('.docx'"),
        ("README", "متن", "unsupported file type (no extension"),
    ],
)
def test_skipped_with_reason(make_corpus, name, content, reason):
    root = make_corpus({name: content, "good.txt": ARTICLE})
    corpus = load_corpus(root, cache=False)
    assert list(corpus.documents["doc_id"]) == ["good"]
    assert corpus.skipped.to_dict("records") == [{"path": name, "reason": corpus.skipped["reason"].iloc[0]}]
    assert reason in corpus.skipped["reason"].iloc[0]
    assert "\n" not in corpus.skipped["reason"].iloc[0]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (ARTICLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + ARTICLE.encode("utf-8"), "utf-8-sig"),
        (ARTICLE.encode("utf-16"), "utf-16"),
        (ARTICLE.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
    ],
)
def test_encodings_load_the_same_text(make_corpus, data, encoding):
    doc = load_corpus(make_corpus({"a.txt": data}), cache=False).documents.iloc[0]
    assert doc.encoding == encoding
    assert doc.title == "تیتر خبر همکاری‌ها"
    assert "\r" not in doc.body and "\ufeff" not in doc.body
    assert doc.warnings == []


def test_windows_1256_is_decoded_normalized_and_flagged(make_corpus):
    doc = load_corpus(make_corpus({"old.txt": CP1256_ARTICLE.encode("cp1256")}), cache=False).documents.iloc[0]
    assert doc.encoding == "cp1256"
    assert doc.warnings == ["decoded as Windows-1256 (not UTF-8)"]
    assert "ي" in doc.body and "ك" in doc.body  # body keeps the original letters
    assert "ي" not in doc.text and "ك" not in doc.text
    assert "رئیس‌جمهور" in doc.text and "همکاری‌های" in doc.text


def test_invalid_header_date_keeps_document(make_corpus):
    root = make_corpus({"bad-date.txt": "date 2025-13-45 ایلنا\nتیتر\nمتن خبر"})
    corpus = load_corpus(root, cache=False)
    doc = corpus.documents.iloc[0]
    assert corpus.skipped.empty
    assert pd.isna(doc.date) and doc.date_origin == "none" and pd.isna(doc.date_jalali)
    assert doc.source == "ایلنا"
    assert doc.warnings == ["invalid header date '2025-13-45': date left unknown"]


def test_header_and_text_dates_disagree(make_corpus):
    root = make_corpus({"a.txt": "date 2025-12-11 ایلنا\nتیتر\nامروز چهارشنبه 19 آذر 1404 گفت"})
    doc = load_corpus(root, cache=False).documents.iloc[0]
    assert doc.date == pd.Timestamp("2025-12-11") and doc.date_origin == "header"
    assert doc.warnings == [
        "header date 2025-12-11 disagrees with the date in the text «19 آذر 1404» (2025-12-10); kept the header date"
    ]


_OTHER_EVENT = (
    "گسترش تجارت ایران و روسیه\n\nبه گزارش خبرنگار اقتصادی، حجم مبادلات تجاری افزایش یافت. "
    "موافقت‌نامه تجارت آزاد با اتحادیه اقتصادی اوراسیا از ۲۵ اردیبهشت ۱۴۰۴ اجرایی شده است."
)


def test_a_date_of_another_event_is_not_the_documents_date(make_corpus):
    """field-corpus txt/a01: the date an agreement took effect is not when the news appeared."""
    root = make_corpus({"a01.txt": _OTHER_EVENT, "a01.csv": "date,text\n2025-11-03," + _OTHER_EVENT.replace("\n", " ") + "\n"})
    docs = load_corpus(root, cache=False).documents.set_index("path")  # a table row's path is «file:row»
    assert pd.isna(docs.loc["a01.txt", "date"]) and docs.loc["a01.txt", "date_origin"] == "none"
    assert docs.loc["a01.csv:2", "date"] == pd.Timestamp("2025-11-03")
    assert not any("disagrees" in w for w in docs.loc["a01.csv:2", "warnings"])


def test_nul_bytes_and_html_are_cleaned(make_corpus):
    raw = "تیتر\x00 خبر\r\n<p>متن &amp; <b>ادامه</b></p>\r\n<script>alert('x')</script>\r\nپایان &lt;script&gt;"
    doc = load_corpus(make_corpus({"a.txt": raw}), cache=False).documents.iloc[0]
    assert doc.title == "تیتر خبر"
    assert doc.body == "متن & ادامه\n\nپایان <script>"
    assert "alert" not in doc.body
    assert doc.warnings == [
        "removed 1 NUL/control character(s)",
        "removed HTML <script>/<style> block(s)",
        "removed HTML tags/entities",
    ]


def test_nested_folders_and_hidden_files(make_corpus):
    root = make_corpus(
        {"2025/12/a.txt": ARTICLE, "2025/b.txt": ARTICLE, ".git/config": "x", "2025/.DS_Store": b"\x00\x01"}
    )
    corpus = load_corpus(root, cache=False)
    assert list(corpus.documents["doc_id"]) == ["2025/12/a", "2025/b"]
    assert list(corpus.documents["path"]) == ["2025/12/a.txt", "2025/b.txt"]
    assert corpus.skipped.empty


def test_single_file_input():
    corpus = load_corpus(SEED_000, cache=False)
    assert list(corpus.documents["doc_id"]) == ["000_871be342d87c0a10"]


def test_missing_path_is_a_clear_error(tmp_path):
    with pytest.raises(CorpusError, match="no such file or folder"):
        load_corpus(tmp_path / "nope")


def test_strict_lists_every_skipped_input(make_corpus):
    root = make_corpus({"a.txt": ARTICLE, "empty.txt": b"", "bin.txt": b"%PDF-1.4" + bytes(10)})
    with pytest.raises(CorpusError) as info:
        load_corpus(root, strict=True, cache=False)
    message = str(info.value)
    assert message.startswith("2 input(s) could not be loaded:")
    assert "bin.txt (binary file (PDF document), not text)" in message
    assert "empty.txt (empty file (0 bytes))" in message


def test_folder_links_are_followed_once(make_corpus, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "linked.txt").write_text(ARTICLE, encoding="utf-8")
    root = make_corpus({"a.txt": ARTICLE})
    (root / "more").symlink_to(outside, target_is_directory=True)
    (root / "loop").symlink_to(root, target_is_directory=True)
    (root / "gone.txt").symlink_to(tmp_path / "missing.txt")
    corpus = load_corpus(root, cache=False)
    assert list(corpus.documents["doc_id"]) == ["a", "more/linked"]
    assert sorted(corpus.skipped.itertuples(index=False, name=None)) == [
        ("gone.txt", "cannot read file: No such file or directory"),
        ("loop/", "folder link to a folder already read; not followed"),
    ]
