"""Synthetic corpora built from the seeds, for benchmarks and scaling tests.

Each document is a seed article with the variation real corpora show: ZWNJ
written as a space or dropped, Arabic ي/ك, Latin or Persian digits, some
paragraphs left out, a header or none, and a closing sentence that makes it
unique. Deterministic for a given ``seed``. :func:`build_syndicated_corpus`
plants syndication instead: agency stories republished by other outlets
with edits, and the plan of which copy belongs to which story.

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

import pandas as pd

from helpers import config

__all__ = ["build_corpus", "build_syndicated_corpus", "perturb"]

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


# ----------------------------------------------------------------- syndication
OUTLETS = ("ایرنا", "ایسنا", "مهر", "تسنیم", "ایلنا", "همشهری", "دنیای اقتصاد", "خبرآنلاین", "اعتماد", "شرق")
AGENCIES = OUTLETS[:5]
EDITS = ("headline", "lead", "added_line", "dropped_sentence", "credit")


def _vocabulary(size: int = 20_000) -> tuple[list[str], list[float]]:
    """hazm's most frequent single words and their cumulative weights, like running text (Zipf-like)."""
    from itertools import accumulate

    from hazm.utils import words_list

    words = sorted((w for w in words_list() if w[1] > 0 and "_" not in w[0] and " " not in w[0]), key=lambda w: -w[1])[:size]
    return [w[0] for w in words], list(accumulate(float(w[1]) ** 0.6 for w in words))


def build_syndicated_corpus(
    root: Path, n_stories: int, seed: int = 15, max_copies: int = 4, follow_up_share: float = 0.1
) -> pd.DataFrame:
    """A corpus of agency stories republished by other outlets, with the plan.

    Each story is written by an agency (word sequences drawn from hazm's word
    list, so stories differ as real ones do) with its credit line «به گزارش
    ایرنا،». Up to ``max_copies`` other outlets republish it within two days,
    each with one or two edits: another headline, a rewritten lead, an added
    closing line, a dropped sentence, or the credit as «به نقل از …»; some
    copies are exact. A share of stories are *follow-ups*: new stories that
    repeat one background sentence of an earlier one (a different story).
    Files: ``root/<outlet>/<story>-<copy>.txt`` with a ``date`` header.

    Returns:
        The plan: ``doc_id`` (as :func:`helpers.load_corpus` names it),
        ``story`` (the ``doc_id`` of the story's original), ``source``,
        ``date``, ``edits`` (comma-separated; empty for originals).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     plan = build_syndicated_corpus(Path(folder), 3, seed=1)
    >>> plan["story"].nunique(), bool((plan["doc_id"] == plan["story"]).sum() == 3)
    (3, True)
    """
    rng = random.Random(seed)
    words, weights = _vocabulary()

    def sentence(low: int = 10, high: int = 18) -> str:
        return " ".join(rng.choices(words, cum_weights=weights, k=rng.randint(low, high))) + "."

    start = pd.Timestamp("2025-09-23")
    rows: list[tuple[str, str, str, pd.Timestamp, str]] = []
    backgrounds: list[str] = []
    for index in range(n_stories):
        agency = rng.choice(AGENCIES)
        date = start + pd.Timedelta(days=rng.randrange(90))
        title = sentence(6, 10).rstrip(".")
        body = [sentence() for _ in range(rng.randint(10, 16))]
        if backgrounds and rng.random() < follow_up_share:  # repeats one sentence of an earlier story
            body.insert(rng.randrange(1, len(body)), rng.choice(backgrounds))
        backgrounds.append(body[-1])
        story = f"{agency}/s{index:06d}-0"
        versions = [(agency, date, title, f"به گزارش {agency}،", body, "")]
        for copy in range(rng.choice(range(max_copies + 1))):
            outlet = rng.choice([o for o in OUTLETS if o != agency])
            edits = [] if rng.random() < 0.15 else rng.sample(EDITS, rng.choice((1, 1, 2)))
            c_title, c_credit, c_body = title, f"به گزارش {agency}،", list(body)
            if "headline" in edits:
                c_title = sentence(6, 10).rstrip(".")
            if "lead" in edits:
                c_body[0] = sentence()
            if "dropped_sentence" in edits:
                del c_body[rng.randrange(1, len(c_body) - 1)]
            if "added_line" in edits:
                c_body.append(sentence())
            if "credit" in edits:
                c_credit = f"به نقل از {agency}،"
            versions.append((outlet, date + pd.Timedelta(days=rng.randint(0, 2)), c_title, c_credit, c_body, ",".join(sorted(edits))))
        for copy, (outlet, when, c_title, c_credit, c_body, edits) in enumerate(versions):
            folder = root / outlet
            folder.mkdir(parents=True, exist_ok=True)
            name = f"s{index:06d}-{copy}"
            text = f"date {when:%Y-%m-%d} {outlet}\n{c_title}\n\n{c_credit} {' '.join(c_body)}\n"
            (folder / f"{name}.txt").write_text(text, encoding="utf-8")
            rows.append((f"{outlet}/{name}", story, outlet, when, edits))
    return pd.DataFrame(rows, columns=["doc_id", "story", "source", "date", "edits"])
