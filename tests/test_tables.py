"""CSV, JSON Lines and Parquet corpora: one document per row."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from helpers import load_corpus

ROWS = [
    {"id": "irna-1", "title": "همکاری اقتصادی", "date": "2025-12-10", "source": "ایرنا", "text": "ایران و ترکمنستان همکاری‌ها را گسترش می‌دهند."},
    {"id": "isna-2", "title": "ترانزیت", "date": "۱۴۰۴/۰۹/۲۰", "source": "ایسنا", "text": "ترانزيت كالا از مرز سرخس افزايش يافت."},
    {"id": "mehr-3", "title": "بدون تاریخ", "date": "", "source": "مهر", "text": "در ۲۲ آذر ۱۴۰۴ نشست برگزار شد."},
]


def _check_rows(corpus, paths):
    docs = corpus.documents
    assert list(docs["doc_id"]) == ["irna-1", "isna-2", "mehr-3"]
    assert list(docs["path"]) == paths
    assert list(docs["source"]) == ["ایرنا", "ایسنا", "مهر"]
    assert list(docs["date"]) == [pd.Timestamp("2025-12-10"), pd.Timestamp("2025-12-11"), pd.Timestamp("2025-12-13")]
    assert list(docs["date_origin"]) == ["header", "header", "text"]
    assert list(docs["date_jalali"]) == ["1404-09-19", "1404-09-20", "1404-09-22"]
    assert docs["text"].iloc[1] == "ترانزیت\n\nترانزیت کالا از مرز سرخس افزایش یافت."
    assert corpus.skipped.empty


def test_csv(make_corpus):
    root = make_corpus({"news.csv": pd.DataFrame(ROWS).to_csv(index=False)})
    _check_rows(load_corpus(root / "news.csv", cache=False), ["news.csv:2", "news.csv:3", "news.csv:4"])


def test_csv_in_windows_1256_with_capitalized_columns(make_corpus):
    frame = pd.DataFrame(ROWS).rename(columns=str.capitalize)
    data = frame.to_csv(index=False).replace("ی", "ي").replace("ک", "ك").encode("cp1256", errors="replace")
    corpus = load_corpus(make_corpus({"old.csv": data}), cache=False)
    assert len(corpus.documents) == 3
    assert all("decoded as Windows-1256 (not UTF-8)" in w for w in corpus.documents["warnings"])


def test_jsonl_with_a_malformed_line(make_corpus):
    lines = [json.dumps(r, ensure_ascii=False) for r in ROWS]
    lines.insert(1, '{"id": "broken", "text": ')
    lines.insert(3, '["not", "an", "object"]')
    lines.insert(4, "")
    corpus = load_corpus(make_corpus({"news.jsonl": "\n".join(lines)}), cache=False)
    assert list(corpus.documents["doc_id"]) == ["irna-1", "isna-2", "mehr-3"]
    assert list(corpus.documents["path"]) == ["news.jsonl:1", "news.jsonl:3", "news.jsonl:6"]
    assert corpus.skipped.to_dict("records") == [
        {"path": "news.jsonl:2", "reason": "malformed JSON line: Expecting value (column 26)"},
        {"path": "news.jsonl:4", "reason": "JSON line is a list, not an object"},
    ]


def test_parquet(make_corpus, tmp_path):
    path = tmp_path / "news.parquet"
    pd.DataFrame(ROWS).to_parquet(path, index=False)
    _check_rows(load_corpus(path, cache=False), ["news.parquet:1", "news.parquet:2", "news.parquet:3"])


def test_rows_without_id_get_file_and_row(make_corpus):
    frame = pd.DataFrame([{"text": "متن یک"}, {"text": ""}, {"text": "متن سه"}])
    corpus = load_corpus(make_corpus({"sub/n.csv": frame.to_csv(index=False)}), cache=False)
    assert list(corpus.documents["doc_id"]) == ["sub/n:2", "sub/n:4"]
    assert corpus.skipped.to_dict("records") == [{"path": "sub/n.csv:3", "reason": "empty 'text' value"}]
    assert list(corpus.documents["title"]) == ["", ""]


@pytest.mark.parametrize(
    ("name", "content", "where", "reason"),
    [
        (
            "no-text.csv", "id,title,notes\n1,تیتر,متن\n", "",
            "no text column (columns: id, title, notes); name one with columns={'text': 'NAME'} or --text-column NAME",
        ),
        ("header-only.csv", "id,text\n", "", "table has no rows"),
        ("empty.csv", "", "", "empty file (0 bytes)"),
        ("broken.parquet", b"PAR1 not really", "", "unreadable Parquet file"),
        ("bad-quote.csv", 'id,text\n1,"متن\n', ":2", "unreadable CSV from row 2 on: a quote opened there is never closed"),
    ],
)  # fmt: skip
def test_unusable_tables(make_corpus, name, content, where, reason):
    corpus = load_corpus(make_corpus({name: content}), cache=False)
    assert corpus.documents.empty
    assert len(corpus.skipped) == 1 and corpus.skipped["path"].iloc[0] == name + where
    assert reason in corpus.skipped["reason"].iloc[0]


def test_duplicate_ids_are_skipped_not_lost(make_corpus):
    frame = pd.DataFrame([{"id": "x", "text": "اول"}, {"id": "x", "text": "دوم"}])
    corpus = load_corpus(make_corpus({"d.csv": frame.to_csv(index=False)}), cache=False)
    assert list(corpus.documents["body"]) == ["اول"]
    assert corpus.skipped.to_dict("records") == [
        {"path": "d.csv:3", "reason": "duplicate doc_id 'x' (first loaded from d.csv:2)"}
    ]


def test_invalid_date_column_keeps_row(make_corpus):
    frame = pd.DataFrame([{"text": "متن", "date": "2025-13-45"}])
    doc = load_corpus(make_corpus({"d.csv": frame.to_csv(index=False)}), cache=False).documents.iloc[0]
    assert pd.isna(doc.date) and doc.warnings == ["invalid column date '2025-13-45': date left unknown"]


def test_mixed_folder(make_corpus):
    root = make_corpus({"a.txt": "تیتر\nمتن", "b.csv": pd.DataFrame([{"text": "متن"}]).to_csv(index=False)})
    corpus = load_corpus(root, cache=False)
    assert list(corpus.documents["doc_id"]) == ["a", "b:2"]
