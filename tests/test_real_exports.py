"""Real exports load whole: one-paragraph articles, related-news boxes, export column names, date forms.

``tests/data/field-corpus`` is the shared field corpus (see its README): the
shapes analysts bring. Every document loads, with its date where it has one.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from helpers import CorpusError, load_corpus
from helpers.cli import main
from helpers.corpus.cleaning import is_headline, parse_article
from helpers.corpus.columns import plan_columns

FIELD = Path(__file__).parent / "data" / "field-corpus"
BODY = "به گزارش خبرنگار اقتصادی، حجم مبادلات تجاری ایران و روسیه در هفت ماه نخست امسال افزایش یافت."

# ---------------------------------------------------------------- field corpus
FIELD_DATES = {
    # dates/dates.csv: one row per date form
    "d0": "2025-11-03", "d1": "2025-11-10", "d2": "2025-11-03 09:00", "d3": "2025-11-03 09:00",
    "d4": "2025-11-03 09:00", "d5": "2025-11-03", "d6": "2025-11-03",
    # exports under their usual column names
    "cc01": "2025-11-03", "xl01": "2025-11-03", "sc01": "2025-11-03", "csv01": "2025-11-03",
    "js01": "2025-11-03 09:00", "pq01": "2025-11-03", "csv05": "2025-09-01", "js10": "2025-12-08 09:00",
    # text files: a Jalali date in the article
    "txt/december/a10": "2025-12-08",
}  # fmt: skip


@pytest.fixture(scope="module")
def field():
    return load_corpus(FIELD, cache=False)


def test_every_field_document_loads(field):
    assert field.skipped.to_dict("records") == [
        {"path": "README.md", "reason": field.skipped["reason"].iloc[0]}
    ]  # the README is documentation, the only input not loaded
    assert len(field.documents) == 54
    tables = field.documents[field.documents["path"].str.contains(":")]
    assert tables["date"].notna().all(), "every table row has its date"
    assert tables["body"].str.len().min() > 100


@pytest.mark.parametrize(("doc_id", "date"), FIELD_DATES.items())
def test_field_dates(field, doc_id, date):
    doc = field.documents.set_index("doc_id").loc[doc_id]
    assert doc.date == pd.Timestamp(date)


def test_the_ambiguous_field_date_is_read_day_first_with_a_warning(field):
    doc = field.documents.set_index("doc_id").loc["d5"]
    assert any("ambiguous date '03/11/2025': read day first as 2025-11-03, not 2025-03-11 (no date in its column tells; dayfirst=False or --monthfirst reads month first)" in w for w in doc.warnings)


@pytest.mark.parametrize(
    ("doc_id", "title_origin"),
    [("txt/a01", "line"), ("txt/a06", "none"), ("txt/a07", "none"), ("txt/december/a08", "none"), ("txt/december/a09", "line")],
)
def test_field_one_paragraph_articles_have_no_title_and_keep_all_their_text(field, doc_id, title_origin):
    doc = field.documents.set_index("doc_id").loc[doc_id]
    assert doc.title_origin == title_origin
    original = (FIELD / f"{doc_id}.txt").read_text(encoding="utf-8").strip()
    if title_origin == "none":
        assert doc.title == "" and doc.body == original
    else:
        assert original.startswith(doc.title) and doc.body == original[len(doc.title) :].strip()


def test_exports_take_source_from_the_url_when_they_have_no_source_column(field):
    doc = field.documents.set_index("doc_id").loc["csv01"]
    assert doc.url == "https://example.ir/news/a01" and doc.source == "example.ir"


# --------------------------------------------------------------- headlines
@pytest.mark.parametrize(
    ("line", "headline"),
    [
        ("گسترش تجارت ایران و روسیه در چارچوب اتحادیه اقتصادی اوراسیا", True),
        ("پزشکیان: ایران حامی گسترش همکاریها میان کشورهای حاشیه دریای خزر", True),
        ("کاهش تراز آب دریای خزر؛ زنگ خطر برای محیط زیست", True),
        ("«ترانزیت» از مسیر ایران دو برابر شد", True),
        ("معاون وزیر: صادرات گاز به عراق از سر گرفته می‌شود", True),
        ("وزیر امور خارجه در نشست وزیران خارجه گروه بریکس در ریودوژانیرو شرکت کرد.", False),
        ("آیا کریدور شمال-جنوب تا پایان سال تکمیل می‌شود؟", False),
        ("به گزارش ایرنا، صادرات برق به عراق ادامه دارد. او افزود همکاری ادامه دارد", False),
        ("مدیرعامل توانیر گفت صادرات برق " + "و انرژی های تجدیدپذیر " * 12, False),  # too long for a headline
    ],
)
def test_is_headline(line, headline):
    assert is_headline(line) is headline


@pytest.mark.parametrize(
    ("raw", "title", "body"),
    [
        pytest.param(BODY, "", BODY, id="one paragraph"),
        pytest.param("date 2025-11-03 ایرنا\n" + BODY, "", BODY, id="header and one paragraph"),
        pytest.param("date 03/11/2025 ایرنا\n" + BODY, "", BODY, id="day-first header and one paragraph"),
        pytest.param("date 2025-11-03T09:00:00+03:30 ایرنا\n" + BODY, "", BODY, id="header with time and zone"),
        pytest.param("تیتر خبر\n" + BODY, "تیتر خبر", BODY, id="headline and a single newline"),
        pytest.param("تیتر خبر\n\n" + BODY, "تیتر خبر", BODY, id="headline and a blank line"),
        pytest.param(BODY + "\n\n" + BODY, "", BODY + "\n\n" + BODY, id="two paragraphs, no headline"),
        pytest.param("فقط یک عنوان", "", "فقط یک عنوان", id="one short line is text, not a title"),
        pytest.param(BODY.replace("ی", "ي").replace("ک", "ك"), "", BODY.replace("ی", "ي").replace("ک", "ك"), id="Arabic letters"),
    ],
)
def test_parse_article_titles(raw, title, body):
    article = parse_article(raw)
    assert (article.title, article.body) == (title, body)
    assert article.title_origin == ("line" if title else "none")


# ------------------------------------------------------------ boilerplate
RELATED = ["اخبار مرتبط", "افزایش صادرات گاز به ترکیه", "نشست وزیران نفت در باکو"]


@pytest.mark.parametrize(
    ("lines", "body", "removed"),
    [
        pytest.param(["تیتر", *RELATED, BODY], [BODY], ["marker line: اخبار مرتبط"], id="related box before the body"),
        pytest.param(["تیتر", BODY, *RELATED], [BODY], ["footer: اخبار مرتبط … (3 lines)"], id="trailing link list"),
        pytest.param(["تیتر", BODY, "نوشته‌های مشابه", BODY + " ادامه"], [BODY, BODY + " ادامه"], ["marker line: نوشته‌های مشابه"], id="marker then more prose"),
        pytest.param(["تیتر", BODY, "مطالب مرتبط:"], [BODY], ["footer: مطالب مرتبط: … (1 lines)"], id="marker at the very end"),
        pytest.param(["تیتر", "اخبار مرتبط", BODY, "اخبار مرتبط", "خبر کوتاه"], [BODY], ["marker line: اخبار مرتبط", "footer: اخبار مرتبط … (2 lines)"], id="box above and footer below"),
    ],
)
def test_boilerplate_never_eats_the_article(lines, body, removed):
    article = parse_article("\n".join(lines))
    assert [line for line in article.body.split("\n") if line.strip() and line not in RELATED[1:]] == body
    assert article.boilerplate == removed


def test_a_related_box_before_the_body_keeps_the_document(make_corpus):
    corpus = load_corpus(make_corpus({"a.txt": "\n".join(["تیتر خبر", *RELATED, BODY])}), cache=False)
    assert corpus.skipped.empty and BODY in corpus.documents["body"].iloc[0]


# ----------------------------------------------------------------- columns
@pytest.mark.parametrize(
    ("header", "roles"),
    [
        (["id", "title", "published", "url", "text"], {"id": "id", "title": "title", "date": "published", "url": "url", "text": "text"}),
        (["guid", "title", "pubDate", "link", "description"], {"id": "guid", "title": "title", "date": "pubDate", "url": "link", "text": "description"}),
        (["ID", "Headline", "Publish_Date", "Site", "Content"], {"id": "ID", "title": "Headline", "date": "Publish_Date", "source": "Site", "text": "Content"}),
        (["published-at", "domain", "Article Body"], {"date": "published-at", "source": "domain", "text": "Article Body"}),
        (["datetime", "publisher", "story"], {"date": "datetime", "source": "publisher", "text": "story"}),
        (["created", "body"], {"date": "created", "text": "body"}),
        (["شناسه", "عنوان", "تاریخ", "منبع", "متن"], {"id": "شناسه", "title": "عنوان", "date": "تاریخ", "source": "منبع", "text": "متن"}),
        (["تاريخ انتشار", "متن خبر"], {"date": "تاريخ انتشار", "text": "متن خبر"}),
    ],
)  # fmt: skip
def test_columns_found_under_their_usual_names(header, roles):
    assert plan_columns(header).roles == roles


@pytest.mark.parametrize(
    ("header", "warning"),
    [
        (["content", "description"], "text: used column 'content' (also a candidate: 'description')"),
        (["Text", "text"], "text: 2 columns named alike ('Text', 'text'); used 'Text'"),
        (["date", "published", "text"], "date: used column 'date' (also a candidate: 'published')"),
    ],
)
def test_two_candidates_are_chosen_by_priority_and_said(header, warning):
    assert warning in plan_columns(header).warnings


def _csv(rows: list[list[object]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


def test_a_csv_with_content_and_published_loads_with_dates(make_corpus):
    root = make_corpus({"cms.csv": _csv([["id", "title", "published", "url", "content"], ["n1", "تیتر", "2025-11-03T09:00:00+03:30", "https://www.isna.ir/x", BODY]])})
    doc = load_corpus(root, cache=False).documents.iloc[0]
    assert (doc.doc_id, doc.date, doc.source, doc.body) == ("n1", pd.Timestamp("2025-11-03 09:00"), "isna.ir", BODY)


def test_an_explicit_mapping_overrides(make_corpus):
    root = make_corpus({"x.csv": _csv([["story", "time", "text"], [BODY, "2025-11-03", "کد داخلی"]])})
    corpus = load_corpus(root, cache=False, columns={"text": "story", "date": "time"})
    assert corpus.documents["body"].tolist() == [BODY]
    assert corpus.documents["date"].tolist() == [pd.Timestamp("2025-11-03")]


def test_a_table_without_text_is_one_skip_saying_how_to_map(make_corpus):
    root = make_corpus({"x.csv": _csv([["headline", "notes"], ["تیتر", BODY]])})
    corpus = load_corpus(root, cache=False)
    assert corpus.skipped.to_dict("records") == [
        {"path": "x.csv", "reason": "no text column (columns: headline, notes); name one with columns={'text': 'NAME'} or --text-column NAME"}
    ]
    mapped = load_corpus(root, cache=False, columns={"text": "notes"})
    assert mapped.documents["title"].tolist() == ["تیتر"] and mapped.skipped.empty


def test_a_mapping_to_a_missing_column_says_so(make_corpus):
    root = make_corpus({"x.csv": _csv([["text"], [BODY]])})
    corpus = load_corpus(root, cache=False, columns={"text": "story"})
    assert corpus.skipped["reason"].tolist() == ["no column 'story' (mapped as text); columns: text"]
    with pytest.raises(CorpusError, match="unknown role 'body'"):
        load_corpus(root, cache=False, columns={"body": "story"})


def test_the_command_line_maps_columns(make_corpus, capsys):
    root = make_corpus({"x.csv": _csv([["story", "when"], [BODY, "03/11/2025"]])})
    assert main(["check", str(root), "--json", "--no-cache", "--text-column", "story", "--date-column", "when", "--monthfirst"]) == 0
    [doc] = json.loads(capsys.readouterr().out)["loaded"]
    assert doc["date"] == "2025-03-11T00:00:00" and not any("ambiguous" in w for w in doc["warnings"])


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("news.tsv", lambda: "id\ttitle\ttext\nt1\tتیتر\t" + BODY + "\n"),
        ("news.json", lambda: json.dumps([{"id": "t1", "title": "تیتر", "text": BODY}], ensure_ascii=False)),
        ("news.json", lambda: json.dumps({"items": [{"id": "t1", "title": "تیتر", "content": BODY}]}, ensure_ascii=False)),
        ("news.csv", lambda: "id;title;text\nt1;تیتر;" + BODY + "\n"),
    ],
)
def test_more_table_formats(make_corpus, name, make):
    corpus = load_corpus(make_corpus({name: make()}), cache=False)
    assert corpus.skipped.empty
    assert corpus.documents[["doc_id", "title", "body"]].values.tolist() == [["t1", "تیتر", BODY]]


def test_excel_workbooks(make_corpus, tmp_path):
    from datetime import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["ID", "Title", "Published", "Text"])
    sheet.append(["x1", "تیتر", datetime(2025, 11, 3, 9, 0), BODY])
    sheet.append([None, None, None, None])  # an empty row is not a row
    sheet.append([17, "بدون تاریخ", None, BODY + " دوم"])
    path = tmp_path / "export.xlsx"
    book.save(path)
    corpus = load_corpus(path, cache=False)
    assert corpus.documents[["doc_id", "path", "date"]].values.tolist() == [
        ["x1", "export.xlsx:2", pd.Timestamp("2025-11-03 09:00")],
        ["17", "export.xlsx:4", pd.NaT],
    ]


# ------------------------------------------------------------------- dates
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-11-03T09:00:00+03:30", "2025-11-03 09:00"),
        ("2025-11-03T05:30:00Z", "2025-11-03 09:00"),
        ("Mon, 03 Nov 2025 09:00:00 +0330", "2025-11-03 09:00"),
        ("Mon, 03 Nov 2025 05:30:00 GMT", "2025-11-03 09:00"),
        ("1762149600", "2025-11-03 09:30"),
        ("1762149600000", "2025-11-03 09:30"),
        ("1404/08/12", "2025-11-03"),
        ("۱۴۰۴/۰۸/۱۲", "2025-11-03"),
        ("١٤٠٤/٠٨/١٢", "2025-11-03"),
        ("2025/11/03", "2025-11-03"),
        ("۲۰۲۵-۱۱-۰۳", "2025-11-03"),
        ("12 آبان 1404", "2025-11-03"),
        ("۱۲ آبان ۱۴۰۴", "2025-11-03"),
        ("دوشنبه ۱۲ آبان ۱۴۰۴", "2025-11-03"),
        ("چهارشنبه ۱۹ آذر ۱۴۰۴ - ۱۰:۳۰", "2025-12-10 10:30"),
        ("۱۹ آذرماه ۱۴۰۴", "2025-12-10"),
        ("1404-09-19 10:30", "2025-12-10 10:30"),
        ("25/12/2025", "2025-12-25"),
    ],
)
def test_date_forms_in_columns(make_corpus, value, expected):
    root = make_corpus({"d.csv": _csv([["text", "date"], [BODY, value]])})
    doc = load_corpus(root, cache=False).documents.iloc[0]
    assert doc.date == pd.Timestamp(expected), doc.warnings
    assert not any("invalid" in w for w in doc.warnings)


@pytest.mark.parametrize(
    ("values", "dayfirst", "expected", "warned"),
    [
        pytest.param(["03/11/2025", "25/12/2025"], None, ["2025-11-03", "2025-12-25"], False, id="a day above 12 decides day first"),
        pytest.param(["03/11/2025", "12/25/2025"], None, ["2025-03-11", "2025-12-25"], False, id="a day above 12 decides month first"),
        pytest.param(["03/11/2025", "05/05/2025"], None, ["2025-11-03", "2025-05-05"], True, id="undecided: day first, warned"),
        pytest.param(["03/11/2025"], False, ["2025-03-11"], False, id="dayfirst=False decides"),
        pytest.param(["03/11/2025"], True, ["2025-11-03"], False, id="dayfirst=True decides"),
    ],
)
def test_day_month_order_is_decided_per_column(make_corpus, values, dayfirst, expected, warned):
    root = make_corpus({"d.csv": _csv([["text", "date"], *[[f"{BODY} {i}", v] for i, v in enumerate(values)]])})
    docs = load_corpus(root, cache=False, dayfirst=dayfirst).documents
    assert docs["date"].tolist() == [pd.Timestamp(e) for e in expected]
    assert any("ambiguous date '03/11/2025'" in w for w in docs["warnings"].iloc[0]) is warned


# --------------------------------------------------------- nothing loaded
@pytest.mark.parametrize("command", ["coverage", "figures"])
@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({}, "nothing loaded from {root}: no input files found"),
        ({"a.txt": b"", "b.md": "x"}, "nothing loaded from {root}: 2 input(s) skipped — a.txt: empty file (0 bytes); b.md: unsupported file type"),
    ],
)
def test_nothing_loaded_is_one_line_and_exit_1(make_corpus, tmp_path, capsys, command, files, message):
    root = make_corpus(files)
    args = [command, str(root), "--no-cache"] + (["--out", str(tmp_path / "figures")] if command == "figures" else [])
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"helpers {command}: " + message.format(root=root)) and err.count("\n") == 1


def test_an_empty_corpus_still_gives_empty_tables(make_corpus):
    from helpers import measure_coverage

    coverage = measure_coverage(load_corpus(make_corpus({}), cache=False), cache=False)
    assert coverage.counts_table().empty and coverage.timeseries().empty
    assert coverage.summary()["documents"].sum() == 0


# -------------------------------------------------------------------- cache
def test_the_cache_key_includes_the_format_and_the_mapping(make_corpus, tmp_path):
    data = _csv([["id", "text", "story"], ["r1", BODY, "متن دیگر برای آزمون"]])
    root = make_corpus({"news.csv": data})
    cache = tmp_path / "cache"
    assert load_corpus(root, cache_dir=cache).documents["doc_id"].tolist() == ["r1"]
    remapped = load_corpus(root, cache_dir=cache, columns={"text": "story"}).documents
    assert remapped["body"].tolist() == ["متن دیگر برای آزمون"]
    (root / "news.csv").rename(root / "news.txt")
    as_text = load_corpus(root, cache_dir=cache).documents
    assert as_text["doc_id"].tolist() == ["news"] and as_text["body"].iloc[0].startswith("r1,")
