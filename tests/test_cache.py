"""The normalized-corpus cache: hits, invalidation, never a stale read."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pandas as pd
import pytest

import helpers.corpus.files as files_module
import helpers.corpus.loading as loading_module
from conftest import record_calls
from helpers import load_corpus

A = "تیتر الف\nرئیسجمهور از همکاریها گفت."
B = "تیتر ب\nنشستهای بینالمللی برگزار شد."
C = "تیتر ج\nترانزیت کالا افزایش یافت."


@pytest.fixture
def processed(monkeypatch):
    """Records every text that goes through normalization."""
    return record_calls(monkeypatch, loading_module, "_process_texts", list, flat=True)


def _frames_equal(left, right):
    pd.testing.assert_frame_equal(left.documents, right.documents)
    pd.testing.assert_frame_equal(left.sentences, right.sentences)
    pd.testing.assert_frame_equal(left.skipped, right.skipped)


def test_unchanged_corpus_reloads_without_normalizing(make_corpus, tmp_path, processed):
    root = make_corpus({"a.txt": A, "b.txt": B, "empty.txt": b""})
    cold = load_corpus(root, cache_dir=tmp_path / "c")
    assert len(processed) == 2
    processed.clear()
    warm = load_corpus(root, cache_dir=tmp_path / "c")
    assert processed == []
    _frames_equal(cold, warm)
    _frames_equal(cold, load_corpus(root, cache=False))


def test_edit_add_remove_invalidate_only_themselves(make_corpus, tmp_path, processed):
    root = make_corpus({"a.txt": A, "b.txt": B})
    load_corpus(root, cache_dir=tmp_path / "c")
    processed.clear()

    (root / "a.txt").write_text(A.replace("الف", "دال"), encoding="utf-8")
    (root / "c.txt").write_text(C, encoding="utf-8")
    (root / "b.txt").unlink()
    corpus = load_corpus(root, cache_dir=tmp_path / "c")
    assert [t.split("\n")[0] for t in processed] == ["تیتر دال", "تیتر ج"]
    assert list(corpus.documents["doc_id"]) == ["a", "c"]
    assert list(corpus.documents["title"]) == ["تیتر دال", "تیتر ج"]
    assert set(corpus.sentences["doc_id"]) == {"a", "c"}


def test_same_size_same_mtime_edit_is_not_served_stale(make_corpus, tmp_path):
    root = make_corpus({"a.txt": A})
    path = root / "a.txt"
    load_corpus(root, cache_dir=tmp_path / "c")
    stat = path.stat()
    edited = A.replace("الف", "دال")  # same byte length
    assert len(edited.encode()) == len(A.encode())
    path.write_text(edited, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert load_corpus(root, cache_dir=tmp_path / "c").documents["title"].iloc[0] == "تیتر دال"


def test_rename_is_a_hit_with_the_new_id(make_corpus, tmp_path, processed):
    root = make_corpus({"a.txt": A})
    load_corpus(root, cache_dir=tmp_path / "c")
    processed.clear()
    (root / "a.txt").rename(root / "renamed.txt")
    corpus = load_corpus(root, cache_dir=tmp_path / "c")
    assert processed == []
    assert list(corpus.documents["doc_id"]) == ["renamed"]
    assert list(corpus.sentences["doc_id"].unique()) == ["renamed"]


def test_duplicate_content_in_two_files(make_corpus, tmp_path):
    root = make_corpus({"a.txt": A, "copy/a.txt": A})
    for _ in range(2):  # cold, then warm
        corpus = load_corpus(root, cache_dir=tmp_path / "c")
        assert list(corpus.documents["doc_id"]) == ["a", "copy/a"]
        assert corpus.sentences.groupby("doc_id").size().to_dict() == {"a": 2, "copy/a": 2}
        for column in ("warnings", "boilerplate"):  # lists of their own, though from one cached row
            first, second = corpus.documents[column]
            assert type(first) is list and type(second) is list and first is not second


def test_skips_are_cached_too(make_corpus, tmp_path):
    root = make_corpus({"a.txt": A, "bad.txt": b"%PDF-1.4" + bytes(9)})
    cold = load_corpus(root, cache_dir=tmp_path / "c")
    warm = load_corpus(root, cache_dir=tmp_path / "c")
    assert warm.skipped.to_dict("records") == cold.skipped.to_dict("records") == [
        {"path": "bad.txt", "reason": "binary file (PDF document), not text"}
    ]


def test_corrupt_cache_is_rebuilt(make_corpus, tmp_path, processed):
    root = make_corpus({"a.txt": A})
    load_corpus(root, cache_dir=tmp_path / "c")
    for table in (tmp_path / "c").rglob("*.arrow"):
        table.write_bytes(b"garbage")
    processed.clear()
    corpus = load_corpus(root, cache_dir=tmp_path / "c")
    assert len(processed) == 1 and list(corpus.documents["doc_id"]) == ["a"]
    processed.clear()
    load_corpus(root, cache_dir=tmp_path / "c")
    assert processed == []


def test_cache_is_keyed_by_code_version(make_corpus, tmp_path, monkeypatch, processed):
    import helpers.corpus.cache as cache_module

    root = make_corpus({"a.txt": A})
    load_corpus(root, cache_dir=tmp_path / "c")
    processed.clear()
    monkeypatch.setattr(cache_module, "pipeline_key", lambda: "v9.9.9-other-code")
    load_corpus(root, cache_dir=tmp_path / "c")
    assert len(processed) == 1


def test_cache_false_writes_nothing(make_corpus, tmp_path):
    root = make_corpus({"a.txt": A})
    load_corpus(root, cache=False, cache_dir=tmp_path / "c")
    assert not (tmp_path / "c").exists()


def _count_reads(monkeypatch) -> list[str]:
    return record_calls(monkeypatch, files_module, "_hash_one", lambda path, *_: path)


def test_unchanged_files_are_not_read_again(make_corpus, tmp_path, monkeypatch):
    root = make_corpus({"a.txt": A, "b/c.txt": A + "\nدیگر"})
    monkeypatch.setattr(files_module, "_RACY_NS", 0)  # trust files changed just before the first load
    time.sleep(0.01)
    first = load_corpus(root, cache_dir=tmp_path / "c")
    reads = _count_reads(monkeypatch)
    again = load_corpus(root, cache_dir=tmp_path / "c")
    assert reads == []
    pd.testing.assert_frame_equal(first.documents, again.documents)


@pytest.mark.parametrize("change", ["same size, mtime set back", "replaced by a copy", "touched"])
def test_a_changed_status_means_reading_again(make_corpus, tmp_path, monkeypatch, change):
    root = make_corpus({"a.txt": A, "b.txt": A})
    monkeypatch.setattr(files_module, "_RACY_NS", 0)
    time.sleep(0.01)
    load_corpus(root, cache_dir=tmp_path / "c")
    target = root / "a.txt"
    before = target.stat()
    edited = A.replace("گفت", "رفت")  # same size in bytes, different text
    assert len(edited.encode()) == len(A.encode()) and edited != A
    if change == "same size, mtime set back":
        target.write_text(edited, encoding="utf-8")
        os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    elif change == "replaced by a copy":
        (root / "new.tmp").write_text(edited, encoding="utf-8")
        os.replace(root / "new.tmp", target)
    else:
        os.utime(target)
    reads = _count_reads(monkeypatch)
    corpus = load_corpus(root, cache_dir=tmp_path / "c")
    assert [Path(r).name for r in reads] == ["a.txt"]
    body = corpus.documents.set_index("doc_id").loc["a", "body"]
    assert ("رفت" in body) == (change != "touched")


@pytest.mark.parametrize(
    ("relpath", "suffix"),
    [
        ("a.txt", ".txt"), ("b/C.CSV", ".csv"), ("x.y/z", ""), ("q.", "."), ("dir/file.tar.gz", ".gz"),
        ("اخبار/خبر.TXT", ".txt"), ("a/b.İX", ".i̇x"), ("e.Jsonl", ".jsonl"), ("a.b/c.d/e", ""), ("x/y..Parquet", ".parquet"),
    ],
)  # fmt: skip
def test_row_keys_read_the_suffix_of_the_file_name(relpath, suffix):
    from helpers.corpus.documents import ReadOptions
    from helpers.corpus.loading import row_keys

    for options in (ReadOptions(), ReadOptions(columns={"text": "story"}, dayfirst=False)):
        [key] = row_keys([relpath], ["d1gest"], options)
        assert key == f"d1gest.{options.key(suffix)}"


@pytest.mark.parametrize("index_kind", ["none", "recorded", "recorded twice"])
def test_the_file_index_accounts_for_every_listed_file(tmp_path, monkeypatch, index_kind):
    """Each listed file gets a hash or a reason, in listing order: a file gone
    since it was listed, a FIFO and one over the size limit among regular ones."""
    from helpers.corpus.files import identify_files

    root = tmp_path / "corpus"
    root.mkdir()
    (root / "a.txt").write_text(A, encoding="utf-8")
    (root / "big.txt").write_text(A * 40, encoding="utf-8")
    (root / "c.txt").write_text(B, encoding="utf-8")
    os.mkfifo(root / "pipe.txt")
    listed = ["a.txt", "big.txt", "c.txt", "gone.txt", "pipe.txt"]
    max_bytes = 1000
    monkeypatch.setattr(files_module, "_RACY_NS", 0)
    time.sleep(0.01)
    files, unread, index = identify_files(root, listed, None, max_bytes)
    if index_kind == "recorded twice":  # a damaged index (one path twice) is not trusted
        index = pd.concat([index, index], ignore_index=True)
    reads = _count_reads(monkeypatch)
    files, unread, new_index = identify_files(root, listed, None if index_kind == "none" else index, max_bytes)
    assert files["relpath"].tolist() == ["a.txt", "c.txt"]
    assert files["order"].tolist() == [0, 2]
    assert files["size"].tolist() == [len(A.encode()), len(B.encode())]
    assert [p for p, _ in unread] == ["big.txt", "gone.txt", "pipe.txt"]
    assert "over the 0.0 MB limit" in unread[0][1] and "cannot read file" in unread[1][1] and "FIFO" in unread[2][1]
    assert len(set(files["source_hash"])) == 2
    assert [Path(r).name for r in reads] == ([] if index_kind == "recorded" else ["a.txt", "c.txt"])
    assert new_index["relpath"].tolist() == ["a.txt", "c.txt"]
    assert (new_index["inode"].to_numpy() == [os.stat(root / n).st_ino for n in ("a.txt", "c.txt")]).all()


@pytest.mark.parametrize(
    ("size", "max_bytes", "problem"),
    [
        (0, 100, None), (1, 100, None), (100, 100, None), (101, 100, "over the"),
        (3_000_001, 5_000_000, None),  # more than one read's worth (1 MB)
        (3_000_001, 3_000_000, "over the"),
    ],
)  # fmt: skip
def test_read_file_gives_every_byte_up_to_the_limit(tmp_path, size, max_bytes, problem):
    from helpers.corpus.files import UnreadableFile, read_file

    data = ("صادرات نفت\n" * (size // 20 + 1)).encode("utf-8")[:size]
    path = tmp_path / "f.txt"
    path.write_bytes(data)
    if problem is None:
        assert read_file(str(path), max_bytes) == data
    else:
        with pytest.raises(UnreadableFile, match=problem):
            read_file(str(path), max_bytes)


def test_read_file_notices_a_file_that_grew_past_the_limit(tmp_path, monkeypatch):
    from helpers.corpus.files import UnreadableFile, read_file

    path = tmp_path / "f.txt"
    path.write_bytes(b"x" * 50)
    real_fstat = os.fstat

    def stale(fd):  # the size the file had when it was opened; it holds more by the time it is read
        status = real_fstat(fd)
        path.write_bytes(b"x" * 500)
        return status

    monkeypatch.setattr(files_module.os, "fstat", stale)
    with pytest.raises(UnreadableFile, match="over the") as raised:
        read_file(str(path), 200)
    assert raised.value.transient


@pytest.mark.parametrize(
    "values",
    [
        ["همکاری‌ها", "همكاري", "ترانزیت ۱۴۰۴"],
        ["ایران", None, ""],
        ["ایران", float("nan")],  # NaN: not an Arrow string, built the pd.array way
        [1, "دو"],
        [b"bytes", bytearray(b"x"), "سه"],
        [],
    ],
)
def test_typed_string_columns_are_what_pd_array_builds(values):
    import pandas as pd

    from helpers.corpus.rows import typed_column

    pd.testing.assert_extension_array_equal(typed_column(values, "str"), pd.array(values, dtype="str"))
