"""Comparing sources, periods or any grouping of documents.

For each group × topic: the share of the group's documents that mention the
topic, with its 95 % Wilson interval, and a test of the difference against
all other documents — a two-proportion z-test (statsmodels'
``proportions_ztest``, the same as a 2 × 2 chi-square without continuity
correction), or Fisher's exact test (scipy) where an expected cell count is
below 5. With many groups and topics some differences look significant by
chance: ``p_adjusted`` applies Holm's correction over every test in the
table (statsmodels' ``multipletests``), and ``significant`` uses it.

>>> import pandas as pd
>>> presence = pd.DataFrame({"trade": [1, 1, 1, 0, 0, 0]}, index=list("abcdef"))
>>> groups = pd.Series(["irna", "irna", "irna", "isna", "isna", "isna"], index=list("abcdef"))
>>> table = compare_groups(presence, groups)
>>> table[["group", "topic", "n_documents", "documents", "share", "rest_share", "test"]].values.tolist()
[['irna', 'trade', 3, 3, 1.0, 0.0, 'fisher'], ['isna', 'trade', 3, 0, 0.0, 1.0, 'fisher']]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from helpers.topics.intervals import ALPHA, add_intervals

__all__ = ["COMPARE_COLUMNS", "PERIODS", "compare_groups", "document_groups", "grouping_for", "largest_group", "two_proportion_test"]

PERIODS = ("month", "year")
COMPARE_COLUMNS = [
    "group", "topic", "n_documents", "documents", "share", "share_low", "share_high", "rest_documents",
    "rest_n", "rest_share", "difference", "test", "statistic", "p_value", "p_adjusted", "significant",
]  # fmt: skip
_MIN_EXPECTED = 5


def document_groups(documents: pd.DataFrame, by: str, calendar: str = "jalali") -> pd.Series:
    """The group of each document (index: ``doc_id``); missing values are NaN.

    Args:
        by: ``source``; ``month`` or ``year`` (of the date, in ``calendar``:
            ``jalali`` → «1404-09», ``gregorian`` → «2025-12»); or the name
            of any column of ``documents``.
    """
    if calendar not in ("jalali", "gregorian"):
        raise ValueError(f"calendar must be 'jalali' or 'gregorian', not {calendar!r}")
    index = pd.Index(documents["doc_id"].astype("str"), name="doc_id")
    if by in PERIODS:
        width = 7 if by == "month" else 4
        if calendar == "jalali":
            values = documents["date_jalali"].astype("object").map(lambda d: d[:width] if isinstance(d, str) else np.nan)
        else:
            values = pd.to_datetime(documents["date"]).dt.strftime("%Y-%m" if by == "month" else "%Y")
        return pd.Series(values.to_numpy(), index=index, name=by, dtype="object")
    if by not in documents.columns:
        options = ", ".join(["source", *PERIODS, "a column of corpus.documents"])
        raise ValueError(f"cannot group by {by!r}: use {options}")
    values = documents[by]
    if values.map(lambda v: isinstance(v, (list, tuple, dict, np.ndarray))).any():
        raise ValueError(f"cannot group by {by!r}: its values are lists, not labels")
    values = values.where(values.notna(), np.nan).map(lambda v: v if isinstance(v, float) and np.isnan(v) else str(v))
    return pd.Series(values.to_numpy(), index=index, name=by, dtype="object")


def grouping_for(documents: pd.DataFrame, calendar: str = "jalali") -> str:
    """What to compare a corpus by: ``source`` when the documents name at
    least two sources (or one, beside documents without), else ``month``
    when they span two months, else ``source``.

    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "source": [None, None], "date": pd.to_datetime(["2025-10-01", "2025-12-01"]),
    ...                      "date_jalali": ["1404-07-09", "1404-09-10"]})
    >>> grouping_for(docs)
    'month'
    """
    sources = document_groups(documents, "source", calendar)
    if sources.nunique() >= 2 or (sources.nunique() == 1 and sources.isna().any()):
        return "source"
    return "month" if document_groups(documents, "month", calendar).nunique() >= 2 else "source"


def largest_group(documents: pd.DataFrame, by: str, calendar: str = "jalali") -> str:
    """The group with the most documents (ties: the first in sorted order)."""
    counts = document_groups(documents, by, calendar).value_counts()
    if counts.empty:
        raise ValueError(f"no document has a {by} value")
    return str(sorted(counts.index, key=lambda g: (-int(counts[g]), str(g)))[0])


def two_proportion_test(x1: int, n1: int, x2: int, n2: int) -> tuple[str, float, float]:
    """``(test, statistic, p_value)`` for the difference of x1/n1 and x2/n2.

    Fisher's exact test (statistic: the odds ratio) when an expected count
    of the 2 × 2 table is below 5, else the two-proportion z-test.

    >>> two_proportion_test(30, 100, 10, 100)[0], round(two_proportion_test(30, 100, 10, 100)[2], 5)
    ('z', 0.00041)
    """
    # scipy and statsmodels load on first use (seconds), not with every import of helpers.topics
    from scipy.stats import fisher_exact
    from statsmodels.stats.proportion import proportions_ztest

    if n1 == 0 or n2 == 0:
        return "none", np.nan, np.nan
    hits, total = x1 + x2, n1 + n2
    expected = np.outer([n1, n2], [hits, total - hits]) / total
    if expected.min() < _MIN_EXPECTED:
        odds, p = fisher_exact([[x1, n1 - x1], [x2, n2 - x2]])
        return "fisher", float(odds), float(p)
    stat, p = proportions_ztest([x1, x2], [n1, n2])
    return "z", float(stat), float(p)


def compare_groups(
    presence: pd.DataFrame, groups: pd.Series, topics: Sequence[str] | None = None, alpha: float = ALPHA
) -> pd.DataFrame:
    """Group × topic shares, their intervals and tests against the rest.

    Args:
        presence: documents × topics, 1 where the document mentions the
            topic (index: ``doc_id``).
        groups: each document's group (index: ``doc_id``); documents with
            no group (NaN) are left out, and counted in ``attrs["left_out"]``.
        topics: columns of ``presence`` to compare (default: all).
        alpha: the family-wise error rate of ``significant`` (Holm).

    Returns:
        ``COMPARE_COLUMNS``, groups in order of size (then name), topics in
        the order given; ``attrs["note"]`` says what was tested.
    """
    from statsmodels.stats.multitest import multipletests

    ids = list(topics) if topics is not None else list(presence.columns)
    missing = [t for t in ids if t not in presence.columns]
    if missing:
        raise ValueError(f"unknown topic {missing[0]!r}")
    groups = groups.reindex(presence.index)
    known = groups.notna().to_numpy()
    if not known.any():
        raise ValueError(f"no document has a {groups.name or 'group'} value to compare by ({len(groups)} documents)")
    hits = presence.loc[known, ids].gt(0).astype("int64")
    labels = groups[known]
    sizes = labels.value_counts()
    order = sorted(sizes.index, key=lambda g: (-int(sizes[g]), str(g)))
    per_group = hits.groupby(labels.to_numpy()).sum().reindex(order)
    total_hits, total_n = hits.sum(), int(known.sum())
    rows = []
    for group in order:
        n = int(sizes[group])
        for topic in ids:
            x = int(per_group.loc[group, topic])
            rest_x, rest_n = int(total_hits[topic]) - x, total_n - n
            test, stat, p = two_proportion_test(x, n, rest_x, rest_n)
            rows.append((group, topic, n, x, x / n, rest_x, rest_n, rest_x / rest_n if rest_n else np.nan, test, stat, p))
    columns = ["group", "topic", "n_documents", "documents", "share", "rest_documents", "rest_n", "rest_share", "test", "statistic", "p_value"]
    table = pd.DataFrame(rows, columns=columns)
    table["difference"] = table["share"] - table["rest_share"]
    tested = table["p_value"].notna().to_numpy()
    table["p_adjusted"] = np.nan
    table["significant"] = False
    if tested.any():
        reject, adjusted, _, _ = multipletests(table.loc[tested, "p_value"].to_numpy(), alpha=alpha, method="holm")
        table.loc[tested, "p_adjusted"] = adjusted
        table.loc[tested, "significant"] = reject
    table = add_intervals(table, "documents", "n_documents", after="share")[COMPARE_COLUMNS]
    table["significant"] = table["significant"].astype(bool)
    table.attrs["left_out"] = int((~known).sum())
    table.attrs["tests"] = int(tested.sum())
    table.attrs["note"] = (
        f"Each group against all other documents: two-proportion z-test, or Fisher's exact test where an expected "
        f"count is below {_MIN_EXPECTED}. p_adjusted: Holm's correction over the {int(tested.sum())} tests in this "
        f"table; significant at a family-wise {alpha:.0%}. {int((~known).sum())} documents without a group left out."
    )
    return table
