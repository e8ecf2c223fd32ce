"""The labelled paragraph sets (tests/data/topic_dev.yaml, topic_heldout.yaml), scored.

Each set is loaded as a corpus through the real pipeline (a JSON Lines file:
normalization, sentences), tagged with the packaged lexicon, and compared
with its labels: per topic, document-level presence (TP, FP, FN, precision,
recall, F1) and, per (paragraph, body), whether the count is exact.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from helpers import load_corpus
from helpers.topics.coverage import Coverage, measure_coverage

DATA = Path(__file__).parent / "data"
SETS = {"development": DATA / "topic_dev.yaml", "held-out": DATA / "topic_heldout.yaml"}


@dataclass
class Score:
    """Figures of one set."""

    rows: list[tuple[str, int, int, int, float, float, float]] = field(default_factory=list)  # topic, tp, fp, fn, p, r, f1
    micro: tuple[float, float, float] = (0.0, 0.0, 0.0)
    bodies_f1: float = 0.0
    counts_exact: float = 0.0
    errors: list[str] = field(default_factory=list)


def paragraphs(name: str) -> list[dict]:
    return yaml.safe_load(SETS[name].read_text(encoding="utf-8"))["paragraphs"]


def measure(name: str, folder: Path) -> tuple[list[dict], Coverage]:
    items = paragraphs(name)
    path = folder / f"{name}.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for item in items:
            out.write(json.dumps({"id": item["id"], "text": item["text"]}, ensure_ascii=False) + "\n")
    coverage = measure_coverage(load_corpus(path, cache=False), cache=False)
    return items, coverage


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(items: list[dict], coverage: Coverage) -> Score:
    lexicon = coverage.lexicon
    counts = coverage.counts_table().set_index("doc_id")
    bodies = lexicon.members("regional_bodies")
    result = Score()
    totals = [0, 0, 0]
    body_totals = [0, 0, 0]
    exact = pairs = 0
    for topic in lexicon.leaf_ids:
        tp = fp = fn = 0
        for item in items:
            gold = topic in item["topics"]
            found = bool(counts.loc[item["id"], topic])
            tp += gold and found
            fp += found and not gold
            fn += gold and not found
            if gold != found:
                result.errors.append(f"{'FP' if found else 'FN'} {topic:<20} {item['id']} {item['text'][:90]}")
        p, r, f1 = _prf(tp, fp, fn)
        result.rows.append((topic, tp, fp, fn, p, r, f1))
        for i, v in enumerate((tp, fp, fn)):
            totals[i] += v
            if topic in bodies:
                body_totals[i] += v
    for item in items:
        for body in bodies:
            expected = (item.get("bodies") or {}).get(body, 0)
            pairs += 1
            exact += int(counts.loc[item["id"], body]) == expected
            if int(counts.loc[item["id"], body]) != expected:
                result.errors.append(f"COUNT {body:<18} {item['id']} expected {expected}, got {counts.loc[item['id'], body]}")
    result.micro = _prf(*totals)
    result.bodies_f1 = _prf(*body_totals)[2]
    result.counts_exact = exact / pairs if pairs else 1.0
    return result
