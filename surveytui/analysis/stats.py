"""Small pure statistics functions: reliability, intervals, effect sizes.

Each takes plain numbers or numpy arrays and returns plain Python numbers (or None where
the statistic is undefined), so that the review screen, the reports and the follow-up
work can call them directly. Conventions follow R psych and pingouin (reliability) and
scipy (tests); see docs/analyze-json.md.

- `finite(x)`: a float, or None for NaN, infinity and None.
- `reverse_key(values, low, high)`: `low + high - values`.
- `pairwise_cov(matrix)`: item covariances from pairwise-complete rows (ddof 1).
- `cronbach_alpha(cov)`, `alpha_if_deleted(cov)`, `item_rest_r(cov)` (psych's `r.drop`),
  `feldt_ci(alpha, n, k)`: reliability from one covariance matrix.
- `mean_ci_t(mean, sd, n)`, `wilson_ci(successes, n)`: 95% intervals.
- `compare(vectors)`: Mann-Whitney U with `rank_biserial` for two samples,
  Kruskal-Wallis with `epsilon_squared` for more, each as scipy computes them with its
  defaults (`mann_whitney`, `kruskal_wallis`, from `rank_sums`; the tests hold them to
  scipy called directly).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import special

LEVEL = 0.95
# A variance this small relative to the covariances is zero up to rounding: no variance.
_ROUNDING = 1e-12


def finite(value: Any) -> float | None:
    """The value as a float, or None when it is missing, NaN or infinite."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def reverse_key(values: Any, low: int, high: int) -> Any:
    """Reverse-keyed codes: the lowest code becomes the highest (NaN stays NaN)."""
    return low + high - values


