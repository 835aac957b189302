"""The NumPy path: the same tallies as `tally_plain`, for large inputs, exactly.

Exactness: every answer-type point is scaled by the plan's scale (the LCM of the point
denominators), so each sum is an integer; answers are counted per (group, question,
value) with one `np.bincount` and multiplied by the scaled points in int64, and only
the figures become Fractions. Distinct cases per pooled unit come from a
dense case x question bitmap multiplied by a 0/1 question x unit matrix (float32
holds these small counts exactly). Inputs too large for int64 sums or the dense
bitmap return None and the caller falls back to the plain path.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from .encode import DENSE_CELLS_LIMIT, AnswerArrays, Cells
from .plan import Plan
from .tally import EXAMPLES, Tally
from .types import CaseAttributes

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.intp]
Grouping = tuple[IntArray, int]  # group code per case, number of groups

_BLOCK_ROWS = 1 << 15


def _exclusion_table(
    plan: Plan, case_ids: Sequence[str], attributes: CaseAttributes | None
) -> tuple[IntArray, BoolArray]:
    """Cases grouped by the attribute values conditions read, and per such combination
    which questions do not apply (condition False). Conditions are evaluated once per
    combination, not once per case."""
    names = plan.condition_attributes
    attrs = attributes or {}
    empty: dict[str, str] = {}
    index: dict[tuple[str | None, ...], int] = {}
    combo: list[int] = []
    for cid in case_ids:
        row = attrs.get(cid) or empty
        key = tuple(row.get(a) for a in names)
        k = index.get(key)
        if k is None:
            k = index[key] = len(index)
        combo.append(k)
    table = np.zeros((max(len(index), 1), len(plan.questions)), dtype=np.bool_)
    for key, k in index.items():
        values = {a: v for a, v in zip(names, key, strict=True) if v is not None}
        for q, cond in enumerate(plan.conditions):
            if cond is not None and cond.holds(values) is False:
                table[k, q] = True
    return np.array(combo, dtype=np.intp), table


def _counts(mat: BoolArray, weights: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """mat @ weights in row blocks (bounded memory); exact for counts below 2**24."""
    rows = mat.shape[0]
    out = np.empty((rows, weights.shape[1]), dtype=np.float32)
    for start in range(0, rows, _BLOCK_ROWS):
        stop = min(start + _BLOCK_ROWS, rows)
        out[start:stop] = mat[start:stop].astype(np.float32) @ weights
    return out


def _first_by_rank(keys: IntArray, cases: IntArray, rank: IntArray) -> dict[int, list[int]]:
    """For each key, up to EXAMPLES case codes with the lowest rank (case id order)."""
    if keys.size == 0:
        return {}
    order = np.lexsort((rank[cases], keys))
    sk = keys[order]
    starts = np.flatnonzero(np.r_[True, sk[1:] != sk[:-1]])
    group_start = np.repeat(starts, np.diff(np.r_[starts, sk.size]))
    keep = order[(np.arange(sk.size) - group_start) < EXAMPLES]
    out: dict[int, list[int]] = {}
    for k, c in zip(keys[keep].tolist(), cases[keep].tolist(), strict=True):
        out.setdefault(k, []).append(c)
    return out


def tally_numpy(
    plan: Plan,
    arrays: AnswerArrays,
    cells: Cells,
    attributes: CaseAttributes | None,
    groupings: Sequence[Grouping],
) -> list[list[Tally]] | None:
    """One list of tallies per grouping (one tally per group), or None if too large."""
    n = len(arrays)
    n_cases = len(arrays.case_ids)
    nq = len(plan.questions)
    nv = max((len(p) for p in plan.points), default=1)
    width = nv + 1  # the extra value slot counts answers excluded as not applicable
    scale = plan.scale

    pts = np.zeros((nq, nv), dtype=np.int64)
    valid = np.zeros((nq, nv), dtype=np.bool_)
    for q, row in enumerate(plan.points):
        for v, p in enumerate(row):
            if p is not None:
                pts[q, v] = int(p * scale)
                valid[q, v] = True
    max_scaled = [int(m * scale) for m in plan.max_points]
    biggest = max(int(np.abs(pts).max(initial=0)), *(abs(m) for m in max_scaled), 1)
    if biggest * max(n, 1) >= 2**62 or n_cases * nq > DENSE_CELLS_LIMIT:
        return None

    if cells.answered is None:
        return None
    case = np.asarray(arrays.case)
    question = np.asarray(arrays.question)
    value = np.asarray(arrays.value)

    # The bincount key: question * width + value, or (below) the spare slot for answers
    # other than NA excluded because the question does not apply to the case.
    base = question.astype(np.intp) * width
    base += value
    valid_wide = np.zeros((nq, width), dtype=np.bool_)
    valid_wide[:, :nv] = valid
    is_scored = valid_wide.ravel()[base]  # not an NA value
    expected: BoolArray | None = None
    inap_mask: BoolArray | None = None
    if plan.has_conditions:
        combo, table = _exclusion_table(plan, arrays.case_ids, attributes)
        # Case x question "does not apply", then one lookup per answer by its cell.
        not_applying = table[combo] if n_cases else np.zeros((0, nq), dtype=np.bool_)
        excluded = not_applying.ravel()[cells.keys]
        applicable = is_scored & ~excluded
        inap_mask = is_scored & excluded
        if inap_mask.any():
            base[inap_mask] += nv - value[inap_mask].astype(np.intp)
        expected = ~not_applying
    else:
        applicable = is_scored

    answered = cells.answered
    scored = np.zeros(n_cases * nq, dtype=np.bool_)
    scored[cells.keys[applicable]] = True
    answered2 = answered.reshape(n_cases, nq)
    scored2 = scored.reshape(n_cases, nq)
    has_case = answered2.any(axis=1)

    units = plan.units
    nu = len(units)
    unit_w = np.zeros((nq, nu), dtype=np.float32)
    for u, unit in enumerate(units):
        unit_w[list(unit.questions), u] = 1.0
    present = _counts(scored2, unit_w) > 0  # case x unit: an applicable answer in the unit

    standards = plan.case_standards
    ns = len(standards)
    partial: BoolArray | None = None
    if ns:
        kq_w = np.zeros((nq, ns), dtype=np.float32)
        for s, std in enumerate(standards):
            kq_w[list(plan.standard_kqs[std.id]), s] = 1.0
        if expected is not None:
            done = _counts(answered2 & expected, kq_w)
            want = _counts(expected, kq_w)
        else:
            done = _counts(answered2, kq_w)
            want = np.broadcast_to(kq_w.sum(axis=0), done.shape)
        partial = (done > 0) & (done < want)

    rank: IntArray | None = None

    def case_rank() -> IntArray:
        nonlocal rank
        if rank is None:
            order = sorted(range(n_cases), key=arrays.case_ids.__getitem__)
            rank = np.empty(n_cases, dtype=np.intp)
            rank[np.array(order, dtype=np.intp)] = np.arange(n_cases, dtype=np.intp)
        return rank

    results: list[list[Tally]] = []
    for gcase, n_groups in groupings:
        key = base if n_groups == 1 else gcase[case] * (nq * width) + base
        counts = np.bincount(key, minlength=n_groups * nq * width).reshape(n_groups, nq, width)
        scored_counts = counts[:, :, :nv]
        num = (scored_counts * pts).sum(axis=2).tolist()
        n_answers = (scored_counts * valid).sum(axis=2).tolist()
        inap_counts = counts[:, :, nv]
        if n_groups == 1:
            unit_cases = [present.sum(axis=0).tolist()]
            n_by_group = [int(has_case.sum())]
        else:
            ukeys = (gcase[:, None] * nu + np.arange(nu))[present]
            unit_cases = np.bincount(ukeys, minlength=n_groups * nu).reshape(n_groups, nu).tolist()
            n_by_group = np.bincount(gcase[has_case], minlength=n_groups).tolist()

        inap_examples: dict[int, list[int]] = {}
        if inap_mask is not None and inap_counts.any():
            idx = np.flatnonzero(inap_mask)
            ic = case[idx]
            inap_examples = _first_by_rank(gcase[ic] * nq + question[idx], ic, case_rank())
        partial_counts: list[list[int]] = [[0] * ns for _ in range(n_groups)]
        partial_examples: dict[int, list[int]] = {}
        if partial is not None and partial.any():
            pc, ps = np.nonzero(partial)
            pkeys = gcase[pc] * ns + ps
            partial_counts = (
                np.bincount(pkeys, minlength=n_groups * ns).reshape(n_groups, ns).tolist()
            )
            partial_examples = _first_by_rank(pkeys, pc.astype(np.intp), case_rank())

        ids = arrays.case_ids
        group_tallies = []
        for g in range(n_groups):
            inap_rows = []
            for q in np.flatnonzero(inap_counts[g]).tolist():
                ex = sorted(ids[c] for c in inap_examples.get(g * nq + q, []))
                inap_rows.append((q, int(inap_counts[g, q]), tuple(ex)))
            partial_rows = []
            for s, std in enumerate(standards):
                if partial_counts[g][s]:
                    ex = sorted(ids[c] for c in partial_examples.get(g * ns + s, []))
                    partial_rows.append((std.id, partial_counts[g][s], tuple(ex)))
            group_tallies.append(
                Tally(
                    cases=n_by_group[g],
                    num=tuple(num[g]),
                    den=tuple(a * m for a, m in zip(n_answers[g], max_scaled, strict=True)),
                    answers=tuple(n_answers[g]),
                    unit_cases=tuple(unit_cases[g]),
                    inapplicable=tuple(inap_rows),
                    partial=tuple(partial_rows),
                )
            )
        results.append(group_tallies)
    return results
