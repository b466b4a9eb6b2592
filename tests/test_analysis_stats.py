"""The statistics functions against published values and scipy called directly.

Sources of the expected numbers: tests/data/reliability/README.md.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as sps

from surveytui.analysis import stats

DATA = Path(__file__).parent / "data" / "reliability"


def long_items():
    frame = pd.read_csv(DATA / "cronbach_alpha.csv")
    return frame.pivot(index="Subj", columns="Items", values="Scores")


def test_alpha_pingouin_long_example():
    items = long_items()
    cov = stats.pairwise_cov(items)
    alpha = stats.cronbach_alpha(cov)
    assert alpha == pytest.approx(0.5917188485995826, abs=1e-9)
    low, high = stats.feldt_ci(alpha, len(items), items.shape[1])
    assert low == pytest.approx(0.195, abs=1e-3)
    assert high == pytest.approx(0.840, abs=1e-3)


def test_alpha_pingouin_wide_missing_pairwise_and_listwise():
    items = pd.read_csv(DATA / "cronbach_wide_missing.csv", encoding="utf-8-sig")
    assert list(items.columns) == [f"Q{i}" for i in range(1, 12)]
    n, k = items.shape
    alpha = stats.cronbach_alpha(stats.pairwise_cov(items))
    assert alpha == pytest.approx(0.732660835214447, abs=1e-9)
    assert stats.feldt_ci(alpha, n, k) == pytest.approx([0.435, 0.909], abs=1e-3)
    complete = items.dropna()
    assert len(complete) == 9
    listwise = stats.cronbach_alpha(stats.pairwise_cov(complete))
    assert listwise == pytest.approx(0.8016949152542373, abs=1e-9)
    assert stats.feldt_ci(listwise, n, k) == pytest.approx([0.581, 0.933], abs=1e-3)
    assert stats.feldt_ci(listwise, len(complete), k) == pytest.approx([0.533, 0.947], abs=1e-3)


def test_alpha_mtcars_easystats_performance():
    cars = pd.read_csv(DATA / "mtcars.csv")
    assert cars["mpg"].sum() == pytest.approx(642.9)
    cov = stats.pairwise_cov(cars[["cyl", "gear", "carb", "hp"]])
    assert stats.cronbach_alpha(cov) == pytest.approx(0.09463206, abs=1e-8)


def test_psych_congeneric_example_alpha_drop_and_r_drop():
    loadings = np.array([0.8, 0.7, 0.6, 0.5])
    r = np.outer(loadings, loadings)
    np.fill_diagonal(r, 1.0)
    assert stats.cronbach_alpha(r) == pytest.approx(0.74, abs=0.005)
    assert stats.alpha_if_deleted(r) == pytest.approx([0.62, 0.66, 0.70, 0.74], abs=0.005)
    assert stats.item_rest_r(r) == pytest.approx([0.64, 0.57, 0.51, 0.43], abs=0.005)


def test_statsbase_covariance_example():
    cov = np.array([[10, 6, 6, 6], [6, 11, 6, 6], [6, 6, 12, 6], [6, 6, 6, 13]])
    assert stats.cronbach_alpha(cov) == pytest.approx(0.8136, abs=5e-5)
    assert stats.alpha_if_deleted(cov) == pytest.approx([0.7500, 0.7606, 0.7714, 0.7826], abs=5e-5)


def test_item_rest_r_equals_correlation_with_rest_on_complete_data():
    rng = np.random.default_rng(3)
    data = rng.integers(1, 6, size=(40, 4)).astype(float)
    got = stats.item_rest_r(stats.pairwise_cov(data))
    for i in range(4):
        rest = np.delete(data, i, axis=1).sum(axis=1)
        assert got[i] == pytest.approx(np.corrcoef(data[:, i], rest)[0, 1], abs=1e-12)


def test_reliability_needs_enough_items():
    one = np.array([[2.0]])
    two = np.array([[1.0, 0.5], [0.5, 1.0]])
    assert stats.cronbach_alpha(one) is None
    assert stats.alpha_if_deleted(two) is None
    assert stats.item_rest_r(one) is None
    assert stats.feldt_ci(None, 10, 3) is None
    assert stats.cronbach_alpha(np.zeros((3, 3))) is None
    assert stats.item_rest_r(np.array([[0.0, 0.0], [0.0, 1.0]]))[0] is None


def test_wilson_interval_newcombe_1998():
    # Newcombe (1998), Stat Med 17:857-872, Table II, method 3 (score interval).
    cases = [
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ]
    for k, n, low, high in cases:
        assert stats.wilson_ci(k, n) == pytest.approx([low, high], abs=1e-4)
    assert stats.wilson_ci(0, 0) is None


def test_mean_ci_t_against_scipy():
    values = np.array([3, 4, 4, 5, 2, 5, 4, 3], dtype=float)
    mean, sd, n = values.mean(), values.std(ddof=1), len(values)
    expected = sps.t.interval(0.95, n - 1, loc=mean, scale=sps.sem(values))
    assert stats.mean_ci_t(mean, sd, n) == pytest.approx(list(expected), abs=1e-12)
    assert stats.mean_ci_t(3.0, None, 1) is None


def test_two_groups_against_scipy():
    x = np.array([5, 4, 4, 5, 3, 5, 4], dtype=float)
    y = np.array([2, 3, 3, 4, 1, 2], dtype=float)
    result = stats.compare([x, y])
    expected = sps.mannwhitneyu(x, y)
    assert result["test"] == "mann-whitney"
    assert result["statistic"] == pytest.approx(expected.statistic)
    assert result["p"] == pytest.approx(expected.pvalue)
    assert result["effect"]["name"] == "rank_biserial"
    assert result["effect"]["value"] == pytest.approx(2 * expected.statistic / (7 * 6) - 1)
    assert result["effect"]["value"] > 0
    assert stats.compare([y, x])["effect"]["value"] == pytest.approx(-result["effect"]["value"])


def test_rank_biserial_by_hand():
    assert stats.rank_biserial(0, 3, 3) == -1
    assert stats.rank_biserial(9, 3, 3) == 1
    assert stats.rank_biserial(4.5, 3, 3) == 0
    assert stats.compare([np.array([1.0, 2, 3]), np.array([4.0, 5, 6])])["effect"]["value"] == -1


def test_three_groups_against_scipy():
    groups = [
        np.array([1, 2, 2, 3, 3], float),
        np.array([3, 4, 4, 5], float),
        np.array([2, 3, 5, 5, 5, 4], float),
    ]
    result = stats.compare(groups)
    h, p = sps.kruskal(*groups)
    n = 15
    assert result["test"] == "kruskal-wallis"
    assert result["statistic"] == pytest.approx(h)
    assert result["p"] == pytest.approx(p)
    assert result["effect"] == {
        "name": "epsilon_squared",
        "value": pytest.approx(h * (n + 1) / (n * n - 1)),
    }
    assert stats.epsilon_squared(4.0, 5) == pytest.approx(4 * 6 / 24)


def test_compare_when_every_value_is_equal_gives_no_number_but_no_error():
    same = [np.ones(4), np.ones(5), np.ones(3)]
    result = stats.compare(same)
    assert result["statistic"] is None and result["p"] is None
    two = stats.compare([np.ones(4), np.ones(5)])
    assert all(v is None or np.isfinite(v) for v in (two["statistic"], two["p"]))


def test_finite():
    assert stats.finite(float("nan")) is None
    assert stats.finite(float("inf")) is None
    assert stats.finite(None) is None
    assert stats.finite(np.float64(2.5)) == 2.5


codes = st.integers(min_value=1, max_value=5)


@settings(max_examples=60, deadline=None)
@given(st.lists(codes, min_size=1, max_size=30))
def test_reverse_keying_twice_is_identity(values):
    arr = np.array(values, dtype=float)
    assert np.array_equal(stats.reverse_key(stats.reverse_key(arr, 1, 5), 1, 5), arr)


@settings(max_examples=60, deadline=None)
@given(st.lists(codes, min_size=3, max_size=30).filter(lambda v: len(set(v)) > 1))
def test_alpha_of_two_identical_items_is_one(values):
    column = np.array(values, dtype=float)
    cov = stats.pairwise_cov(np.column_stack([column, column]))
    assert stats.cronbach_alpha(cov) == pytest.approx(1.0, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(st.one_of(codes, st.none()), min_size=3, max_size=3), min_size=4, max_size=25
    ),
    st.randoms(use_true_random=False),
)
def test_alpha_ignores_row_order_and_empty_rows(rows, rnd):
    data = np.array([[np.nan if v is None else v for v in row] for row in rows], dtype=float)
    alpha = stats.cronbach_alpha(stats.pairwise_cov(data))
    order = list(range(len(data)))
    rnd.shuffle(order)
    shuffled = data[order]
    with_empty = np.vstack([data, np.full((1, 3), np.nan)])
    for other in (shuffled, with_empty):
        again = stats.cronbach_alpha(stats.pairwise_cov(other))
        assert (alpha is None and again is None) or again == pytest.approx(alpha, abs=1e-9)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rank_tests_from_counts_equal_scipy_on_large_samples(seed):
    rng = np.random.default_rng(seed)
    codes = [rng.integers(1, 6, size=n).astype(float) for n in (300, 520, 9)]
    scores = [np.round(rng.normal(3, 1, size=n), 3) for n in (200, 310, 12, 40)]
    # scale scores: means of 2, 3 or 4 item codes, which tie across denominators (2/2 = 3/3)
    means = [rng.integers(2, 21, size=n) / rng.choice([2, 3, 4], size=n) for n in (400, 350, 90)]
    for vectors in (codes[:2], codes[1:], codes, scores[:2], scores, means[:2], means):
        result = stats.compare(vectors)
        expected = sps.mannwhitneyu(*vectors) if len(vectors) == 2 else sps.kruskal(*vectors)
        assert result["statistic"] == pytest.approx(expected.statistic, rel=1e-12)
        assert result["p"] == pytest.approx(expected.pvalue, rel=1e-9, abs=1e-300)


def test_rank_tests_small_and_degenerate_cases_equal_scipy():
    cases = [
        [np.array([1.0, 4, 7]), np.array([2.0, 3, 9, 10])],  # exact: small, no ties
        [np.array([1.0, 2, 2]), np.array([2.0, 3, 3, 4])],  # small with ties
        [np.ones(4), np.ones(5)],  # every value the same
        [np.arange(9.0), np.arange(9.0) + 0.5],  # both above 8, no ties
    ]
    for x, y in cases:
        result = stats.compare([x, y])
        expected = sps.mannwhitneyu(x, y)
        assert result["statistic"] == pytest.approx(expected.statistic)
        assert result["p"] == pytest.approx(expected.pvalue)
