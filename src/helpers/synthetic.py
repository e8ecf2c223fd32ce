"""Synthetic corpora built from the seeds, for benchmarks and scaling tests.

Each document is a seed article with the variation real corpora show: ZWNJ
written as a space or dropped, Arabic ي/ك, Latin or Persian digits, some
paragraphs left out, a header or none, and a closing sentence that makes it
unique. Deterministic for a given ``seed``.

>>> import tempfile
>>> from pathlib import Path
>>> with tempfile.TemporaryDirectory() as folder:
...     size = build_corpus(Path(folder), 3)
...     sorted(p.name for p in Path(folder).rglob("*.txt"))
['doc000000.txt', 'doc000001.txt', 'doc000002.txt']
"""

from __future__ import annotations

import random
from pathlib import Path

from helpers import config

__all__ = ["build_corpus", "perturb"]

PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def perturb(text: str, rng: random.Random, serial: int) -> str:
    """A plausible variant of a seed article, unique per ``serial``."""
    header, *rest = text.split("\n", 1) if text.lstrip().startswith("date") else ("", text)
    body = rest[0] if rest else text
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    # Drop some middle paragraphs, keeping order (title first, footer last).
    middle = [p for p in paragraphs[1:-1] if rng.random() < 0.8]
    # Before the last paragraph: after a «نوشته‌های مشابه» footer it would be cut as boilerplate.
    unique = f"شماره گزارش {serial} در تاریخ {rng.randint(1, 28)} آذر {rng.choice([1403, 1404])} ثبت شد."
    body = "\n\n".join([paragraphs[0], *middle, unique, paragraphs[-1]])
    if rng.random() < 0.3:
        body = body.replace("ی", "ي").replace("ک", "ك")
    if rng.random() < 0.4:
        body = body.replace("همکاری", rng.choice(["همکاری‌", "همکاری ", "همكاري"]))
    if rng.random() < 0.3:
        body = body.translate(PERSIAN_DIGITS)
    if header and rng.random() < 0.7:
        return f"date 2025-12-10 {rng.choice(['ایلنا', 'ایرنا', 'ایسنا', 'مهر'])}\n{body}\n"
    return body + "\n"


def build_corpus(root: Path, n_docs: int, seed: int = 20251210, seeds: Path = config.DEFAULT_CORPUS) -> int:
    """Write ``n_docs`` documents under ``root`` (1,000 per folder); returns the bytes written."""
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    total = 0
    for i in range(n_docs):
        folder = root / f"{i // 1000:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        data = perturb(rng.choice(texts), rng, i).encode("utf-8")
        (folder / f"doc{i:06d}.txt").write_bytes(data)
        total += len(data)
    return total
