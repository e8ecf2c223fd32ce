"""Uncertainty of shares: 95 % Wilson score intervals, and shares per period.

A share of documents is a proportion estimated from a sample of news; with
few documents it is uncertain, and 0 % or 100 % of three documents says
little. Every share the suite reports comes with a Wilson score interval
(statsmodels' ``proportion_confint(method="wilson")``), which stays inside
0–1 and behaves at 0 and n, unlike the normal approximation. A period with
fewer than ``min_documents`` documents is marked ``sparse``: charts show it
as such instead of drawing its share as a spike.

>>> low, high = wilson([0, 5, 10], [10, 10, 10])
>>> low.round(3).tolist(), high.round(3).tolist()
([0.0, 0.237, 0.722], [0.278, 0.763, 1.0])
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from statistics import NormalDist

import numpy as np
import pandas as pd

__all__ = ["ALPHA", "MIN_DOCUMENTS", "add_intervals", "share_over_time", "wilson"]

ALPHA = 0.05  # 95 % intervals
# Periods with fewer documents than this are marked sparse (a setting, not a law).
MIN_DOCUMENTS = 5


def wilson(count: Sequence[float] | np.ndarray, n: Sequence[float] | np.ndarray, alpha: float = ALPHA) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of ``count`` successes out of ``n``, element-wise.

    ``n == 0`` gives NaN (no documents: no estimate), without warnings.
    """
    z2 = _critical(alpha) ** 2
    count = np.asarray(count, dtype=float)
    n = np.asarray(n, dtype=float)
    low = np.full(count.shape, np.nan)
    high = np.full(count.shape, np.nan)
    known = n > 0
    if known.any():
        x, m = count[known], n[known]
        share = x / m
        denominator = 1.0 + z2 / m
        center = (share + z2 / (2.0 * m)) / denominator
        spread = np.sqrt(z2) * np.sqrt(share * (1.0 - share) / m + z2 / (4.0 * m * m)) / denominator
        low[known], high[known] = center - spread, center + spread
    # at 0 and n the Wilson bound is exactly 0 or 1 (floats drift by 1e-16)
    low[known & (count == 0)] = 0.0
    high[known & (count == n)] = 1.0
    return np.clip(low, 0.0, 1.0), np.clip(high, 0.0, 1.0)


@lru_cache(maxsize=16)
def _critical(alpha: float) -> float:
    """The two-sided normal quantile: 1.959963984540054 for ``alpha=0.05``."""
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha must be between 0 and 1, not {alpha!r}")
    return NormalDist().inv_cdf(1.0 - alpha / 2.0)


def add_intervals(table: pd.DataFrame, count: str, n: str | int, low: str = "share_low", high: str = "share_high", *, after: str | None = None) -> pd.DataFrame:
    """``table`` with the Wilson interval of ``count / n`` as columns ``low`` and ``high``.

    ``n`` is a column name or one number for every row; the new columns go
    right after ``after`` (default: at the end).

    >>> add_intervals(pd.DataFrame({"documents": [1, 4]}), "documents", 4).round(3).values.tolist()
    [[1.0, 0.046, 0.699], [4.0, 0.51, 1.0]]
    """
    totals = table[n].to_numpy(dtype=float) if isinstance(n, str) else np.full(len(table), float(n))
    lower, upper = wilson(table[count].to_numpy(dtype=float), totals)
    out = table.copy()
    position = list(out.columns).index(after) + 1 if after is not None else len(out.columns)
    out.insert(position, low, lower)
    out.insert(position + 1, high, upper)
    return out


def share_over_time(series: pd.DataFrame, min_documents: int = MIN_DOCUMENTS, topics: Sequence[str] | None = None) -> pd.DataFrame:
    """Long table of shares per period with their interval and n.

    Args:
        series: :meth:`Coverage.timeseries` with ``value="share_of_documents"``
            (an ``n_documents`` column and one share column per topic).
        min_documents: periods with fewer documents are ``sparse``.
        topics: topic columns to keep (default: all).

    Returns:
        ``period``, ``topic``, ``n_documents``, ``documents`` (mentioning
        the topic), ``share`` (NaN for a period without documents),
        ``share_low``, ``share_high``, ``sparse``.

    >>> table = pd.DataFrame({"n_documents": [4, 0, 12], "trade": [0.5, 0.0, 0.25]}, index=["1404-07", "1404-08", "1404-09"])
    >>> share_over_time(table)[["period", "documents", "share", "sparse"]].values.tolist()
    [['1404-07', 2, 0.5, True], ['1404-08', 0, nan, True], ['1404-09', 3, 0.25, False]]
    """
    if min_documents < 0:
        raise ValueError(f"min_documents must be 0 or more, not {min_documents}")
    ids = list(topics) if topics is not None else [c for c in series.columns if c not in ("n_documents", "n_undated")]
    n_docs = series["n_documents"].to_numpy(dtype=np.int64)
    frames = []
    for topic in ids:
        shares = series[topic].to_numpy(dtype=float)
        hits = np.rint(shares * n_docs).astype(np.int64)
        frames.append(
            pd.DataFrame(
                {
                    "period": series.index.astype("str"), "topic": topic, "n_documents": n_docs, "documents": hits,
                    "share": np.where(n_docs > 0, shares, np.nan),
                }
            )
        )  # fmt: skip
    columns = ["period", "topic", "n_documents", "documents", "share"]
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
    table = add_intervals(table, "documents", "n_documents")
    table["sparse"] = table["n_documents"].to_numpy() < min_documents
    return table
