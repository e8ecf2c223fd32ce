"""The name layer: topic words inside proper names are suppressed, substantive mentions counted."""

from __future__ import annotations

import pytest

from helpers.corpus.normalization import get_pipeline
from helpers.topics.gazetteer import load_names
from helpers.topics.lexicon import LexiconError, load_lexicon
from helpers.topics.matching import TopicMatcher

ZWNJ = "\u200c"


@pytest.fixture(scope="module")
def matcher():
    return TopicMatcher(load_lexicon())


def split(matcher, text):
    """(counted terms, suppressed (term, name, kind)) of one normalized paragraph."""
    text = get_pipeline().normalize(text)
    counted, suppressed = matcher.find_batch_with_suppressed([text], [[0]])
    return [m[1] for m in counted[0]], [(m[1], m[5], m[6]) for m in suppressed[0]]


@pytest.mark.parametrize(
    ("text", "counted", "kind"),
    [
        ("وزیر نفت درباره صادرات نفت گفت", ["نفت"], "official"),  # the second «نفت» counts (oil exports: energy, not trade)
        ("وزارت صنعت، معدن و تجارت اعلام کرد", [], "ministry"),
        ("وزارت صنعت معدن و تجارت اعلام کرد", [], "ministry"),
        ("رئیس کمیسیون انرژی مجلس گفت", [], "commission"),
        ("رئیس اتاق بازرگانی ایران و روسیه گفت", [], "chamber"),
        ("مدیرعامل بانک تجارت گفت", [], "bank"),
        ("مدیرعامل بانک صنعت و معدن گفت", [], "bank"),
        ("مدیرعامل شرکت ملی نفت ایران گفت", [], "company"),
        ("ذوب آهن اصفهان امروز مقابل هوادارانش شکست خورد", [], "club"),
        (f"ذوب{ZWNJ}آهن اصفهان امروز مقابل هوادارانش شکست خورد", [], "club"),
        ("ذوبآهن اصفهان امروز مقابل هوادارانش شکست خورد", [], "club"),
        ("صنعت نفت آبادان از سد ملوان گذشت", [], "club"),
        ("مس سرچشمه تولید کاتد را افزایش داد", [], "company"),
        ("مس شهربابک در دیدار هفته دوم پیروز شد", [], "club"),  # industry word + place, a sports sentence
        ("دانشجویان دانشگاه صنعتی شریف برنده شدند", [], "university"),
        ("به گزارش جهان صنعت، جلسه برگزار شد", [], "outlet"),
        ("روزنامه «جهان صنعت» نوشت صادرات افزایش یافت", ["صادرات"], "outlet"),
        ("علی صنعتی، کارشناس بورس، گفت", [], "person"),
        ("سعید نفتی‌زاده کارگردان است", [], "person"),
        ("متن در www.ECO-news.com آمده است", [], "url"),
        ("سازمان همکاری اقتصادی (اکو) نشست برگزار کرد", ["سازمان همکاری اقتصادی"], "abbreviation"),
        ("سازمان همکاری اقتصادی «اکو» نشست برگزار کرد", ["سازمان همکاری اقتصادی"], "abbreviation"),
        ("اجلاس اکو (ECO) در تهران", ["اکو"], "abbreviation"),
    ],
)
def test_topic_words_inside_names_are_suppressed_with_the_name(matcher, text, counted, kind):
    found, suppressed = split(matcher, text)
    assert found == counted
    assert suppressed and {k for _, _, k in suppressed} == {kind}, suppressed


