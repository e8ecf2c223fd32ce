"""Tagging a whole corpus: chunked, pooled, cached — always the matcher's own answer."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import helpers.topics.tagging as tagging
from conftest import SEEDS, record_calls
from helpers import load_corpus
from helpers.topics.coverage import measure_coverage
from helpers.topics.lexicon import load_lexicon
from helpers.topics.matching import TopicMatcher
from helpers.synthetic import build_corpus

SECOND = SEEDS.parent / "tests" / "data" / "second_corpus"


def reference_mentions(corpus, lexicon) -> pd.DataFrame:
    """Document by document with a fresh matcher: what tag_corpus must equal."""
    matcher = TopicMatcher(lexicon)
    group_of = {t.id: t.group for t in lexicon.topics}
    rows = []
    for doc_id, text in zip(corpus.documents["doc_id"], corpus.documents["text"], strict=True):
        starts = corpus.sentences.loc[corpus.sentences["doc_id"] == doc_id, "start"].tolist()
        for topic, term, start, end, sent_id in matcher.find_spans(text, starts or [0]):
            rows.append((doc_id, sent_id, topic, group_of[topic], term, text[start:end], start, end))
    return pd.DataFrame(rows, columns=tagging.MENTION_COLUMNS)


@pytest.fixture(scope="module")
def synthetic_corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("synthetic")
    build_corpus(root, 120)
    return load_corpus(root, cache=False, workers=1)


def _compare(actual: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert len(actual) == len(expected)
    for column in tagging.MENTION_COLUMNS:
        assert actual[column].tolist() == expected[column].tolist(), column


@pytest.mark.parametrize("pooled", [False, True], ids=["one-process", "process-pool"])
@pytest.mark.parametrize("which", ["seeds", "second", "synthetic"])
def test_tag_corpus_equals_document_by_document(which, pooled, synthetic_corpus, monkeypatch):
    corpus = {"seeds": lambda: load_corpus(SEEDS, cache=False), "second": lambda: load_corpus(SECOND, cache=False)}.get(
        which, lambda: synthetic_corpus
    )()
    lexicon = load_lexicon()
    if pooled:  # small chunks and no size threshold: many tasks on two processes
        monkeypatch.setattr(tagging, "_POOL_MIN_CHARS", 0)
        monkeypatch.setattr(tagging, "TAG_CHUNK_CHARS", 3_000)
    mentions = tagging.tag_corpus(corpus, lexicon, cache=False, workers=2 if pooled else 1, progress=pooled)
    expected = reference_mentions(corpus, lexicon)
    assert len(expected) > 0
    _compare(mentions, expected)


def _counting(monkeypatch) -> list[int]:
    """Documents per tagging call."""
    return record_calls(monkeypatch, tagging, "tag_texts", lambda lexicon, texts, starts: len(starts))


def test_second_run_is_served_from_the_cache(synthetic_corpus, monkeypatch, tmp_path):
    calls = _counting(monkeypatch)
    cold = measure_coverage(synthetic_corpus, cache_dir=tmp_path, workers=1)
    assert sum(calls) == len(synthetic_corpus.documents)
    calls.clear()
    warm = measure_coverage(synthetic_corpus, cache_dir=tmp_path, workers=1)
    assert calls == []
    pd.testing.assert_frame_equal(cold.mentions, warm.mentions)
    pd.testing.assert_frame_equal(cold.summary(), warm.summary())


def test_only_changed_documents_are_tagged_again(synthetic_corpus, monkeypatch, tmp_path):
    measure_coverage(synthetic_corpus, cache_dir=tmp_path, workers=1)
    calls = _counting(monkeypatch)
    documents = synthetic_corpus.documents.copy()
    # A user's edit of one normalized text (an added sentence about the Caspian).
    documents.loc[5, "text"] = documents.loc[5, "text"] + " آلودگی دریای خزر"
    edited = type(synthetic_corpus)(documents, synthetic_corpus.sentences, synthetic_corpus.skipped, synthetic_corpus.root)
    coverage = measure_coverage(edited, cache_dir=tmp_path, workers=1)
    assert sum(calls) == 1
    _compare(coverage.mentions, reference_mentions(edited, load_lexicon()))


def test_sentence_boundaries_are_part_of_the_key(monkeypatch, tmp_path):
    corpus = load_corpus(SEEDS, cache=False)
    measure_coverage(corpus, cache_dir=tmp_path, workers=1)
    calls = _counting(monkeypatch)
    one_sentence = corpus.sentences.groupby("doc_id", sort=False).head(1).assign(start=0)
    merged = type(corpus)(corpus.documents, one_sentence, corpus.skipped, corpus.root)
    coverage = measure_coverage(merged, cache_dir=tmp_path, workers=1)
    assert sum(calls) == 2 and set(coverage.mentions["sent_id"]) == {0}


def test_a_different_lexicon_does_not_reuse_mentions(tmp_path, monkeypatch):
    corpus = load_corpus(SEEDS, cache=False)
    measure_coverage(corpus, cache_dir=tmp_path, workers=1)
    lexicon_file = tmp_path / "small.yaml"
    lexicon_file.write_text(
        "topics:\n  - id: caspian\n    label_fa: خزر\n    label_en: Caspian\n    color: '#0072B2'\n    terms: [خزر]\n",
        encoding="utf-8",
    )
    calls = _counting(monkeypatch)
    coverage = measure_coverage(corpus, lexicon_file, cache_dir=tmp_path, workers=1)
    assert sum(calls) == 2
    assert set(coverage.mentions["topic"]) <= {"caspian"}


def test_identical_texts_are_tagged_once(make_corpus, monkeypatch, tmp_path):
    text = SEEDS.joinpath("000_871be342d87c0a10.txt").read_text(encoding="utf-8")
    corpus = load_corpus(make_corpus({"a.txt": text, "b/a-copy.txt": text}), cache=False)
    calls = _counting(monkeypatch)
    coverage = measure_coverage(corpus, cache_dir=tmp_path, workers=1)
    assert sum(calls) == 1
    per_doc = coverage.mentions.groupby("doc_id").size()
    assert per_doc["a"] == per_doc["b/a-copy"] > 0


def test_corrupt_mention_cache_is_rebuilt(tmp_path):
    corpus = load_corpus(SEEDS, cache=False)
    first = measure_coverage(corpus, cache_dir=tmp_path, workers=1)
    tables = list(tmp_path.rglob("mentions-*/**/*.arrow"))
    assert tables
    for table in tables:
        table.write_bytes(b"not arrow")
    again = measure_coverage(corpus, cache_dir=tmp_path, workers=1)
    pd.testing.assert_frame_equal(first.mentions, again.mentions)


def test_no_cache_writes_nothing(tmp_path):
    measure_coverage(load_corpus(SEEDS, cache=False), cache=False, cache_dir=tmp_path, workers=1)
    assert list(tmp_path.iterdir()) == []


def test_empty_corpus(make_corpus):
    corpus = load_corpus(make_corpus({"empty.txt": ""}), cache=False)
    coverage = measure_coverage(corpus, cache=False)
    assert coverage.mentions.empty and list(coverage.mentions.columns) == tagging.MENTION_COLUMNS
    assert coverage.summary()["documents"].sum() == 0


@pytest.mark.parametrize(
    "texts, expected",
    [
        (["تجارت خارجی", ""], [1, 0]),  # an empty document keeps its place
        (["", "", "صادرات کالا و نفت"], [0, 0, 2]),
        (["تجارت\u200cخارجی ایران"], [1]),
    ],
)
def test_tag_texts_counts_per_document(texts, expected):
    counts, rows = tagging.tag_texts(load_lexicon(), texts, [np.array([0])] * len(texts))
    assert counts.tolist() == expected and len(rows) == sum(expected)


# ---------------------------------------------------- text keys kept from loading
def _fresh_keys(corpus):
    starts, bounds = tagging.sentence_starts(corpus)
    return tagging._document_keys(tagging.text_array(corpus.documents["text"]), starts, bounds)


@pytest.mark.parametrize("cached", [False, True])
def test_keys_kept_from_loading_equal_a_fresh_hash(synthetic_corpus, tmp_path, cached):
    corpus = synthetic_corpus
    if cached:  # cold then warm: the keys come back from the cache
        load_corpus(SECOND, cache_dir=tmp_path)
        corpus = load_corpus(SECOND, cache_dir=tmp_path)
    assert corpus.text_keys() is not None
    assert (corpus.text_keys() == _fresh_keys(corpus)).all()


@pytest.mark.parametrize(
    "edit",
    [
        lambda c: c.documents.__setitem__("text", c.documents["text"].str.replace("ایران", "ايران")),
        lambda c: setattr(c, "documents", c.documents.iloc[::-1].reset_index(drop=True)),
        lambda c: setattr(c, "sentences", c.sentences.iloc[1:].reset_index(drop=True)),
        lambda c: c.sentences.__setitem__("start", c.sentences["start"] + 0),
    ],
    ids=["text edited", "documents reordered", "a sentence dropped", "starts replaced"],
)
def test_edited_tables_get_their_keys_computed_again(tmp_path, edit):
    corpus = load_corpus(SECOND, cache=False)
    edit(corpus)
    assert corpus.text_keys() is None
    lexicon = load_lexicon()
    _compare(tagging.tag_corpus(corpus, lexicon, cache_dir=tmp_path), reference_mentions(corpus, lexicon))


def test_rows_in_order_exactly_when_lexsort_keeps_them():
    """The no-sort shortcut for the mention table is taken only when a sort would change nothing."""
    from helpers.topics.tagging import _in_order

    rng = np.random.default_rng(20251210)
    for _ in range(3000):
        n = int(rng.integers(0, 12))
        keys = [rng.integers(0, 3, n) for _ in range(3)]
        assert _in_order(*keys) == bool((np.lexsort(keys[::-1]) == np.arange(n)).all())