def pairwise_cov(matrix: np.ndarray | pd.DataFrame) -> np.ndarray:
    """The covariance matrix of the columns from pairwise-complete rows, as R's `use="pairwise"`.

    Computed with three matrix products on deviations from each column's mean (the same
    sums pandas' `DataFrame.cov` loops over, in a fraction of the time on large files);
    a pair with fewer than two rows gives NaN.
    """
    values = np.asarray(matrix, dtype=float)
    present = (~np.isnan(values)).astype(float)
    deviations = np.where(present > 0, values, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        deviations -= deviations.sum(axis=0) / present.sum(axis=0)
        deviations *= present
        counts = present.T @ present
        sums = deviations.T @ present
        cov = (deviations.T @ deviations - sums * sums.T / counts) / (counts - 1)
    cov[counts < 2] = np.nan
    result: np.ndarray = cov  # numpy types the operands loosely; the result is an array
    return result


def cronbach_alpha(cov: np.ndarray) -> float | None:
    """Cronbach's alpha from an item covariance matrix; None for fewer than 2 items."""
    cov = np.asarray(cov, dtype=float)
    k = cov.shape[0]
    if k < 2:
        return None
    total = cov.sum()
    if not math.isfinite(total) or abs(total) <= _ROUNDING * np.abs(cov).sum():
        return None
    return finite(k / (k - 1) * (1 - np.trace(cov) / total))


def feldt_ci(alpha: float | None, n: int, k: int, level: float = LEVEL) -> list[float] | None:
    """Feldt's interval for alpha with n respondents (all rows) and k items."""
    if alpha is None or n < 2 or k < 2:
        return None
    tail = (1 - level) / 2
    dfn, dfd = n - 1, (n - 1) * (k - 1)
    low = finite(1 - (1 - alpha) * special.fdtri(dfn, dfd, 1 - tail))
    high = finite(1 - (1 - alpha) * special.fdtri(dfn, dfd, tail))
    return None if low is None or high is None else [low, high]


def _without(cov: np.ndarray, index: int) -> np.ndarray:
    keep = [j for j in range(cov.shape[0]) if j != index]
    return cov[np.ix_(keep, keep)]


def alpha_if_deleted(cov: np.ndarray) -> list[float | None] | None:
    """Alpha of the remaining items when each item is left out; None for fewer than 3 items."""
    cov = np.asarray(cov, dtype=float)
    if cov.shape[0] < 3:
        return None
    return [cronbach_alpha(_without(cov, i)) for i in range(cov.shape[0])]


def item_rest_r(cov: np.ndarray) -> list[float | None] | None:
    """Each item's correlation with the sum of the other items (psych's `r.drop`)."""
    cov = np.asarray(cov, dtype=float)
    k = cov.shape[0]
    if k < 2:
        return None
    result: list[float | None] = []
    scale = np.abs(cov).sum()
    for i in range(k):
        rest_var = _without(cov, i).sum()
        if not (cov[i, i] > _ROUNDING * scale and rest_var > _ROUNDING * scale):
            result.append(None)  # no variance, or undefined pairwise covariances (NaN)
            continue
        r = (cov[:, i].sum() - cov[i, i]) / math.sqrt(cov[i, i] * rest_var)
        result.append(finite(r))
    return result


def mean_ci_t(
    mean: float | None, sd: float | None, n: int, level: float = LEVEL
) -> list[float] | None:
    """The t interval of a mean; None for fewer than 2 values."""
    if mean is None or sd is None or n < 2:
        return None
    half = special.stdtrit(n - 1, 1 - (1 - level) / 2) * sd / math.sqrt(n)
    return [float(mean - half), float(mean + half)]


def wilson_ci(successes: int, n: int, level: float = LEVEL) -> list[float] | None:
    """Wilson's score interval of a proportion, as fractions 0-1; None when n is 0."""
    if n <= 0:
        return None
    z = special.ndtri(1 - (1 - level) / 2)
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return [max(0.0, centre - half), min(1.0, centre + half)]


def rank_biserial(u1: float, n1: int, n2: int) -> float | None:
    """Rank-biserial correlation 2*U1/(n1*n2) - 1: positive when the first sample is higher."""
    if n1 == 0 or n2 == 0:
        return None
    return finite(2 * u1 / (n1 * n2) - 1)


def epsilon_squared(h: float, n: int) -> float | None:
    """Epsilon squared H*(n+1)/(n^2-1) of a Kruskal-Wallis H over n values."""
    if n < 2:
        return None
    return finite(h * (n + 1) / (n * n - 1))


# Scale scores are means of 1..12 whole-number codes: whole numbers on this grid.
_SCORE_GRID = 27720  # lcm(1, ..., 12)


def _grid_keys(pooled: np.ndarray) -> np.ndarray | None:
    """Whole numbers in the same order and with the same ties as the values, if there are."""
    for step in (1, _SCORE_GRID):
        keys = np.rint(pooled * step)
        span = keys.max() - keys.min()
        if span < 1_000_000 and np.all(np.abs(pooled * step - keys) < 1e-6):
            grid: np.ndarray = (keys - keys.min()).astype(np.int64)
            return grid
    return None


def rank_sums(vectors: Sequence[np.ndarray]) -> tuple[list[float], float]:
    """Each sample's sum of midranks in the pooled data, and the tie term sum(t^3 - t).

    Ranks come from counts per distinct value (a bincount where the values are whole
    numbers, or means of up to 12 of them), not from sorting every value, so a million
    answers rank in milliseconds.
    """
    pooled = np.concatenate(vectors)
    keys = _grid_keys(pooled)
    bounds = np.cumsum([len(v) for v in vectors])[:-1]
    if keys is not None:
        size = int(keys.max()) + 1
    else:
        distinct, keys = np.unique(pooled, return_inverse=True)
        size = len(distinct)
    per = [np.bincount(part, minlength=size) for part in np.split(keys, bounds)]
    total = np.sum(per, axis=0).astype(float)
    midrank = np.cumsum(total) - (total - 1) / 2
    return [float(counts @ midrank) for counts in per], float((total**3 - total).sum())


def mann_whitney(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """U1 and the two-sided p of scipy's `mannwhitneyu(x, y)` with its defaults.

    scipy's "auto" method is exact for samples of at most 8 without ties, and otherwise
    the normal approximation with tie and continuity corrections, computed here from
    rank sums; the exact case is left to scipy.
    """
    n1, n2 = len(x), len(y)
    (r1, _), tie_term = rank_sums([x, y])
    if (n1 <= 8 or n2 <= 8) and tie_term == 0:
        from scipy import stats as sps  # a second to import: only for this small case

        exact = sps.mannwhitneyu(x, y)
        return float(exact.statistic), float(exact.pvalue)
    u1 = r1 - n1 * (n1 + 1) / 2
    u = max(u1, n1 * n2 - u1)
    n = n1 + n2
    spread = math.sqrt(n1 * n2 / 12 * ((n + 1) - tie_term / (n * (n - 1))))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.float64(u - n1 * n2 / 2 - 0.5) / spread
    return u1, float(np.clip(2 * special.ndtr(-z), 0.0, 1.0))


def kruskal_wallis(vectors: Sequence[np.ndarray]) -> tuple[float, float]:
    """H (corrected for ties) and p of scipy's `kruskal(*vectors)`, from rank sums."""
    sums, tie_term = rank_sums(vectors)
    n = sum(len(v) for v in vectors)
    h = 12.0 / (n * (n + 1)) * sum(r * r / len(v) for r, v in zip(sums, vectors)) - 3 * (n + 1)
    h /= 1 - tie_term / (n**3 - n)
    return h, float(special.chdtrc(len(vectors) - 1, h))


def compare(vectors: Sequence[np.ndarray]) -> dict[str, Any]:
    """Test whether samples differ: Mann-Whitney U for two, Kruskal-Wallis for more.

    Returns `test`, `statistic`, `p` and `effect` {`name`, `value`}, the numbers scipy's
    `mannwhitneyu` and `kruskal` give with their defaults; they are None when a sample is
    empty or every value is the same (no ranks to compare).
    """
    vectors = [np.asarray(v, dtype=float) for v in vectors]
    two = len(vectors) == 2
    result: dict[str, Any] = {
        "test": "mann-whitney" if two else "kruskal-wallis",
        "statistic": None,
        "p": None,
        "effect": {"name": "rank_biserial" if two else "epsilon_squared", "value": None},
    }
    if len(vectors) < 2 or not all(len(v) for v in vectors):
        return result
    pooled_n = sum(len(v) for v in vectors)
    if two:
        u1, p = mann_whitney(*vectors)
        result.update(statistic=finite(u1), p=finite(p))
        result["effect"]["value"] = rank_biserial(u1, len(vectors[0]), len(vectors[1]))
    elif np.ptp(np.concatenate(vectors)) > 0:
        h, p = kruskal_wallis(vectors)
        result.update(statistic=finite(h), p=finite(p))
        result["effect"]["value"] = epsilon_squared(h, pooled_n)
    return result