@pytest.mark.parametrize(
    ("text", "counted"),
    [
        ("سازمان همکاری شانگهای اجلاس برگزار کرد", ["سازمان همکاری شانگهای"]),  # the body's own name
        ("دبیرخانه سازمان همکاری شانگهای", ["سازمان همکاری شانگهای"]),
        ("بانک توسعه جدید بریکس وام داد", ["بریکس"]),  # an organ bearing the body's name
        ("وزیر نیرو صادرات کالا را افزایش داد", ["صادرات"]),  # a portfolio does not swallow the object
        ("وزیر نفت صادرات نفت و گاز را افزایش داد", ["نفت", "گاز"]),
        ("وزیر راه و شهرسازی از افتتاح خط ریلی خبر داد", ["خط ریلی"]),
        ("بانک‌ها تجارت را تسهیل می‌کنند", ["تجارت"]),  # a plural head is not a name
        ("۸۰ شرکت صنعتی در نمایشگاه حضور داشتند", ["صنعتی"]),  # nor one after a number
        ("شرکت در اجلاس بریکس", ["بریکس"]),  # «شرکت» as taking part
        ("کمیسیون مشترک اقتصادی ایران و ترکیه", ["کمیسیون مشترک اقتصادی"]),  # a joint commission is not parliament's
        ("مس و فولاد صادر می‌شود", ["مس", "فولاد"]),
        ("امام رضا زیارتگاه است", []),
    ],
)
def test_substantive_mentions_are_not_suppressed(matcher, text, counted):
    found, suppressed = split(matcher, text)
    assert found == counted, (found, suppressed)


@pytest.mark.parametrize(
    ("text", "topic", "present"),
    [
        ("بازیکنان با انرژی مثبت وارد زمین شدند", "energy", False),
        ("رعد و برق شدید خسارت زد", "energy", False),
        ("امنیت غذایی منطقه در خطر است", "peace_security", False),
        ("متهم به حمل سلاح غیرمجاز بازداشت شد", "peace_security", False),
        ("ترانزیت گاز ترکمنستان از ایران ادامه دارد", "transport", False),
        ("ترانزیت گاز ترکمنستان از ایران ادامه دارد", "energy", True),
        ("ترانزیت برق به عراق افزایش یافت", "energy", True),
        ("آلودگی نفتی سواحل خزر نگران‌کننده است", "energy", False),
        ("آلودگی نفتی سواحل خزر نگران‌کننده است", "caspian_environment", True),
        ("ایران در قلب قاره اوراسیا است", "eaeu", False),
        ("رئیس‌جمهور وارد فرودگاه شد و مورد استقبال قرار گرفت", "transport", False),
        ("فرودگاه جدید چابهار افتتاح شد", "transport", True),
        ("صادرات گاز به ترکیه ادامه یافت", "trade", False),  # an energy-commodity deal is energy
        ("صادرات غیرنفتی به ترکیه افزایش یافت", "trade", True),
        ("موافقت‌نامه تجاری اکو (اکوتا) اجرا نشده است", "eco", True),
        ("اجرای اکوتا تعرفه‌ها را کاهش می‌دهد", "eco", True),
        ("حفاظت از اکوسیستم تالاب", "eco", False),
        ("نمایشگاه صادرات در باکو", "eco", False),
        ("نمایشگاه واردات در شهر شانگهای", "sco", False),
    ],
)
def test_sense_rules(matcher, text, topic, present):
    text = get_pipeline().normalize(text)
    assert (topic in {m.topic for m in matcher.find(text)}) is present


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("نشست وزیران سازمان همکاری اقتصادی (اکو) برگزار شد", 1),
        ("موافقت‌نامه تجاری اکو (اکوتا) در نشست سازمان بررسی شد", 1),  # «اکو» counts (beside «سازمان»); ECOTA in brackets is one with it
        ("اجرای اکوتا آغاز شد", 1),
        ("دبیرکل اکو گفت ECO برنامه دارد", 2),
    ],
)
def test_eco_counts(matcher, text, count):
    mentions = [m for m in matcher.find(get_pipeline().normalize(text)) if m.topic == "eco"]
    assert len(mentions) == count, mentions


def test_a_lexicon_without_names_has_no_name_layer(tmp_path):
    path = tmp_path / "tiny.yaml"
    path.write_text("topics:\n  - {id: t, label_fa: ت, label_en: T, color: '#123456', terms: [تجارت]}\n", encoding="utf-8")
    assert TopicMatcher(load_lexicon(path)).find("بانک تجارت")[0].term == "تجارت"


