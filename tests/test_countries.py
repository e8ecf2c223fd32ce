"""Partner countries and collocates: real Persian variants, and the traps."""

from __future__ import annotations

import pytest

from helpers import load_corpus, measure_coverage
from helpers.corpus.normalization import get_pipeline
from helpers.topics.countries import country_lexicon, gazetteer, regions
from helpers.topics.matching import TopicMatcher


@pytest.fixture(scope="module")
def matcher():
    return TopicMatcher(country_lexicon())


@pytest.mark.parametrize(
    ("sentence", "countries"),
    [
        ("حجم تجارت ایران و روسیه افزایش یافت.", ["ir", "ru"]),
        ("هیئت روسی و مقام‌های چینی در مسکو دیدار کردند.", ["ru", "cn", "ru"]),
        ("صادرات به روسيه و چين بيشتر شد.", ["ru", "cn"]),  # Arabic ي
        ("قرارداد سوآپ گاز ترکمنستان تمدید شد.", ["tm"]),
        ("راه‌آهن قزاقستان-ترکمنستان-ایران بار بیشتری جابه‌جا کرد.", ["kz", "tm", "ir"]),
        ("نشست سران در آستانه پایتخت قزاقستان برگزار شد.", ["kz", "kz"]),
        ("روند آستانه درباره سوریه ادامه دارد.", ["kz", "sy"]),
        ("در آستانه سفر وزیر، قرارداد امضا شد.", []),  # «در آستانه»: on the eve of
        ("نشست روز دوشنبه برگزار می‌شود.", []),  # Monday
        ("وزیر در دوشنبه با همتای تاجیکستانی خود دیدار کرد.", ["tj", "tj"]),
        ("جمهوری آذربایجان و ارمنستان توافق کردند.", ["az", "am"]),
        ("باران در آذربایجان شرقی و آذربایجان غربی بارید.", []),  # Iranian provinces
        ("کشتی‌ها در دریای عمان و خلیج فارس تردد می‌کنند.", []),  # a sea, not Oman
        ("ایران و عمان درباره خط لوله گفت‌وگو کردند.", ["ir", "om"]),
        ("لوله‌ای به قطر ۵۶ اینچ نصب شد.", []),  # diameter
        ("هیئتی از قطر به تهران آمد.", ["qa", "ir"]),
        ("ایران بر مواضع خود مصر است.", ["ir"]),  # insistent, not Egypt
        ("مصر و اتیوپی درباره سد گفت‌وگو کردند.", ["eg", "et"]),
        ("روسیه سفید عضو اتحادیه اقتصادی اوراسیا است.", ["by"]),  # Belarus, not Russia
        ("کشورهای آمریکای لاتین و آمریکا", ["us"]),
        ("هند و اقیانوس هند", ["in"]),
        ("کره جنوبی و کرهٔ شمالی", ["kr", "kp"]),
        ("بانک مرکزی چک‌های برگشتی را بررسی کرد.", []),  # cheque, not Czechia
        ("امور مالی شرکت بررسی شد.", []),  # financial, not Mali
        ("باکو میزبان نشست اکو بود.", ["az"]),
        ("ترکیه‌ای‌ها و عراقی‌ها", ["tr", "iq"]),
    ],
)
def test_countries_in_real_sentences(matcher, sentence, countries):
    # the matcher sees normalized text, as in a loaded corpus
    assert [m.topic for m in matcher.find(get_pipeline().normalize(sentence))] == countries


def test_the_gazetteer_starts_from_cldr():
    table = gazetteer()
    cldr = table[table["kind"] == "cldr"]
    assert cldr["code"].nunique() >= 240
    assert {"EU", "UN", "ZZ"}.isdisjoint(table["code"])
    caspian = set(regions()["caspian"])
    assert caspian == {"AZ", "IR", "KZ", "RU", "TM"}
    region = table[table["code"].isin(caspian | set(regions()["central_asia"]) | set(regions()["caucasus"]))]
    assert set(region[region["kind"] == "capital"]["code"]) >= {"RU", "KZ", "TM", "AZ", "UZ", "TJ", "KG", "AM", "GE"}
    assert not table["name"].str.contains("\u0654").any()  # «کرهٔ» written as news writes it


