"""Property: folders that mix every hostile shape load without a traceback, in
bounded time, with every input accounted for, and the cache never changes an answer."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import shutil
import tempfile
import time
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import load_corpus

PARAGRAPH = "صادرات نفت و گاز ایران به چین افزایش یافت و همکاری‌های اقتصادی گسترش می‌یابد."
HEADERS = ["text", "content", "body", "Text", "story", "notes", "title", "headline", "date", "published", "pubDate", "id", "guid", "url", "source", "متن", "عنوان", "تاریخ"]
DATES = ["2025-11-03", "1404/08/12", "۱۴۰۴/۰۸/۱۲", "03/11/2025", "25/12/2025", "2300-01-01", "1650-01-01", "Mon, 03 Nov 2025 09:00:00 +0330", "12 آبان 1404", "nonsense", ""]
CAP = 6_000  # max_file_bytes in these folders: some files are over it


def _variant(rng: random.Random, text: str) -> str:
    if rng.random() < 0.3:
        text = text.replace("ی", "ي").replace("ک", "ك")
    if rng.random() < 0.3:
        text = text.replace("\u200c", rng.choice(["", " "]))
    return text


def _txt(rng: random.Random) -> bytes:
    shape = rng.choice(["article", "paragraph", "header", "html", "related", "cp1256", "badbyte", "empty", "binary", "big", "blank"])
    body = " ".join(_variant(rng, PARAGRAPH) for _ in range(rng.randint(1, 4)))
    if shape == "article":
        return f"تیتر خبر\n\n{body}".encode()
    if shape == "paragraph":
        return body.encode()
    if shape == "header":
        return f"date {rng.choice(DATES) or '2025-11-03'} ایرنا\n{body}".encode()
    if shape == "html":
        return f"<p>{body}</p>{rng.choice(['<script>', '<!--', '<style>', '<br '])}{body}".encode()
    if shape == "related":
        return f"تیتر\nاخبار مرتبط\nخبر کوتاه\n{body}".encode()
    if shape == "cp1256":
        return body.replace("ی", "ي").replace("ک", "ك").replace("\u200c", " ").encode("cp1256", errors="replace")
    if shape == "badbyte":
        data = body.encode()
        cut = rng.randrange(1, len(data))
        return data[:cut] + b"\xff" + data[cut:]
    if shape == "binary":
        return rng.randbytes(rng.randint(1, 400))
    if shape == "big":
        return ((body + "\n") * (CAP // len(body.encode()) + 2)).encode()
    return {"empty": b"", "blank": b" \n\t"}[shape]


def _table(rng: random.Random, suffix: str) -> tuple[bytes, int]:
    """A table and the number of records written (rows or non-empty lines)."""
    names = rng.sample(HEADERS, rng.randint(1, 5))
    n = rng.randint(0, 6)
    records = []
    for i in range(n):
        record: dict[str, object] = {}
        for name in names:
            low = name.lower()
            if low in ("date", "published", "pubdate", "تاریخ"):
                record[name] = rng.choice(DATES)
            elif low in ("id", "guid"):
                record[name] = rng.choice([f"r{i}", "dup", i, None])
            else:
                record[name] = rng.choice([_variant(rng, PARAGRAPH), "", {"x": 1}, [1, 2], True, 3.5, "=HYPERLINK(1)"])
        records.append(record)
    if suffix == ".jsonl":
        lines = [json.dumps(r, ensure_ascii=False) for r in records]
        for _ in range(rng.randint(0, 2)):
            lines.insert(rng.randint(0, len(lines)), rng.choice(["{broken", "[" * 5000, "[1, 2]", '"text"']))
        return "\n".join(lines).encode(), len(lines)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=rng.choice([",", ";"]))
    writer.writerow(names)
    for record in records:
        row = ["" if v is None else str(v) for v in record.values()]
        if rng.random() < 0.15:
            row.append("زیادی")  # ragged
        writer.writerow(row)
    return buffer.getvalue().encode(rng.choice(["utf-8", "utf-8-sig"])), n


def _build(root: Path, seed: int, kinds: list[str]) -> dict[str, int]:
    """Write the folder; return each table's record count (text files: -1)."""
    rng = random.Random(seed)
    expected: dict[str, int] = {}
    for i, kind in enumerate(kinds):
        name = f"f{i:02d}{kind}"
        if kind == ".txt":
            (root / name).write_bytes(_txt(rng))
            expected[name] = -1
        elif kind in (".csv", ".jsonl"):
            data, n = _table(rng, kind)
            (root / name).write_bytes(data)
            expected[name] = n
        elif kind == "fifo":
            os.mkfifo(root / f"{name}.txt")
            expected[f"{name}.txt"] = -1
        elif kind == "devlink":
            (root / f"{name}.txt").symlink_to("/dev/zero")
            expected[f"{name}.txt"] = -1
        elif kind == "cp1256-name":
            raw = os.path.join(os.fsencode(root), f"خبر{i}.txt".encode("cp1256"))
            with open(raw, "wb") as handle:
                handle.write(PARAGRAPH.encode())
            expected[f"خبر{i}.txt"] = -1
        elif kind == "other":
            (root / f"{name}.docx").write_bytes(b"PK\x03\x04")
            expected[f"{name}.docx"] = -1
    return expected


def _accounted(corpus, expected: dict[str, int]) -> None:
    loaded, skipped = set(corpus.documents["path"]), set(corpus.skipped["path"])
    assert not loaded & skipped
    for name, records in expected.items():
        if records < 0 or name in skipped:  # a text file, or a table skipped whole
            assert name in loaded | skipped, name
            continue
        rows = {p.rsplit(":", 1)[1] for p in loaded | skipped if p.rsplit(":", 1)[0] == name}
        assert len(rows) == records, (name, rows, records)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    kinds=st.lists(st.sampled_from([".txt", ".txt", ".txt", ".csv", ".jsonl", "fifo", "devlink", "cp1256-name", "other"]), min_size=1, max_size=9),
)
def test_hostile_folders(seed, kinds):
    root = Path(tempfile.mkdtemp()) / "corpus"
    root.mkdir()
    cache = root.parent / "cache"
    try:
        expected = _build(root, seed, kinds)
        start = time.monotonic()
        fresh = load_corpus(root, cache=False, max_file_bytes=CAP, workers=1)
        assert time.monotonic() - start < 60
        _accounted(fresh, expected)
        for reason in fresh.skipped["reason"]:
            assert reason and "\n" not in reason and "Traceback" not in reason
        for _ in range(2):  # cold, then warm
            cached = load_corpus(root, cache_dir=cache, max_file_bytes=CAP, workers=1)
            for a, b in zip((fresh.documents, fresh.sentences, fresh.skipped), (cached.documents, cached.sentences, cached.skipped), strict=True):
                pd.testing.assert_frame_equal(a, b)
    finally:
        shutil.rmtree(root.parent)
