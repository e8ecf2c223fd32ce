"""Syndication and near-duplicates: stories found as planted, and counted once."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from analysis_corpora import republished_story
from helpers import load_corpus, measure_coverage
from helpers.corpus.bylines import credited_agency
from helpers.corpus.duplicates import DUPLICATE_COLUMNS, find_duplicates, jaccard, shingle_hashes
from helpers.synthetic import build_syndicated_corpus


def _partition(table: pd.DataFrame, key: str) -> set[frozenset[str]]:
    return set(table.groupby(key)["doc_id"].apply(frozenset))


@pytest.fixture(scope="module")
def republished(tmp_path_factory):
    root = tmp_path_factory.mktemp("republished")
    files, plan = republished_story()
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return load_corpus(root, cache=False, workers=1), plan


def test_a_story_republished_by_four_outlets_is_one_story(republished):
    corpus, plan = republished
    table = corpus.duplicates
    assert list(table.columns) == DUPLICATE_COLUMNS
    planned = pd.DataFrame({"doc_id": list(plan), "story": list(plan.values())})
    assert _partition(table, "story_id") == _partition(planned, "story")
    story = table.set_index("doc_id")
    # the agency's own copy is the first, even with an outlet's copy on the same day
    assert story.loc["isna/gas-swap", "story_id"] == "irna/gas-exports"
    assert story.loc["irna/gas-exports", "is_first"] and story.loc["irna/gas-exports", "similarity"] == 1.0
    assert story.loc["irna/gas-exports", "first_seen"] == pd.Timestamp("2025-11-10")
    assert story.loc["mehr/gas", "story_size"] == 5
    # normalization makes the Arabic-letter, no-ZWNJ copy the same text
    assert story.loc["donya/gas", "similarity"] > 0.9
    assert 0.5 <= story.loc["mehr/gas", "similarity"] < 1.0 and not story.loc["mehr/gas", "exact"]
    assert story.loc["isna/gas-swap", "agency"] == "ایرنا" and story.loc["shana/swap", "agency"] == "شانا"


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        ("به گزارش ایرنا، وزیر نفت گفت", "ایرنا"),
        ("به‌گزارش ایرنا، وزیر نفت گفت", "ایرنا"),
        ("به نقل از ایسنا، نشست برگزار شد", "ایسنا"),
        ("به گزارش خبرگزاری جمهوری اسلامی، نشست برگزار شد", "ایرنا"),
        ("به گزارش خبرنگار اقتصادی خبرگزاری فارس، بازار", "فارس"),
        ("به گزارش خبرنگار اقتصادی تسنیم، بازار", "تسنیم"),
        ("تهران- ایرنا- وزیر نیرو گفت", "ایرنا"),
        ("به گزارش خبرنگار اقتصادی، صادرات رشد کرد", None),
        ("کشتی‌ها در خلیج فارس به نقل از منابع محلی", None),
        ("وزیر گفت. " * 60 + "به گزارش ایرنا،", None),  # past the opening: not a credit line
        ("به گزارش مهرداد، نویسنده", None),  # a word that starts like an agency
    ],
)
def test_the_credited_agency(text, agency):
    assert credited_agency(text) == agency


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("همکاری ایران و روسیه در حوزه انرژی گسترش یافت", "همکاری، ایران و روسیه در حوزه انرژی گسترش یافت!", True),
        ("یک دو سه چهار پنج شش", "یک دو سه چهار پنج", False),
        ("", "", True),
    ],
)
def test_shingles_ignore_punctuation_not_words(a, b, same):
    assert (jaccard(shingle_hashes(a), shingle_hashes(b)) == 1.0) is same


def _reference_jaccard(a: str, b: str, size: int = 5) -> float:
    """Jaccard of word 5-gram sets as strings (no hashing): the reference."""

    def grams(text: str) -> set[tuple[str, ...]]:
        words = re.findall(r"\w+", text)
        return {tuple(words[i : i + size]) for i in range(max(len(words) - size + 1, 1))} if words else set()

    x, y = grams(a), grams(b)
    return len(x & y) / len(x | y)


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    root = tmp_path_factory.mktemp("planted")
    plan = build_syndicated_corpus(root, 200, seed=3)
    return load_corpus(root, cache=False, workers=1), plan


def test_planted_syndication_is_found_exactly(planted):
    corpus, plan = planted
    table = find_duplicates(corpus.documents)
    assert len(table) == len(plan) == len(corpus.documents)
    assert _partition(table, "story_id") == _partition(plan, "story")
    # each story is named after its original, the agency's own copy
    merged = table.merge(plan, on="doc_id")
    assert (merged["story_id"] == merged["story"]).all()
    assert plan["edits"].str.contains("lead").any() and plan["edits"].str.contains("credit").any()


def test_similarity_is_the_exact_jaccard_of_the_shingles(planted):
    corpus, _ = planted
    table = corpus.duplicates.set_index("doc_id")
    texts = corpus.documents.set_index("doc_id")["text"]
    copies = table[~table["is_first"]].head(60)
    for doc_id, row in copies.iterrows():
        assert row["similarity"] == pytest.approx(_reference_jaccard(texts[doc_id], texts[row["story_id"]]), abs=1e-3)


@pytest.mark.parametrize(
    ("threshold", "byline_threshold", "merged"),
    [
        (0.5, 0.3, True),  # the rewritten copy keeps IRNA's credit: still IRNA's story
        (0.5, None, False),  # without the credit signal it is below the threshold
        (0.2, None, True),
    ],
)
def test_the_credit_line_lowers_the_bar(threshold, byline_threshold, merged):
    lead = "به گزارش ایرنا، وزیر نیرو امروز در نشست خبری از افزایش ظرفیت نیروگاه‌های کشور خبر داد."
    facts = "ظرفیت تازه نیروگاه‌ها به نود هزار مگاوات رسیده است و تا پایان سال ده نیروگاه خورشیدی دیگر نیز به شبکه می‌پیوندد."
    rewrite = "به گزارش ایرنا، ظرفیت نیروگاهی کشور به گفته وزیر نیرو افزایش یافت و در سال آینده نیز ادامه خواهد داشت."
    docs = pd.DataFrame(
        {
            "doc_id": ["a", "b"], "date": pd.to_datetime(["2025-11-01", "2025-11-02"]),
            "text": [f"{lead} {facts}", f"{rewrite} {facts}"],
        }
    )  # fmt: skip
    similarity = jaccard(shingle_hashes(docs["text"][0]), shingle_hashes(docs["text"][1]))
    assert 0.3 <= similarity < 0.5
    table = find_duplicates(docs, threshold, byline_threshold=byline_threshold)
    assert (table["story_id"].nunique() == 1) is merged


@pytest.mark.parametrize("threshold", [0, -0.1, 1.5, "x"])
def test_a_bad_threshold_is_a_clear_error(threshold):
    docs = pd.DataFrame({"doc_id": ["a"], "date": [pd.NaT], "text": ["متن"]})
    with pytest.raises((ValueError, TypeError), match="threshold|could not convert"):
        find_duplicates(docs, threshold)


def test_undated_documents_follow_dated_copies_and_empty_texts_stand_alone():
    text = "به گزارش ایسنا، نشست سران کشورهای عضو بریکس در ریودوژانیرو با حضور رئیس‌جمهور برگزار شد."
    docs = pd.DataFrame(
        {"doc_id": ["undated", "dated", "p1", "p2"], "date": [pd.NaT, pd.Timestamp("2025-07-06"), pd.NaT, pd.NaT],
         "text": [text, text, "!!!", "؟؟"]}
    )  # fmt: skip
    table = find_duplicates(docs).set_index("doc_id")
    assert table.loc["undated", "story_id"] == "dated" and table.loc["undated", "exact"]
    assert table.loc["p1", "story_id"] == "p1" and table.loc["p2", "story_id"] == "p2"


def test_counting_stories_instead_of_copies(planted):
    corpus, plan = planted
    documents = measure_coverage(corpus, cache=False, workers=1)
    stories = measure_coverage(corpus, cache=False, workers=1, unit="stories")
    assert stories.unit == "stories" and len(stories.corpus.documents) == plan["story"].nunique()
    assert set(stories.mentions["doc_id"]) <= set(stories.corpus.documents["doc_id"])
    both = stories.summary()
    assert both[["documents", "share_of_documents", "share_low"]].equals(documents.summary(stories=True)[["documents", "share_of_documents", "share_low"]])
    assert (both["stories"] <= both["documents"]).all() and (both["stories"] > 0).any()
    row = both.set_index("topic").loc["trade"]
    assert row["share_of_stories"] == row["stories"] / plan["story"].nunique()
    assert row["story_share_low"] <= row["share_of_stories"] <= row["story_share_high"]
    # every table counts stories: the time series' n per period adds up to the stories
    assert stories.timeseries("month")["n_documents"].sum() == plan["story"].nunique()
    with pytest.raises(ValueError, match="unit must be"):
        measure_coverage(corpus, cache=False, unit="articles")


def test_a_story_table_from_another_threshold_can_be_given(republished):
    corpus, _ = republished
    strict = find_duplicates(corpus.documents, 0.99, byline_threshold=None)
    coverage = measure_coverage(corpus, cache=False, unit="stories", duplicates=strict)
    assert len(coverage.corpus.documents) == strict["story_id"].nunique() > corpus.duplicates["story_id"].nunique()
    assert np.array_equal(coverage.story_table()["story_id"], strict["story_id"])