PARTNERS = {
    "a.txt": "date 2025-11-01 ایرنا\nتجارت با روسیه\n\nحجم تجارت ایران و روسیه افزایش یافت. قزاقستان نیز در حوزه حمل و نقل همکاری می‌کند.\n",
    "b.txt": "date 2025-11-02 ایرنا\nگاز ترکمنستان\n\nقرارداد سوآپ گاز ترکمنستان تمدید شد. هیئت روسی نیز در تهران بود.\n",
    "c.txt": "date 2025-11-03 ایسنا\nراه‌آهن\n\nراه‌آهن قزاقستان-ترکمنستان-ایران بار بیشتری جابه‌جا کرد و ترانزیت کالا رشد کرد.\n",
}


@pytest.fixture(scope="module")
def partners(tmp_path_factory):
    root = tmp_path_factory.mktemp("partners")
    for name, text in PARTNERS.items():
        (root / name).write_text(text, encoding="utf-8")
    return measure_coverage(load_corpus(root, cache=False, workers=1), cache=False, workers=1)


def test_countries_per_document(partners):
    table = partners.countries()
    assert table[["doc_id", "country", "mentions"]].values.tolist() == [
        ["a", "KZ", 1], ["a", "RU", 2], ["b", "RU", 1], ["b", "TM", 2], ["c", "KZ", 1], ["c", "TM", 1],
    ]  # fmt: skip
    assert "IR" not in set(table["country"]) and "IR" in set(partners.countries(include_home=True)["country"])
    summary = partners.country_summary().set_index("country")
    assert summary.loc["RU", "documents"] == 2 and summary.loc["RU", "country_fa"] == "روسیه"
    assert summary.loc["RU", "share_low"] < 2 / 3 < summary.loc["RU", "share_high"]


def test_topics_and_countries_in_the_same_sentence_and_document(partners):
    table = partners.country_topics(topics=["trade", "energy", "transport"]).set_index(["topic", "country"])
    # trade with Russia in the headline and a sentence; Kazakhstan only in the document
    assert table.loc[("trade", "RU"), ["documents", "sentences"]].tolist() == [1, 2]
    assert table.loc[("trade", "KZ"), ["documents", "sentences"]].tolist() == [1, 0]
    # energy with Turkmenistan (the headline and a sentence); transport with Kazakhstan in both documents
    assert table.loc[("energy", "TM"), ["documents", "sentences"]].tolist() == [1, 2]
    assert table.loc[("transport", "KZ"), ["documents", "sentences", "topic_documents"]].tolist() == [2, 2, 2]
    assert table.loc[("transport", "KZ"), "share_of_topic_documents"] == 1.0


def test_collocates_of_a_topic(partners, tmp_path):
    root = tmp_path / "collocates"
    root.mkdir()
    for i in range(6):
        (root / f"{i}.txt").write_text(
            f"گزارش {i}\n\nصادرات زعفران به روسیه افزایش یافت. در پایان سال باران بارید و هوا سرد شد. تجارت زعفران با چین رشد کرد.\n",
            encoding="utf-8",
        )
    coverage = measure_coverage(load_corpus(root, cache=False, workers=1), cache=False, workers=1)
    table = coverage.collocates("trade", window=3, min_count=3)
    assert table.iloc[0]["word"] == "زعفران" and table.iloc[0]["cooccurrences"] == 12
    assert "باران" not in set(table["word"])  # another sentence, however close
    assert table["log_dice"].max() <= 14
    by_mi = coverage.collocates("trade", window=3, min_count=3, measure="mi")
    assert set(by_mi["word"]) == set(table["word"])
    with pytest.raises(ValueError, match="unknown topic"):
        coverage.collocates("weather")
    with pytest.raises(ValueError, match="measure"):
        coverage.collocates("trade", measure="t-score")
