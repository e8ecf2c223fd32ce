"""Topic matching on real Persian sentences: variants that must match, traps that must not."""

from __future__ import annotations

import pytest

from helpers.topics.lexicon import load_lexicon
from helpers.topics.matching import TopicMatcher
from helpers.corpus.normalization import get_pipeline

ZWNJ = "\u200c"


@pytest.fixture(scope="module")
def matcher():
    return TopicMatcher(load_lexicon())


def topics_in(matcher, text, *, normalize=True):
    if normalize:
        text = get_pipeline().normalize(text)
    return sorted({m.topic for m in matcher.find(text)})


def terms_in(matcher, text):
    return [(m.topic, m.term) for m in matcher.find(get_pipeline().normalize(text))]


@pytest.mark.parametrize("normalize", [True, False], ids=["normalized", "raw"])
@pytest.mark.parametrize(
    ("text", "topic"),
    [
        # ZWNJ, space, joined
        (f"گسترش همکاری{ZWNJ}های اقتصادی دو کشور", "trade"),
        ("گسترش همکاری های اقتصادی دو کشور", "trade"),
        ("گسترش همکاریهای اقتصادی دو کشور", "trade"),
        (f"توسعه حمل{ZWNJ}ونقل ریلی", "transport"),
        ("توسعه حمل و نقل", "transport"),
        ("توسعه حملونقل", "transport"),
        (f"حفاظت از محیط{ZWNJ}زیست دریای خزر", "caspian_environment"),
        ("حفاظت از محیطزیست دریای خزر", "caspian_environment"),
        # Arabic letters
        ("افزايش صادرات كالا", "trade"),
        ("اجلاس سازمان همكاري شانگهاي", "sco"),
        ("صادرات گاز طبيعي", "energy"),
        # inflections
        ("صادرکنندگان نفت", "energy"),
        ("نیروگاه‌های برق آبی", "energy"),
        ("بندرهای شمالی کشور", "transport"),
        ("تعرفه‌های گمرکی کاهش یافت", "trade"),
        ("خطوط لوله گاز", "energy"),
        ("فرهنگی‌ترین شهر", "culture_tourism"),
        # digits and Latin acronyms
        ("نشست گروه دی ۸ در قاهره", "d8"),
        ("نشست گروه دی 8 در قاهره", "d8"),
        ("اجلاس سران D-8 برگزار شد", "d8"),
        ("ایران به عضویت SCO درآمد", "sco"),
        ("عضویت ایران در BRICS", "brics"),
        ("دبیرکل ECO به تهران آمد", "eco"),
        # ambiguous names in an organisation context
        ("ایران عضو دائم سازمان همکاری شانگهای شد", "sco"),
        ("اجلاس سران شانگهای در آستانه برگزار شد", "sco"),
        ("عضویت ایران در شانگهای و بریکس", "sco"),
        ("نشست وزیران خارجه اکو در تهران برگزار شد", "eco"),
        ("ایران و اتحادیه اقتصادی اوراسیا موافقت‌نامه تجارت آزاد امضا کردند", "eaeu"),
        ("عضویت ناظر ایران در اوراسیا", "eaeu"),
        # Caspian environment
        ("کاهش تراز آب دریای خزر نگران‌کننده است", "caspian_environment"),
        ("صید غیرمجاز ماهیان خاویاری", "caspian_environment"),
        ("آلودگی نفتی سواحل خزر افزایش یافته است", "caspian_environment"),
        ("کنوانسیون تهران برای حفاظت از محیط زیست دریایی", "caspian_environment"),
        # others
        ("کریدور شمال-جنوب", "transport"),
        ("کریدور شمال – جنوب", "transport"),
        ("افزایش تعداد گردشگران خارجی", "culture_tourism"),
        ("صادرات سنگ آهن و فولاد", "industry_mining"),
        ("حمله تروریستی در مرز", "peace_security"),
        ("برقراری آتش‌بس در غزه", "peace_security"),
    ],
)
def test_matches(matcher, text, topic, normalize):
    assert topic in topics_in(matcher, text, normalize=normalize)


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        # no substring hits
        ("برقراری ارتباط مستقیم", "energy"),  # برق ⊂ برقراری
        ("حفاظت از اکوسیستم منطقه", "eco"),  # اکو ⊂ اکوسیستم
        ("پرواز تهران به باکو", "eco"),  # اکو ⊂ باکو
        ("نفتالین در انبار", "energy"),
        ("آغاز فصل زراعی", "energy"),  # گاز ⊂ آغاز
        ("جنگل‌های هیرکانی", "peace_security"),  # جنگ ⊂ جنگل
        ("مسعود پزشکیان", "industry_mining"),  # مس ⊂ مسعود
        # ambiguous names in a place or generic context
        ("شاخص بورس شانگهای سقوط کرد", "sco"),
        ("بندر شانگهای بزرگ‌ترین بندر کانتینری جهان است", "sco"),
        ("نمایشگاه واردات چین در شانگهای گشایش یافت", "sco"),
        ("اوراسیا بزرگ‌ترین خشکی جهان است", "eaeu"),
        ("برخورد صفحه عربی با صفحه اوراسیا", "eaeu"),
        ("صدای اکو در سالن پیچید", "eco"),
        ("پزشک برای او اکو قلب تجویز کرد", "eco"),
        # sports teams and wrestling are not topics
        ("تیم صنعت نفت آبادان در لیگ برتر پیروز شد", "energy"),
        ("بازیکن ذوب آهن در این مسابقه گل زد", "industry_mining"),
        ("تیم ملی کشتی فرنگی قهرمان شد", "transport"),
        # environment elsewhere is not the Caspian environment
        ("آلودگی هوای تهران به مرز هشدار رسید", "caspian_environment"),
        ("حفاظت از محیط زیست تالاب انزلی", "caspian_environment"),
        # a neighbouring country is not a topic
        ("سفر رئیس‌جمهور ترکمنستان به تهران", "trade"),
        ("آذربایجان و ارمنستان", "peace_security"),
        # excluded phrases
        ("انتشار گازهای گلخانه‌ای", "energy"),
        ("امنیت غذایی کشور", "peace_security"),
        ("جنگ تجاری آمریکا و چین", "peace_security"),
        ("فروش صنایع دستی در نمایشگاه", "industry_mining"),
        ("اعضای سازمان همکاری اقتصادی", "trade"),  # the ECO's name, not trade
    ],
)
def test_traps(matcher, text, topic):
    assert topic not in topics_in(matcher, text)