def test_a_copied_lexicon_finds_the_packaged_names_file(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("names: names.yaml\ntopics:\n  - {id: t, label_fa: ت, label_en: T, color: '#123456', terms: [تجارت]}\n", encoding="utf-8")
    assert load_lexicon(path).names == load_names()
    assert TopicMatcher(load_lexicon(path)).find("بانک تجارت") == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("heads: [وزارت]\n", "head 1 must be a mapping"),
        ("heads:\n  - {head: وزارت, kind: ministry, compound: yes please}\n", "compound must be true or false"),
        ("heads:\n  - {head: '', kind: ministry}\n", "'head' must be a non-empty string"),
        ("gazetteer:\n  - {name: ذوب آهن, kind: club}\n  - {name: ذوب آهن, kind: club}\n", "duplicate name 'ذوب آهن'"),
        ("gazetteer:\n  - {name: x, kind: club, colour: red}\n", "unknown key 'colour'"),
        ("first_names: علی\n", "'first_names' must be a list"),
        ("urls: maybe\n", "'urls' must be true or false"),
        ("extra: 1\n", "unknown key 'extra'"),
        ("[1, 2]\n", "the file must be a mapping"),
    ],
)
def test_invalid_names_files(tmp_path, body, message):
    (tmp_path / "names.yaml").write_text(body, encoding="utf-8")
    lexicon = tmp_path / "lexicon.yaml"
    lexicon.write_text("names: names.yaml\ntopics:\n  - {id: t, label_fa: ت, label_en: T, color: '#123456', terms: [نفت]}\n", encoding="utf-8")
    with pytest.raises(LexiconError) as info:
        load_lexicon(lexicon)
    assert message in str(info.value) and "\n" not in str(info.value)


def test_suppressed_mentions_are_in_diagnostics_and_the_long_csv(make_corpus):
    import subprocess
    import sys

    from helpers import load_corpus
    from helpers.topics.coverage import measure_coverage

    root = make_corpus({"a.txt": "تیتر\nمدیرعامل بانک تجارت گفت صادرات کالا به عراق افزایش یافت."})
    coverage = measure_coverage(load_corpus(root, cache=False), cache=False)
    assert coverage.mentions["term"].tolist() == ["صادرات"]
    suppressed = coverage.diagnostics()["suppressed"]
    assert suppressed[["term", "name", "name_kind"]].values.tolist() == [["تجارت", "بانک تجارت", "bank"]]
    run = subprocess.run([sys.executable, "-m", "helpers", "coverage", str(root), "--long", "--no-cache"], capture_output=True, text=True)
    lines = run.stdout.splitlines()
    assert lines[0].endswith("status,name,name_kind")
    assert any(",suppressed,بانک تجارت,bank" in line for line in lines) and any(",counted,," in line for line in lines)


@pytest.mark.parametrize(
    "text",
    [
        "وزارت صنعت، معدن و تجارت اعلام کرد",
        # a name longer than the first window (60 characters after the head)
        "وزارت صنعت، معدن، تجارت، نفت، انرژی، راه و شهرسازی، جهاد کشاورزی و امور اقتصادی و دارایی و کار اعلام کرد",
        "مدیرعامل بانک صنعت و معدن و تجارت و توسعه صادرات و بانک ملت و بانک تجارت گفت",
        "روزنامه «دنیای اقتصاد و تجارت و صنعت و معدن و نفت و انرژی و حمل و نقل و ترانزیت» نوشت",
        "رئیس اتاق بازرگانی ایران و روسیه",  # the text ends inside the window
        "مدیرعامل بانک",  # nothing after the head
        "گفت وزارت   ",
    ],
)
def test_a_name_found_in_the_first_window_is_the_name_found_in_the_whole_reach(text):
    """NameFinder tries the words of 60 characters after a head before 160: the same names either way."""
    from helpers.topics import names
    from helpers.topics.spelling import fold

    finder = TopicMatcher(load_lexicon()).names
    folded = fold(get_pipeline().normalize(text))
    heads = [(start, end, finder.entries[pid][1]) for start, end, pid in finder.keys.scan(names.padded(folded)) if finder.entries[pid][0] == "head"]
    assert heads
    for _, end, key in heads:
        whole = finder._continue_within(folded, key, end, min(len(folded), end + names._NAME_REACH), truncated=False)
        assert finder._continue(folded, key, end) == whole
        assert whole is None or whole > end  # a name ends after its head, or there is none
    assert all(start < stop for start, stop, *_ in finder.spans(text, [0]))
