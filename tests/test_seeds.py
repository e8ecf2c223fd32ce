"""The two seed articles parse exactly: titles, dates, source, boilerplate."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import SEED_000, SEED_004, SEEDS

from helpers import load_corpus


@pytest.fixture(scope="module")
def seeds():
    return load_corpus(SEEDS, cache=False)


def _doc(corpus, doc_id):
    rows = corpus.documents[corpus.documents["doc_id"] == doc_id]
    assert len(rows) == 1
    return rows.iloc[0]


def _content_lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def test_every_seed_is_loaded(seeds):
    assert list(seeds.documents["doc_id"]) == ["000_871be342d87c0a10", "004_70c488eabe7cc5d7"]
    assert list(seeds.documents["path"]) == ["000_871be342d87c0a10.txt", "004_70c488eabe7cc5d7.txt"]
    assert seeds.skipped.empty


def test_seed_000_header_title_and_date(seeds):
    doc = _doc(seeds, "000_871be342d87c0a10")
    assert doc.title == "پزشکیان در تشریح برنامهها و اهداف سفر به قزاقستان و ترکمنستان:"
    assert doc.source == "خبرگزاری کار ایران"
    assert doc.date == pd.Timestamp("2025-12-10")
    assert doc.date_origin == "header"
    assert doc.date_jalali == "1404-09-19"
    assert doc.warnings == []  # header and «19 آذر 1404» in the text agree
    assert doc.boilerplate == []
    assert doc.body.split("\n")[0] == "کشورهای مسلمان منطقه باید در تمام جنبهها با یکدیگر تعامل سازنده داشته باشند"
    assert doc.body.endswith("در قالب سازمانها و اتحادیههای منطقهای مثل شانگهای، بریکس، اوراسیا و اکو نیز همکاریهای خود را با هم گسترش دهیم.")


def test_seed_000_loses_nothing_but_the_header():
    corpus = load_corpus(SEED_000, cache=False)
    doc = corpus.documents.iloc[0]
    original = _content_lines(SEED_000.read_text(encoding="utf-8"))
    assert original[0].startswith("date 2025-12-10")
    assert [doc.title, *_content_lines(doc.body)] == original[1:]


def test_seed_000_date_is_found_in_the_text_without_header(make_corpus):
    lines = SEED_000.read_text(encoding="utf-8").split("\n")
    root = make_corpus({"no_header.txt": "\n".join(lines[1:])})
    doc = load_corpus(root, cache=False).documents.iloc[0]
    assert (doc.date, doc.date_origin, doc.date_jalali) == (pd.Timestamp("2025-12-10"), "text", "1404-09-19")
    assert pd.isna(doc.source)


def test_seed_004_title_and_three_boilerplate_removals(seeds):
    doc = _doc(seeds, "004_70c488eabe7cc5d7")
    title = "پزشکیان: ایران حامی گسترش همکاریها میان کشورهای حاشیه دریای خزر"
    assert doc.title == title
    assert doc.boilerplate == [
        f"repeated title: {title}",
        "READ line: READ\xa0 رئیس قوه قضائیه: ترس آمریکا از حمایت ایرانیان از انقلاب اسلامی",
        "footer: نوشتههای مشابه … (1 lines)",
    ]
    assert (pd.isna(doc.date), doc.date_origin, pd.isna(doc.source)) == (True, "none", True)
    assert "READ" not in doc.body and "نوشتههای مشابه" not in doc.body
    assert doc.body.startswith("رئیسجمهور ایران، مسعود پزشکیان، اعلام کرد")
    assert doc.body.endswith("به نفع مردم هر دو کشور باشد و به توسعه پایدار منطقه کمک کند.")


def test_seed_004_keeps_bullets_and_loses_nothing_else(seeds):
    doc = _doc(seeds, "004_70c488eabe7cc5d7")
    original = _content_lines(SEED_004.read_text(encoding="utf-8"))
    removed = {original[1], next(x for x in original if x.startswith("READ")), "نوشتههای مشابه"}
    assert original[0] == original[1]
    expected = [original[0]] + [x for x in original[1:] if x not in removed]
    assert [doc.title, *_content_lines(doc.body)] == expected
    bullets = [x for x in _content_lines(doc.body) if x.startswith("•")]
    assert len(bullets) == 3


def test_normalized_text_restores_zwnj_and_keeps_original_body(seeds):
    doc = _doc(seeds, "004_70c488eabe7cc5d7")
    assert "رئیسجمهور" in doc.body  # original characters stay in body
    assert "رئیس\u200cجمهور" in doc.text and "رئیسجمهور" not in doc.text
    assert "همکاری\u200cها" in doc.text and "همکاریها" not in doc.text
    assert doc.text.startswith(doc.title.replace("همکاریها", "همکاری\u200cها"))


def test_counts_and_sentences_are_consistent(seeds):
    docs, sentences = seeds.documents, seeds.sentences
    assert (docs["n_chars"] == docs["text"].str.len()).all()
    per_doc = sentences.groupby("doc_id").size()
    assert per_doc.to_dict() == dict(zip(docs["doc_id"], docs["n_sentences"], strict=True))
    texts = docs.set_index("doc_id")["text"]
    for row in sentences.itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.text
    assert (docs["n_tokens"] > 400).all()
    first = sentences[sentences["doc_id"] == "004_70c488eabe7cc5d7"].iloc[0]
    assert first.sent_id == 0 and first.text.startswith("پزشکیان: ایران حامی")