def test_seed_000_bodies_once_each(matcher):
    text = get_pipeline().normalize(
        "در قالب سازمانها و اتحادیههای منطقهای مثل شانگهای، بریکس، اوراسیا و اکو نیز همکاریهای خود را با هم گسترش دهیم."
    )
    bodies = [m.topic for m in matcher.find(text) if m.topic in {"sco", "brics", "eaeu", "eco"}]
    assert sorted(bodies) == ["brics", "eaeu", "eco", "sco"]


def test_bodies_beside_each_other_without_organisation_word(matcher):
    # no «سازمان»/«اجلاس»: the neighbours alone make them bodies
    assert {"sco", "eco", "brics"} <= set(topics_in(matcher, "ایران در شانگهای، اکو و بریکس فعال است"))


def test_context_is_per_sentence(matcher):
    pipeline = get_pipeline()
    text = pipeline.normalize("اجلاس سران برگزار شد.\n\nشانگهای شهری بزرگ است.")
    starts = [s for s, _ in pipeline.sentence_spans(text)]
    assert "sco" not in {m.topic for m in matcher.find(text, starts)}
    assert "sco" in {m.topic for m in matcher.find(text)}  # one sentence: the cue counts


def test_one_phrase_counts_once_per_topic(matcher):
    assert terms_in(matcher, "خط لوله گاز") == [("energy", "خط لوله گاز")]  # not also «خط لوله», «گاز»
    assert [t for t in terms_in(matcher, "تبادل گاز") if t[0] == "energy"] == [("energy", "تبادل گاز")]


def test_offsets_point_into_the_text(matcher):
    text = get_pipeline().normalize("رئیسجمهور از گسترش همکاریهای اقتصادی و انتقال گاز گفت.")
    for m in matcher.find(text):
        assert text[m.start : m.end] == m.matched


def test_user_patterns(tmp_path):
    from helpers.topics.lexicon import load_lexicon as load

    path = tmp_path / "lex.yaml"
    path.write_text(
        "topics:\n  - {id: money, label_fa: پول, label_en: Money, color: '#123456', patterns: ['[۰-۹]+ میلیون دلار']}\n",
        encoding="utf-8",
    )
    mentions = TopicMatcher(load(path)).find("حجم تجارت ۴۰۰ میلیون دلار است")
    assert [(m.topic, m.matched) for m in mentions] == [("money", "۴۰۰ میلیون دلار")]


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("همكاري‌ها", "همکاری ها"),  # Arabic ي/ك, ZWNJ
        ("همکاریها", "همکاریها"),  # joined: left as written
        ("مسئله ۱۴۰۴/۰۹/١٩", "مسیله 1404/09/19"),  # Persian and Arabic-Indic digits
        ("جمهوریٔ اسلامی", "جمهوریٔ اسلامی"),  # a mark outside the map is kept
        ("خانۀ ملت\u00a0و مؤسسه", "خانه ملت و موسسه"),
        ("بین‌المللی – ۲", "بین المللی   2"),
        ("ايران 🇮🇷 كشور", "ایران 🇮🇷 کشور"),  # beyond U+FFFF: passed through, length kept
        ("\ud800 ي", "\ud800 ی"),  # a lone surrogate cannot be encoded: the regex fold
    ],
)
def test_fold_is_one_character_for_one(text, folded):
    from helpers.topics.spelling import fold

    assert fold(text) == folded and len(fold(text)) == len(text)
