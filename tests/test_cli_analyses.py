"""``python -m helpers duplicates | compare | countries`` and ``coverage --summary``: files, JSON, exit codes."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from conftest import SEEDS

from analysis_corpora import republished_story, two_outlets
from helpers.cli import main


@pytest.fixture
def story_corpus(make_corpus):
    files, plan = republished_story()
    return make_corpus(files), plan


def test_duplicates_table_and_json(story_corpus, capsys, tmp_path):
    root, plan = story_corpus
    assert main(["duplicates", str(root), "--no-cache"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("7 document(s), 3 stories: 4 copies (Jaccard of 5-word shingles >= 0.5")
    assert "irna/gas-exports  irna/gas-exports  2025-11-10  ایرنا" in out and "mehr/gas" in out
    assert main(["duplicates", str(root), "--no-cache", "--json", "--output", str(tmp_path / "d.csv")]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["documents"], report["stories"]) == (7, 3)
    assert {r["doc_id"]: r["story_id"] for r in report["documents_by_story"]} == plan
    table = pd.read_csv(tmp_path / "d.csv")
    assert list(table.columns[:4]) == ["doc_id", "story_id", "similarity", "first_seen"]
    assert table.set_index("doc_id").loc["mehr/gas", "first_seen"] == "2025-11-10"


@pytest.mark.parametrize(
    ("threshold", "byline", "stories"), [("0.99", "off", 6), ("0.99", "0.3", 3), ("0.2", "off", 3), ("0.7", "off", 5)]
)
def test_duplicates_threshold(story_corpus, capsys, threshold, byline, stories):
    root, _ = story_corpus
    assert main(["duplicates", str(root), "--no-cache", "--json", "--threshold", threshold, "--byline-threshold", byline]) == 0
    assert json.loads(capsys.readouterr().out)["stories"] == stories


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["duplicates", "SEEDS", "--threshold", "1.5"], "helpers duplicates: threshold must be between 0 and 1"),
        (["duplicates", "SEEDS", "--threshold", "half"], "invalid float value"),
        (["duplicates", "SEEDS", "--byline-threshold", "half"], "argument --byline-threshold: not a number or 'off'"),
        (["compare", "SEEDS", "--by", "colour"], "helpers compare: cannot group by 'colour'"),
        (["compare", "SEEDS", "--topics", "weather"], "helpers compare: unknown topic 'weather'"),
        (["countries", "SEEDS", "--table", "planets"], "invalid choice"),
        (["compare", "/no/such/corpus"], "helpers compare: "),
    ],
)
def test_usage_errors_are_one_line(capsys, argv, message):
    argv = [str(SEEDS) if a == "SEEDS" else a for a in argv]
    with pytest.raises(SystemExit) if "invalid" in message or "argument" in message else _no_exit():
        assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


class _no_exit:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_coverage_summary_with_intervals(capsys, tmp_path, story_corpus):
    root, _ = story_corpus
    output = tmp_path / "S.csv"
    assert main(["coverage", str(root), "--summary", "--output", str(output)]) == 0
    table = pd.read_csv(output).set_index("topic")
    for column in ("documents", "share_of_documents", "share_low", "share_high", "stories", "share_of_stories", "story_share_low", "story_share_high"):
        assert column in table.columns
    assert table.loc["energy", "documents"] == 6 and table.loc["energy", "stories"] == 2
    assert table.loc["energy", "share_low"] < 6 / 7 < table.loc["energy", "share_high"]
    assert main(["coverage", str(root), "--summary", "--unit", "stories", "--output", str(output)]) == 0
    stories = pd.read_csv(output).set_index("topic")
    assert stories.loc["energy", ["documents", "stories"]].tolist() == [6, 2]


def test_compare_by_source_and_month(make_corpus, capsys, tmp_path):
    root = make_corpus(two_outlets())
    output = tmp_path / "C.csv"
    assert main(["compare", str(root), "--by", "source", "--topics", "energy,trade", "--output", str(output)]) == 0
    assert "note: Each group against all other documents" in capsys.readouterr().out
    table = pd.read_csv(output)
    assert table[["group", "topic", "significant"]].values.tolist() == [
        ["ایرنا", "energy", True], ["ایرنا", "trade", True], ["ایسنا", "energy", True], ["ایسنا", "trade", True],
    ]  # fmt: skip
    assert main(["compare", str(root), "--by", "month", "--topics", "energy", "--calendar", "gregorian"]) == 0
    captured = capsys.readouterr()
    assert "2025-10,energy" in captured.out and "note:" in captured.err


def test_countries_tables(make_corpus, capsys, tmp_path):
    root = make_corpus(two_outlets())
    output = tmp_path / "X.csv"
    assert main(["countries", str(root), "--output", str(output)]) == 0
    table = pd.read_csv(output)
    assert list(table.columns) == ["doc_id", "country", "country_fa", "country_en", "mentions", "sentences"]
    assert {"TR", "IQ", "RU"} <= set(table["country"]) and "IR" not in set(table["country"])
    assert main(["countries", str(root), "--table", "topics", "--include-home", "--output", str(output)]) == 0
    topics = pd.read_csv(output)
    assert ("energy", "TR") in set(zip(topics["topic"], topics["country"], strict=True)) and "IR" in set(topics["country"])
    assert main(["countries", str(root), "--table", "summary"]) == 0
    assert capsys.readouterr().out.startswith("country,country_fa,country_en,documents,mentions,share_of_documents,share_low,share_high")
