"""Intervals, comparisons of sources and periods, and keyness — against reference computations."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency, fisher_exact

from analysis_corpora import two_outlets
from helpers import load_corpus, measure_coverage
from helpers.topics.comparison import two_proportion_test
from helpers.topics.intervals import share_over_time, wilson
from helpers.topics.keyness import log_likelihood, log_ratio

Z95 = 1.959963984540054


def _wilson_by_hand(x: int, n: int) -> tuple[float, float]:
    """Wilson (1927) score interval, written out: the reference."""
    p = x / n
    centre = (p + Z95**2 / (2 * n)) / (1 + Z95**2 / n)
    half = Z95 * math.sqrt(p * (1 - p) / n + Z95**2 / (4 * n * n)) / (1 + Z95**2 / n)
    return centre - half, centre + half


@pytest.mark.parametrize(("x", "n"), [(0, 1), (1, 1), (0, 12), (3, 12), (6, 12), (12, 12), (57, 400), (1, 100_000)])
def test_wilson_intervals_match_the_formula(x, n):
    low, high = wilson([x], [n])
    assert (low[0], high[0]) == pytest.approx(_wilson_by_hand(x, n), abs=1e-12)
    assert 0.0 <= low[0] <= x / n <= high[0] <= 1.0


@pytest.mark.parametrize("alpha", [0.05, 0.01, 0.1, 0.32])
def test_wilson_intervals_equal_statsmodels(alpha):
    """The closed form in NumPy is what statsmodels' proportion_confint gives."""
    from statsmodels.stats.proportion import proportion_confint

    count = np.array([0, 1, 3, 6, 12, 57, 1, 999, 50_000])
    n = np.array([1, 1, 12, 12, 12, 400, 100_000, 1_000, 100_000])
    low, high = wilson(count, n, alpha=alpha)
    expected_low, expected_high = proportion_confint(count, n, alpha=alpha, method="wilson")
    np.testing.assert_allclose(low, np.clip(expected_low, 0, 1), rtol=0, atol=1e-12)
    np.testing.assert_allclose(high, np.clip(expected_high, 0, 1), rtol=0, atol=1e-12)


@pytest.mark.parametrize("alpha", [0, 1, -0.5, 2])
def test_wilson_rejects_an_impossible_alpha(alpha):
    with pytest.raises(ValueError, match="alpha"):
        wilson([1], [2], alpha=alpha)


def test_no_documents_no_interval():
    low, high = wilson([0, 1], [0, 2])
    assert np.isnan(low[0]) and np.isnan(high[0]) and not np.isnan(low[1])


@pytest.fixture(scope="module")
def outlets(tmp_path_factory):
    root = tmp_path_factory.mktemp("outlets")
    for name, text in two_outlets().items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return measure_coverage(load_corpus(root, cache=False, workers=1), cache=False, workers=1)


def test_every_share_in_the_summary_has_its_interval(outlets):
    summary = outlets.summary()
    n = len(outlets.corpus.documents)
    for row in summary.itertuples():
        assert (row.share_low, row.share_high) == pytest.approx(_wilson_by_hand(row.documents, n), abs=1e-12)


def test_two_outlets_with_different_emphasis(outlets):
    table = outlets.compare(by="source", topics=["energy", "trade"])
    assert table[["group", "topic"]].values.tolist() == [["ایرنا", "energy"], ["ایرنا", "trade"], ["ایسنا", "energy"], ["ایسنا", "trade"]]
    rows = table.set_index(["group", "topic"])
    irna_energy = rows.loc[("ایرنا", "energy")]
    assert irna_energy["share"] == 1.0 and irna_energy["rest_share"] < 0.5 and irna_energy["difference"] > 0.5
    assert rows.loc[("ایسنا", "trade"), "share"] == 1.0
    assert table["significant"].all()
    # the z statistic squared is the uncorrected 2 x 2 chi-square
    for row in table.itertuples():
        observed = [[row.documents, row.n_documents - row.documents], [row.rest_documents, row.rest_n - row.rest_documents]]
        if row.test == "z":
            chi2, p, _, _ = chi2_contingency(observed, correction=False)
            assert row.statistic**2 == pytest.approx(chi2) and row.p_value == pytest.approx(p)
        else:
            assert row.test == "fisher" and row.p_value == pytest.approx(fisher_exact(observed)[1])
    # Holm: the smallest p value times the number of tests, capped at 1
    assert table["p_adjusted"].min() == pytest.approx(min(1.0, table["p_value"].min() * len(table)))
    assert "Holm" in table.attrs["note"] and table.attrs["tests"] == 4


