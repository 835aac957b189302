"""Agreement between two markers of the same items: percentage agreement and Cohen's kappa.

Input is a sequence of (item id, rater A's value, rater B's value) for nominal values
such as yes / partly / no. Values are compared after trimming and lower-casing.

Not applicable and missing answers
    A value of None or "" is *missing* (not answered): the pair is never compared and
    is counted in `missing`. A value in `na_values` ("na", "n/a", "not applicable") is
    *not applicable*. With na_policy "exclude" (the default) a pair where either
    marker said not applicable is left out of both figures, and counted: `na_both`
    (both said not applicable: they agree the question does not apply) and `na_one`
    (one did, one answered: a disagreement about applicability, worth reviewing with
    the differences). With na_policy "category", not applicable is one more nominal
    category and such pairs count like any other.

Kappa
    kappa = (p_o - p_e) / (1 - p_e), p_o the observed share of agreeing pairs and
    p_e = sum_i p_i. p_.i the agreement expected from each marker's own spread of
    answers (Cohen 1960). When p_e = 1 (both markers gave every item the same single
    category) kappa is 0 / 0: it is None with a reason, while agreement is 100%.

Interval ("asymptotic", the default)
    kappa +/- z SE with the large-sample standard error of Fleiss, Cohen and Everitt
    (1969, Psychological Bulletin 72:323-327), in its non-null form (the one for
    intervals; testing kappa = 0 uses a simpler SE that this module does not need):

        SE = sqrt(A + B - C) / ((1 - p_e) sqrt(n))
        A  = sum_i p_ii [1 - (p_i. + p_.i)(1 - kappa)]^2
        B  = (1 - kappa)^2 sum_{i != j} p_ij (p_.i + p_j.)^2
        C  = [kappa - p_e (1 - kappa)]^2

    with p_ij the share of pairs where A said i and B said j. The interval is clipped
    to [-1, 1]. At kappa = 1 the SE is 0, so the interval is the single point 1: with
    few items that overstates certainty; use the bootstrap, or read n beside it.

Interval ("bootstrap")
    Percentile interval from `bootstrap_samples` resamples drawn with a fixed seed,
    so the same data always give the same interval. Resampling is by item id: pairs
    from one item (e.g. all the answers in one case) move together, since they are
    not independent. Resamples where kappa is undefined are dropped and counted in
    `bootstrap_undefined`.

Percentage agreement carries a 95% Wilson interval, as the engine's figures do.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from yjaudit.engine.wilson import wilson_interval

DEFAULT_NA_VALUES: tuple[str, ...] = ("na", "n/a", "not applicable")
Z_95 = 1.96
DEFAULT_BOOTSTRAP_SAMPLES = 2000
DEFAULT_SEED = 20240401


class NaPolicy(StrEnum):
    EXCLUDE = "exclude"
    CATEGORY = "category"


class IntervalMethod(StrEnum):
    ASYMPTOTIC = "asymptotic"  # Fleiss, Cohen and Everitt (1969) large-sample SE
    BOOTSTRAP = "bootstrap"  # percentile, resampling items, fixed seed
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Agreement:
    n: int  # pairs compared
    agreed: int
    categories: tuple[str, ...]
    # Cross-table: rows are rater A's categories, columns rater B's, in `categories` order.
    table: tuple[tuple[int, ...], ...]
    items: int  # distinct item ids among the compared pairs
    interval: IntervalMethod
    percent: float | None = None  # percentage agreement, 0-100; None when nothing compared
    percent_ci: tuple[float, float] | None = None  # 95% Wilson interval, percent
    kappa: float | None = None
    kappa_reason: str | None = None  # why kappa is None
    se: float | None = None  # asymptotic SE of kappa (whatever the interval method)
    ci_low: float | None = None
    ci_high: float | None = None
    expected: float | None = None  # p_e, the chance agreement
    na_both: int = 0
    na_one: int = 0
    missing: int = 0
    bootstrap_undefined: int = 0
    notes: tuple[str, ...] = field(default=())

    @property
    def disagreed(self) -> int:
        return self.n - self.agreed


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    text = str(value).strip().lower()
    return text or None


def _kappa_parts(table: npt.NDArray[np.int64]) -> tuple[Fraction, Fraction, Fraction | None]:
    """(p_o, p_e, kappa) exactly; kappa None when p_e = 1."""
    n = int(table.sum())
    rows, cols = table.sum(axis=1), table.sum(axis=0)
    p_o = Fraction(int(np.trace(table)), n)
    p_e = Fraction(int((rows * cols).sum()), n * n)
    if p_e == 1:
        return p_o, p_e, None
    return p_o, p_e, (p_o - p_e) / (1 - p_e)


def fleiss_cohen_everitt_se(table: npt.NDArray[np.int64]) -> float | None:
    """Large-sample SE of kappa (Fleiss, Cohen and Everitt 1969); None if kappa undefined."""
    n = int(table.sum())
    if n == 0:
        return None
    _, p_e_exact, kappa_exact = _kappa_parts(table)
    if kappa_exact is None:
        return None
    # Exact arithmetic: the tables are small, and A + B - C can be a difference of
    # nearly equal terms (exactly 0 when one marker used a single category), which
    # floats would turn into noise of order 1e-9 after the square root.
    counts = [[int(x) for x in row] for row in table]
    k = len(counts)
    p = [[Fraction(c, n) for c in row] for row in counts]
    rows = [sum(p[i]) for i in range(k)]
    cols = [sum(p[i][j] for i in range(k)) for j in range(k)]
    kappa, p_e = kappa_exact, p_e_exact
    a = sum(p[i][i] * (1 - (rows[i] + cols[i]) * (1 - kappa)) ** 2 for i in range(k))
    b = (1 - kappa) ** 2 * sum(
        p[i][j] * (cols[i] + rows[j]) ** 2 for i in range(k) for j in range(k) if i != j
    )
    c = (kappa - p_e * (1 - kappa)) ** 2
    variance = (a + b - c) / ((1 - p_e) ** 2 * n)
    # Guard: the estimator is not a proven square, so never take the root of a negative.
    return math.sqrt(max(float(variance), 0.0))


def _bootstrap(
    cluster_tables: npt.NDArray[np.int64], samples: int, seed: int
) -> tuple[float | None, float | None, int]:
    """Percentile 95% interval of kappa, resampling clusters (items). Vectorised."""
    clusters, k2 = cluster_tables.shape
    k = math.isqrt(k2)
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, clusters, size=(samples, clusters))
    # How often each cluster was drawn in each resample, then the resampled tables.
    offsets = picks + clusters * np.arange(samples)[:, None]
    weights = np.bincount(offsets.ravel(), minlength=samples * clusters).reshape(samples, clusters)
    tables = (weights @ cluster_tables).reshape(samples, k, k)
    n = tables.sum(axis=(1, 2))
    agree = np.trace(tables, axis1=1, axis2=2)
    chance = (tables.sum(axis=2) * tables.sum(axis=1)).sum(axis=1)
    defined = (chance != n * n) & (n > 0)
    undefined = int((~defined).sum())
    if not defined.any():
        return None, None, undefined
    nd = n[defined].astype(float)
    p_o = agree[defined] / nd
    p_e = chance[defined] / (nd * nd)
    kappas = (p_o - p_e) / (1.0 - p_e)
    low, high = np.quantile(kappas, [0.025, 0.975])
    return float(low), float(high), undefined


@dataclass(frozen=True, slots=True)
class _Sorted:
    """The pairs to compare, and the counts of those left out."""

    compared: list[tuple[Hashable, str, str]]
    na_both: int
    na_one: int
    missing: int


def _sort_pairs(
    pairs: Iterable[tuple[Hashable, str | None, str | None]], na: set[str], policy: NaPolicy
) -> _Sorted:
    """Cleaned pairs to compare; missing and (under "exclude") not applicable counted."""
    compared: list[tuple[Hashable, str, str]] = []
    na_both = na_one = missing = 0
    for item, raw_a, raw_b in pairs:
        a, b = _clean(raw_a), _clean(raw_b)
        if a is None or b is None:
            missing += 1
            continue
        if policy is NaPolicy.EXCLUDE and (a in na or b in na):
            if a in na and b in na:
                na_both += 1
            else:
                na_one += 1
            continue
        compared.append((item, a, b))
    return _Sorted(compared, na_both, na_one, missing)


def _categories(
    compared: Sequence[tuple[Hashable, str, str]], categories: Sequence[str] | None
) -> tuple[str, ...]:
    """The categories in order: those given (every value must be one), else those seen."""
    if categories is None:
        return tuple(sorted({v for _, a, b in compared for v in (a, b)}))
    cats = tuple(c.strip().lower() for c in categories)
    if len(set(cats)) != len(cats):
        raise ValueError("a category is listed twice")
    unknown = sorted({v for _, a, b in compared for v in (a, b)} - set(cats))
    if unknown:
        raise ValueError(f"values not among the categories {list(cats)}: {unknown}")
    return cats


def _cross_table(
    compared: Sequence[tuple[Hashable, str, str]], index: Mapping[str, int]
) -> npt.NDArray[np.int64]:
    """Counts of pairs: rows rater A's categories, columns rater B's."""
    k = len(index)
    table = np.zeros((k, k), dtype=np.int64)
    for _, a, b in compared:
        table[index[a], index[b]] += 1
    return table


def _undefined_reason(cats: Sequence[str], table: npt.NDArray[np.int64]) -> str:
    only = cats[int(np.argmax(table.sum(axis=1)))]
    return (
        f"both markers gave every item the same answer ({only!r}), so agreement "
        "expected by chance is 100% and kappa is undefined"
    )


def _bootstrap_interval(
    compared: Sequence[tuple[Hashable, str, str]],
    index: Mapping[str, int],
    samples: int,
    seed: int,
) -> tuple[float | None, float | None, int]:
    """The bootstrap interval, resampling by item id (one cross-table per item)."""
    k = len(index)
    order = {item: i for i, item in enumerate(dict.fromkeys(i for i, _, _ in compared))}
    cluster_tables = np.zeros((len(order), k * k), dtype=np.int64)
    for item, a, b in compared:
        cluster_tables[order[item], index[a] * k + index[b]] += 1
    return _bootstrap(cluster_tables, samples, seed)


def _kappa_interval(
    method: IntervalMethod,
    kappa: float,
    se: float | None,
    z: float,
    compared: Sequence[tuple[Hashable, str, str]],
    index: Mapping[str, int],
    samples: int,
    seed: int,
) -> tuple[float | None, float | None, int, list[str]]:
    """(low, high, resamples with kappa undefined, notes) by the chosen method."""
    low = high = None
    undefined = 0
    notes: list[str] = []
    if method is IntervalMethod.ASYMPTOTIC and se is not None:
        low, high = max(-1.0, kappa - z * se), min(1.0, kappa + z * se)
    elif method is IntervalMethod.BOOTSTRAP:
        low, high, undefined = _bootstrap_interval(compared, index, samples, seed)
        if undefined:
            notes.append(f"{undefined} of {samples} resamples had undefined kappa")
    return low, high, undefined, notes


def cohen_kappa(
    pairs: Iterable[tuple[Hashable, str | None, str | None]],
    *,
    categories: Sequence[str] | None = None,
    na_values: Sequence[str] = DEFAULT_NA_VALUES,
    na_policy: NaPolicy | str = NaPolicy.EXCLUDE,
    interval: IntervalMethod | str = IntervalMethod.ASYMPTOTIC,
    z: float = Z_95,
    bootstrap_samples: int = DEFAULT_BOOTSTRAP_SAMPLES,
    seed: int = DEFAULT_SEED,
) -> Agreement:
    """Percentage agreement and Cohen's kappa for (item id, value A, value B) pairs.

    `categories` fixes the category order (and rejects unknown values); by default it
    is the sorted set of values seen.
    """
    policy = NaPolicy(na_policy)
    method = IntervalMethod(interval)
    if bootstrap_samples < 1:
        raise ValueError("bootstrap_samples must be at least 1")
    sorted_pairs = _sort_pairs(pairs, {v.strip().lower() for v in na_values}, policy)
    compared = sorted_pairs.compared
    cats = _categories(compared, categories)
    index = {c: i for i, c in enumerate(cats)}
    table = _cross_table(compared, index)
    n = len(compared)
    base = Agreement(
        n=0,
        agreed=0,
        categories=cats,
        table=tuple(tuple(int(x) for x in row) for row in table),
        items=0,
        interval=method,
        na_both=sorted_pairs.na_both,
        na_one=sorted_pairs.na_one,
        missing=sorted_pairs.missing,
    )
    if n == 0:
        return replace(base, kappa_reason="no pairs to compare")

    agreed = int(np.trace(table))
    p_o, p_e, kappa_exact = _kappa_parts(table)
    base = replace(
        base,
        n=n,
        agreed=agreed,
        percent=100.0 * agreed / n,
        percent_ci=wilson_interval(p_o, n),
        expected=float(p_e),
        items=len({item for item, _, _ in compared}),
    )
    if kappa_exact is None:
        return replace(base, kappa_reason=_undefined_reason(cats, table))

    kappa = float(kappa_exact)
    se = fleiss_cohen_everitt_se(table)
    low, high, undefined, notes = _kappa_interval(
        method, kappa, se, z, compared, index, bootstrap_samples, seed
    )
    return replace(
        base,
        kappa=kappa,
        se=se,
        ci_low=low,
        ci_high=high,
        bootstrap_undefined=undefined,
        notes=tuple(notes),
    )
