"""Validating the lexicon on a user's own corpus: a sample to code by hand, and its scores.

What computational social science asks of any dictionary method: draw a
random sample of what it found *and* of what it did not, have a person code
it, and report precision and recall with their uncertainty.

* :func:`validation_sample` draws, per topic, a stratified random sample of
  documents: ``hit`` (the lexicon found the topic) and ``no_hit`` (it did
  not). Each row has ``doc_id``, ``topic``, ``stratum``, ``stratum_size``
  (documents in the stratum), ``kwic`` (the mentions in context, or the
  document's opening), ``text`` and an empty ``coded_label`` to fill with
  yes/no: *does this document substantively mention the topic, by the
  codebook?* :func:`write_sample` saves it as CSV or XLSX.
* :func:`validate` reads the coded file back: per topic, precision (share of
  ``hit`` documents coded yes), recall (documents with the topic that the
  lexicon found, the ``no_hit`` stratum weighted by its size) and F1, each
  with a 95 % Wilson interval. Recall and F1 combine two strata: their
  interval joins the two strata's Wilson intervals at 97.5 % each
  (Bonferroni), so it covers at least 95 %.
* :func:`sample_size` says how many ``hit`` documents to code for a
  precision interval of a given half-width.

>>> sample_size(half_width=0.05, precision=0.9)
141
>>> sample_size(half_width=0.10, precision=0.8)
60
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from helpers.spreadsheet import neutralize_cells, write_csv
from helpers.topics.intervals import ALPHA, wilson

__all__ = [
    "CODED_COLUMNS", "ValidationError", "explain", "sample_size", "sample_sizes", "validate", "validation_sample", "write_sample",
]

CODED_COLUMNS = ["doc_id", "topic", "stratum", "coded_label"]
SAMPLE_COLUMNS = ["doc_id", "topic", "stratum", "stratum_size", "kwic", "text", "coded_label"]
_YES = {"1", "yes", "y", "true", "t", "بله", "آری", "بلی", "درست"}
_NO = {"0", "no", "n", "false", "f", "خیر", "نه", "نادرست"}
_TEXT_CHARS = 6000  # a spreadsheet cell holds 32,767; longer documents are cut, marked with …


class ValidationError(ValueError):
    """A coded file that cannot be scored; the message is one line naming the file and the problem."""


# ---------------------------------------------------------------------- sample
def validation_sample(coverage: Any, n: int = 20, topic: str | list[str] | None = None, seed: int = 0, width: int = 60) -> pd.DataFrame:
    """A stratified random sample of documents to code by hand (``SAMPLE_COLUMNS``).

    Args:
        coverage: a :class:`~helpers.topics.coverage.Coverage`.
        n: documents per topic and stratum (fewer when the stratum is smaller).
        topic: a topic id (a group counts its members), a list, or None for every topic with terms.
        seed: the random seed: the same seed draws the same sample.
        width: characters of context on each side of a mention in ``kwic``.
    """
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ValueError(f"n must be a whole number of at least 1, not {n!r}")
    lexicon = coverage.lexicon
    topics = lexicon.leaf_ids if topic is None else ([topic] if isinstance(topic, str) else list(topic))
    unknown = [t for t in topics if t not in lexicon.ids]
    if unknown:
        raise ValueError(f"unknown topic {unknown[0]!r} (topics: {', '.join(lexicon.ids)})")
    matrix = coverage.document_matrix("mentions")
    docs = coverage.corpus.documents.set_index("doc_id")
    rng = np.random.default_rng(seed)
    rows = []
    for topic_id in topics:
        found = matrix[topic_id].to_numpy() > 0
        members = set(lexicon.members(topic_id)) | {topic_id}
        mentions = coverage.mentions[coverage.mentions["topic"].isin(members)]
        by_doc = {doc_id: group for doc_id, group in mentions.groupby("doc_id", sort=False)}
        for stratum, mask in (("hit", found), ("no_hit", ~found)):
            ids = matrix.index[mask].to_numpy()
            chosen = rng.choice(len(ids), size=min(n, len(ids)), replace=False) if len(ids) else np.array([], dtype=int)
            for doc_id in ids[np.sort(chosen)]:
                text = docs.loc[doc_id, "text"]
                kwic = _kwic(text, by_doc.get(doc_id), width) if stratum == "hit" else _opening(text, 2 * width)
                cut = text if len(text) <= _TEXT_CHARS else text[:_TEXT_CHARS] + " …"
                rows.append((doc_id, topic_id, stratum, int(mask.sum()), kwic, cut, ""))
    table = pd.DataFrame(rows, columns=SAMPLE_COLUMNS)
    # shuffled within each topic, so a coder does not read the strata in blocks
    order = np.concatenate([rng.permutation(np.flatnonzero(table["topic"].to_numpy() == t)) for t in topics]) if len(table) else np.array([], dtype=int)
    return table.iloc[order.astype(int)].reset_index(drop=True)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _kwic(text: str, mentions: pd.DataFrame | None, width: int) -> str:
    if mentions is None:
        return ""
    parts = [
        f"…{_one_line(text[max(0, a - width) : a])} [{_one_line(text[a:b])}] {_one_line(text[b : b + width])}…"
        for a, b in zip(mentions["start"].head(3), mentions["end"].head(3), strict=True)
    ]
    more = len(mentions) - 3
    return " | ".join(parts) + (f" | (+{more} more)" if more > 0 else "")


def _opening(text: str, chars: int) -> str:
    line = _one_line(text)
    return line if len(line) <= chars else line[:chars] + "…"


def write_sample(table: pd.DataFrame, path: str | Path) -> Path:
    """Save a sample as ``.csv`` (UTF-8 with BOM, for Excel) or ``.xlsx``; text cells cannot run as formulas."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        neutralize_cells(table).to_excel(path, index=False, sheet_name="sample")
    elif path.suffix.lower() == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as out:
            write_csv(table, out)
    else:
        raise ValueError(f"{path.name}: write the sample as .csv or .xlsx")
    return path