def test_two_periods(outlets):
    table = outlets.compare(by="month", topics=["energy"])
    assert table["group"].tolist() == ["1404-07", "1404-09"]
    assert table["n_documents"].tolist() == [20, 20]
    assert not table["significant"].any()  # both months have both outlets
    gregorian = outlets.compare(by="month", calendar="gregorian", topics=["energy"])
    assert gregorian["group"].tolist() == ["2025-10", "2025-11"]
    series = outlets.share_over_time("month", "jalali", min_documents=21)
    assert set(series["period"]) == {"1404-07", "1404-08", "1404-09"}
    months = series[series["topic"] == "energy"].set_index("period")
    assert months.loc["1404-08", "n_documents"] == 0 and np.isnan(months.loc["1404-08", "share"])
    assert months["sparse"].all()  # 20 documents is below 21
    assert not share_over_time(outlets.timeseries("month", "jalali"), min_documents=20)["sparse"].iloc[0]


@pytest.mark.parametrize(
    ("by", "message"),
    [("colour", "cannot group by 'colour'"), ("boilerplate", "values are lists")],
)
def test_grouping_by_something_that_is_not_there(outlets, by, message):
    with pytest.raises(ValueError, match=message):
        outlets.compare(by=by)


@pytest.mark.parametrize(
    ("x1", "n1", "x2", "n2", "test"),
    [(30, 100, 10, 100, "z"), (3, 5, 0, 5, "fisher"), (0, 10, 0, 10, "fisher"), (1, 4, 1, 0, "none")],
)
def test_the_test_fits_the_counts(x1, n1, x2, n2, test):
    chosen, _, p = two_proportion_test(x1, n1, x2, n2)
    assert chosen == test
    assert (np.isnan(p) and test == "none") or 0.0 <= p <= 1.0


@pytest.mark.parametrize(("a", "b", "total_a", "total_b"), [(30, 10, 1000, 1000), (5, 0, 200, 5000), (1, 40, 90, 800), (12, 12, 500, 500)])
def test_log_likelihood_matches_scipy(a, b, total_a, total_b):
    observed = [[a, b], [total_a - a, total_b - b]]
    reference = chi2_contingency(observed, correction=False, lambda_="log-likelihood")[0] if a + b and a != b * total_a / total_b else 0.0
    g2 = float(log_likelihood(np.array([a]), np.array([b]), total_a, total_b)[0])
    assert abs(g2) == pytest.approx(reference, abs=1e-9)
    assert np.sign(g2) == np.sign(a / total_a - b / total_b)
    expected_ratio = math.log2((max(a, 0.5) / total_a) / (max(b, 0.5) / total_b))
    assert float(log_ratio(np.array([a]), np.array([b]), total_a, total_b)[0]) == pytest.approx(expected_ratio)


def test_keyness_ranks_the_planted_term_first(outlets):
    table = outlets.keyness("ایرنا", "ایسنا")
    # the planted word, and the lexicon term «پهپاد» (peace and security) it matches
    top = table.head(2)
    assert set(zip(top["item"], top["kind"], strict=True)) == {("پهپادی", "word"), ("پهپاد", "term")}
    assert (top["key_for"] == "a").all() and (top["count_b"] == 0).all() and (top["p_value"] < 1e-6).all()
    assert table.iloc[2]["g2"] < top["g2"].min()
    # lexicon terms are ranked too: energy terms for IRNA, trade terms for ISNA
    terms = table[table["kind"] == "term"]
    assert terms.iloc[1]["topic"] == "energy" and terms.iloc[-1]["topic"] == "trade"
    reverse = outlets.keyness("ایسنا")  # against every other document
    assert set(reverse.tail(2)["item"]) == {"پهپادی", "پهپاد"} and (reverse.tail(2)["key_for"] == "b").all()


@pytest.mark.parametrize(("group_a", "group_b"), [("ایلنا", None), ("ایرنا", "مهر")])
def test_keyness_of_a_group_with_no_documents_is_a_clear_error(outlets, group_a, group_b):
    with pytest.raises(ValueError, match="no document has source"):
        outlets.keyness(group_a, group_b)
