"""Validation by hand: the stratified sample, the coded file's scores and intervals, sample sizes."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import load_corpus
from helpers.topics.coverage import measure_coverage
from helpers.topics.intervals import wilson
from helpers.topics.validation import SAMPLE_COLUMNS, ValidationError, sample_size, validate, write_sample

NEWS = {
    f"n{i:02d}.txt": text
    for i, text in enumerate(
        [
            "تیتر\nصادرات کالا به عراق افزایش یافت.",
            "تیتر\nحجم مبادلات تجاری دو کشور رشد کرد.",
            "تیتر\nمدیرعامل بانک تجارت بازنشسته شد.",
            "تیتر\nسرمایه‌گذاری خارجی در مناطق آزاد بیشتر شد.",
            "تیتر\nنشست سران شانگهای و بریکس برگزار شد.",
            "تیتر\nخط لوله گاز به پاکستان هنوز ساخته نشده است.",
            "تیتر\nباران در شمال کشور سیل به راه انداخت.",
            "تیتر\nقیمت دلار در بازار آزاد کاهش یافت.",
            "تیتر\nتیم ملی فوتبال به جام جهانی صعود کرد.",
            "تیتر\nجشنواره فیلم فجر آغاز شد.",
        ]
    )
}


@pytest.fixture(scope="module")
def coverage(tmp_path_factory):
    root = tmp_path_factory.mktemp("news")
    for name, text in NEWS.items():
        (root / name).write_text(text, encoding="utf-8")
    return measure_coverage(load_corpus(root, cache=False), cache=False)


def test_the_sample_is_stratified_random_and_reproducible(coverage):
    sample = coverage.validation_sample(n=2, topic="trade", seed=7)
    assert list(sample.columns) == SAMPLE_COLUMNS
    counts = sample.groupby("stratum").size().to_dict()
    assert counts == {"hit": 2, "no_hit": 2}
    hits = set(coverage.mentions[coverage.mentions["topic"] == "trade"]["doc_id"])
    assert set(sample[sample["stratum"] == "hit"]["doc_id"]) <= hits
    assert not set(sample[sample["stratum"] == "no_hit"]["doc_id"]) & hits
    assert sample[sample["stratum"] == "hit"]["stratum_size"].iloc[0] == len(hits)
    assert sample[sample["stratum"] == "no_hit"]["stratum_size"].iloc[0] == len(NEWS) - len(hits)
    assert (sample["coded_label"] == "").all()
    assert all("[" in k for k in sample[sample["stratum"] == "hit"]["kwic"])
    assert sample.equals(coverage.validation_sample(n=2, topic="trade", seed=7))
    draws = {tuple(coverage.validation_sample(n=2, topic="trade", seed=s)["doc_id"]) for s in range(6)}
    assert len(draws) > 1


def test_the_sample_covers_every_topic_and_small_strata(coverage):
    sample = coverage.validation_sample(n=50, seed=0)
    assert set(sample["topic"]) == set(coverage.lexicon.leaf_ids)
    per_topic = sample.groupby("topic").size()
    assert (per_topic == len(NEWS)).all()  # every document, once per topic: the strata are smaller than n
    group = coverage.validation_sample(n=5, topic="regional_bodies")
    assert (group["stratum"] == "hit").sum() == 1


@pytest.mark.parametrize("bad", [0, -1, 2.5, True])
def test_a_bad_sample_size_is_one_line(coverage, bad):
    with pytest.raises(ValueError, match="n must be a whole number"):
        coverage.validation_sample(n=bad)


def test_an_unknown_topic(coverage):
    with pytest.raises(ValueError, match="unknown topic 'nope'"):
        coverage.validation_sample(topic="nope")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_coded_sample_round_trips_and_scores(coverage, tmp_path, suffix):
    sample = coverage.validation_sample(n=10, topic="trade", seed=1)
    # a coder: the bank's name is not trade; everything the lexicon found otherwise is; no miss
    sample["coded_label"] = ["no" if "بانک" in text else ("yes" if s == "hit" else "no") for text, s in zip(sample["text"], sample["stratum"])]
    path = write_sample(sample, tmp_path / f"coded{suffix}")
    scores = validate(path).set_index("topic")
    row = scores.loc["trade"]
    hits = int((sample["stratum"] == "hit").sum())
    assert row["coded_hits"] == hits and row["precision"] == 1.0 and row["recall"] == 1.0 and row["f1"] == 1.0
    low, high = wilson([hits], [hits])
    assert row["precision_low"] == pytest.approx(low[0]) and row["precision_high"] == 1.0


def test_recall_weights_the_strata_by_their_size():
    coded = pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(20)], "topic": "trade",
            "stratum": ["hit"] * 10 + ["no_hit"] * 10, "stratum_size": [100] * 10 + [900] * 10,
            "coded_label": ["1"] * 8 + ["0"] * 2 + ["1"] * 1 + ["0"] * 9,
        }
    )  # fmt: skip
    row = validate(coded).iloc[0]
    assert row["precision"] == pytest.approx(0.8)
    # 0.8 x 100 found, 0.1 x 900 missed: recall 80 / 170
    assert row["recall"] == pytest.approx(80 / 170)
    assert row["recall_low"] < row["recall"] < row["recall_high"]
    assert row["f1"] == pytest.approx(2 * 0.8 * (80 / 170) / (0.8 + 80 / 170))
    assert row["f1_low"] < row["f1"] < row["f1_high"]
    unweighted = validate(coded.drop(columns="stratum_size")).iloc[0]
    assert unweighted["recall"] == pytest.approx(8 / 9)


def test_labels_in_every_spelling_and_blanks_left_out():
    coded = pd.DataFrame(
        {"doc_id": list("abcdefgh"), "topic": "energy", "stratum": ["hit"] * 8,
         "coded_label": ["بله", "Yes", "TRUE", "1.0", "خیر", "n", "", " "]}
    )  # fmt: skip
    row = validate(coded).iloc[0]
    assert (row["coded_hits"], row["true_hits"], row["not_coded"]) == (6, 4, 2)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("doc_id,topic,kwic\nd1,trade,x\n", "missing column(s) 'stratum', 'coded_label'"),
        ("doc_id,topic,stratum,coded_label\nd1,trade,hit,maybe\n", "row 2: coded_label 'maybe' is not a label"),
        ("doc_id,topic,stratum,coded_label\nd1,trade,hit,1\nd2,trade,other,0\n", "row 3: stratum 'other' is not 'hit' or 'no_hit'"),
        ("doc_id,topic,stratum,coded_label\nd1,trade,hit,1\nd1,trade,hit,0\n", "row 3: document 'd1' is coded twice"),
        ("doc_id,topic,stratum,stratum_size,coded_label\nd1,trade,hit,many,1\n", "stratum_size 'many' is not a number"),
        ("doc_id,topic,stratum,stratum_size,coded_label\nd1,trade,hit,5,1\nd2,trade,hit,6,1\n", "differs from the topic's other hit rows"),
    ],
)
def test_hostile_coded_files_are_one_line(tmp_path, content, message):
    path = tmp_path / "coded.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        validate(path)
    assert message in str(info.value) and str(info.value).startswith("coded.csv") and "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("coded.txt", b"x", "not a .csv, .tsv or .xlsx file"),
        ("coded.xlsx", b"not a zip", "cannot read it as a table"),
        ("coded.csv", "doc_id,topic,stratum,coded_label\nd1,تجارت,hit,بله\n".encode("cp1256"), "not UTF-8"),
    ],
)
def test_unreadable_coded_files(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ValidationError, match=message):
        validate(path)
    with pytest.raises(ValidationError, match="no such file"):
        validate(tmp_path / "missing.csv")


def test_the_sample_file_cannot_run_formulas(coverage, tmp_path):
    sample = coverage.validation_sample(n=1, topic="trade").assign(kwic="=HYPERLINK(1)")
    path = write_sample(sample, tmp_path / "s.csv")
    assert "'=HYPERLINK" in path.read_text(encoding="utf-8-sig")
    with pytest.raises(ValueError, match="write the sample as .csv or .xlsx"):
        write_sample(sample, tmp_path / "s.json")


@pytest.mark.parametrize(
    ("half_width", "precision", "expected"),
    [(0.05, 0.9, 141), (0.10, 0.8, 60), (0.05, 0.5, 381), (0.03, 0.95, 215), (0.10, 1.0, 16)],
)
def test_sample_size_is_the_smallest_n_with_a_narrow_enough_wilson_interval(half_width, precision, expected):
    n = sample_size(half_width, precision)
    assert n == expected

    def width(k):
        low, high = wilson([precision * k], [k])
        return (high[0] - low[0]) / 2

    assert width(n) <= half_width + 1e-12 and width(n - 1) > half_width


@pytest.mark.parametrize(("half_width", "precision"), [(0, 0.9), (0.6, 0.9), (0.05, 1.2)])
def test_sample_size_rejects_nonsense(half_width, precision):
    with pytest.raises(ValueError):
        sample_size(half_width, precision)