# -------------------------------------------------------------------- validate
def _read(coded: str | Path | pd.DataFrame) -> tuple[pd.DataFrame, str]:
    if isinstance(coded, pd.DataFrame):
        return coded.copy(), "coded table"
    path = Path(coded)
    name = path.name
    try:
        if path.suffix.lower() == ".xlsx":
            frame = pd.read_excel(path, dtype=str, keep_default_na=False)
        elif path.suffix.lower() in (".csv", ".tsv"):
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig", sep="\t" if path.suffix.lower() == ".tsv" else ",")
        else:
            raise ValidationError(f"{name}: not a .csv, .tsv or .xlsx file")
    except ValidationError:
        raise
    except FileNotFoundError:
        raise ValidationError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise ValidationError(f"{name}: not UTF-8 text (save the CSV as UTF-8)") from None
    except Exception as exc:  # pandas and openpyxl raise many types for broken files
        raise ValidationError(f"{name}: cannot read it as a table ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else 'unreadable'})") from None
    return frame, name


def _label(value: object) -> bool | None:
    """True / False / None (not coded) for one cell; raises KeyError for anything else."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip().lower()
    if text.endswith(".0"):  # Excel stores 1 as 1.0
        text = text[:-2]
    if not text:
        return None
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise KeyError(text)


def _ratio(p: np.ndarray | float, m: np.ndarray | float, hits: float, misses: float) -> Any:
    """Recall from precision ``p`` (share of hits that are real) and miss rate ``m``."""
    found = np.asarray(p) * hits
    missed = np.asarray(m) * misses
    total = found + missed
    return np.where(total > 0, found / np.where(total > 0, total, 1), np.nan)


def _f1(p: Any, r: Any) -> Any:
    p, r = np.asarray(p, dtype=float), np.asarray(r, dtype=float)
    return np.where(p + r > 0, 2 * p * r / np.where(p + r > 0, p + r, 1), 0.0)


def validate(coded: str | Path | pd.DataFrame, alpha: float = ALPHA) -> pd.DataFrame:
    """Precision, recall and F1 per topic from a coded sample, with Wilson intervals.

    ``coded``: a file from :func:`write_sample` with ``coded_label`` filled
    (yes/no, 1/0, true/false, بله/خیر; blank: not coded, left out), or
    such a table. Needs ``doc_id``, ``topic``, ``stratum`` (``hit`` or
    ``no_hit``) and ``coded_label``; with ``stratum_size``, recall weights
    each stratum by the documents in it, without, by the coded rows.

    Returns:
        One row per topic: ``coded_hits``, ``true_hits``, ``precision`` and
        ``precision_low``/``precision_high``; ``coded_misses``, ``missed``,
        ``recall`` (+ interval); ``f1`` (+ interval); ``not_coded``.

    Raises:
        ValidationError: one line for a missing file, missing columns, a
            label or stratum that is not one, a document coded twice.
    """
    frame, name = _read(coded)
    frame.columns = [str(c).strip() for c in frame.columns]
    missing = [c for c in CODED_COLUMNS if c not in frame.columns]
    if missing:
        raise ValidationError(f"{name}: missing column(s) {', '.join(repr(c) for c in missing)} (a coded sample needs {', '.join(CODED_COLUMNS)})")
    labels = []
    for row, value in enumerate(frame["coded_label"], start=2):
        try:
            labels.append(_label(value))
        except KeyError as exc:
            raise ValidationError(f"{name}: row {row}: coded_label {exc.args[0]!r} is not a label (use yes/no, 1/0, true/false or بله/خیر; blank: not coded)") from None
    frame["label"] = labels
    frame["stratum"] = frame["stratum"].astype(str).str.strip()
    bad = frame.index[~frame["stratum"].isin(["hit", "no_hit"])]
    if len(bad):
        raise ValidationError(f"{name}: row {bad[0] + 2}: stratum {frame.loc[bad[0], 'stratum']!r} is not 'hit' or 'no_hit'")
    twice = frame.duplicated(["doc_id", "topic"])
    if twice.any():
        first = frame.index[twice][0]
        raise ValidationError(f"{name}: row {first + 2}: document {frame.loc[first, 'doc_id']!r} is coded twice for topic {frame.loc[first, 'topic']!r}")
    sizes: dict[tuple[str, str], float] = {}
    if "stratum_size" in frame.columns:
        for row, (topic, stratum, value) in enumerate(zip(frame["topic"], frame["stratum"], frame["stratum_size"], strict=True), start=2):
            try:
                size = float(str(value).strip())
            except ValueError:
                raise ValidationError(f"{name}: row {row}: stratum_size {value!r} is not a number") from None
            if not size >= 0 or size != int(size):
                raise ValidationError(f"{name}: row {row}: stratum_size {value!r} is not a whole number of documents")
            if sizes.setdefault((topic, stratum), size) != size:
                raise ValidationError(f"{name}: row {row}: stratum_size {value!r} differs from the topic's other {stratum} rows")
    rows = []
    for topic, group in frame.groupby("topic", sort=False):
        coded_rows = group[group["label"].notna()]
        hit = coded_rows[coded_rows["stratum"] == "hit"]["label"].astype(bool)
        miss = coded_rows[coded_rows["stratum"] == "no_hit"]["label"].astype(bool)
        n1, n0 = len(hit), len(miss)
        tp, fn = int(hit.sum()), int(miss.sum())
        big1 = sizes.get((topic, "hit"), float(n1))
        big0 = sizes.get((topic, "no_hit"), float(n0))
        precision = tp / n1 if n1 else np.nan
        (p_low,), (p_high,) = wilson([tp], [n1], alpha)
        (pj_low,), (pj_high,) = wilson([tp], [n1], alpha / 2)
        rate = fn / n0 if n0 else (0.0 if big0 == 0 else np.nan)
        (m_low,), (m_high,) = wilson([fn], [n0], alpha / 2) if n0 else ((rate,), (rate,))
        recall = float(_ratio(precision, rate, big1, big0))
        recall_low = float(_ratio(pj_low, m_high, big1, big0))
        recall_high = float(_ratio(pj_high, m_low, big1, big0))
        rows.append(
            {
                "topic": topic, "coded_hits": n1, "true_hits": tp, "precision": precision,
                "precision_low": p_low, "precision_high": p_high, "coded_misses": n0, "missed": fn,
                "recall": recall, "recall_low": recall_low, "recall_high": recall_high,
                "f1": float(_f1(precision, recall)) if n1 else np.nan,
                "f1_low": float(_f1(pj_low, recall_low)) if n1 else np.nan,
                "f1_high": float(_f1(pj_high, recall_high)) if n1 else np.nan,
                "not_coded": int(group["label"].isna().sum()),
            }
        )  # fmt: skip
    return pd.DataFrame(rows)


# ------------------------------------------------------------------ sample size
def _half_width(n: int, p: float, z: float) -> float:
    """Half the width of the Wilson score interval at ``p`` with ``n`` items."""
    return z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))


def sample_size(half_width: float = 0.05, precision: float = 0.9, alpha: float = ALPHA) -> int:
    """Items to code so that the Wilson interval of ``precision`` is at most ± ``half_width``.

    ``precision``: the value you expect (0.5 is the worst case). The answer is
    for one topic's ``hit`` stratum; recall needs a ``no_hit`` sample too.

    >>> sample_size(0.05, 0.5), sample_size(0.03, 0.95)
    (381, 215)
    """
    if not 0 < half_width < 0.5:
        raise ValueError(f"half_width must be between 0 and 0.5, not {half_width!r}")
    if not 0 <= precision <= 1:
        raise ValueError(f"precision must be between 0 and 1, not {precision!r}")
    from statistics import NormalDist

    z = NormalDist().inv_cdf(1 - alpha / 2)
    low, high = 1, 1
    while _half_width(high, precision, z) > half_width:
        low, high = high, high * 2
    while low < high:  # the half-width falls as n grows: the first n that is narrow enough
        middle = (low + high) // 2
        if _half_width(middle, precision, z) <= half_width:
            high = middle
        else:
            low = middle + 1
    return high


def sample_sizes(precisions: tuple[float, ...] = (0.5, 0.7, 0.8, 0.9, 0.95), half_widths: tuple[float, ...] = (0.10, 0.05, 0.03), alpha: float = ALPHA) -> pd.DataFrame:
    """:func:`sample_size` for expected precisions (rows) × half-widths (columns).

    >>> sample_sizes((0.9,), (0.05,)).values.tolist()
    [[141]]
    """
    table = pd.DataFrame(
        [[sample_size(h, p, alpha) for h in half_widths] for p in precisions],
        index=pd.Index(precisions, name="expected precision"),
        columns=[f"± {h:.0%}" for h in half_widths],
    )
    return table


# ---------------------------------------------------------------- one sentence
def explain(texts: str | list[str], lexicon: Any = None) -> pd.DataFrame:
    """Every hit in a few sentences, counted or suppressed and why: to check the rules by eye.

    Each text is normalized like a corpus document and treated as one document.

    >>> explain("مدیرعامل بانک تجارت گفت").values.tolist()
    [[0, 'trade', 'تجارت', 'suppressed', 'بانک تجارت', 'bank']]
    """
    from helpers.corpus.normalization import get_pipeline
    from helpers.topics.lexicon import load_lexicon
    from helpers.topics.tagging import matcher_for

    lexicon = lexicon if lexicon is not None and not isinstance(lexicon, str | Path) else load_lexicon(lexicon)
    texts = [texts] if isinstance(texts, str) else list(texts)
    pipeline = get_pipeline()
    normalized = [pipeline.normalize(t) for t in texts]
    counted, suppressed = matcher_for(lexicon).find_batch_with_suppressed(normalized, [[0]] * len(normalized))
    rows = []
    for number, (kept, out) in enumerate(zip(counted, suppressed, strict=True)):
        hits = [(m[2], number, m[0], m[1], "counted", "", "") for m in kept]
        hits += [(m[2], number, m[0], m[1], "suppressed", m[5], m[6]) for m in out]
        rows += [row[1:] for row in sorted(hits)]
    return pd.DataFrame(rows, columns=["text", "topic", "term", "status", "name", "name_kind"])
