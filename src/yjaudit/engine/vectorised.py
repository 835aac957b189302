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
from dataclasses import dataclass
from functools import cached_property

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
    n_cases = len(arrays.case_ids)
    nq = len(plan.questions)
    pts, valid = _scaled_points(plan)
    max_scaled = [int(m * plan.scale) for m in plan.max_points]
    biggest = max(int(np.abs(pts).max(initial=0)), *(abs(m) for m in max_scaled), 1)
    if biggest * max(len(arrays), 1) >= 2**62 or n_cases * nq > DENSE_CELLS_LIMIT:
        return None
    if cells.answered is None:
        return None
    answers = _classify(plan, arrays, cells, attributes, valid)
    scored = np.zeros(n_cases * nq, dtype=np.bool_)
    scored[cells.keys[answers.applicable]] = True
    answered2 = cells.answered.reshape(n_cases, nq)
    counted = _Counted(
        plan=plan,
        ids=arrays.case_ids,
        answers=answers,
        pts=pts,
        valid=valid,
        max_scaled=max_scaled,
        present=_unit_presence(plan, scored.reshape(n_cases, nq)),
        has_case=np.asarray(answered2.any(axis=1)),
        partial=_partial_standards(plan, answered2, answers.expected),
    )
    return [counted.tallies(gcase, n_groups) for gcase, n_groups in groupings]


def _scaled_points(plan: Plan) -> tuple[npt.NDArray[np.int64], BoolArray]:
    """Question x value points scaled to integers, and which values score (not NA)."""
    nq = len(plan.questions)
    nv = max((len(p) for p in plan.points), default=1)
    pts = np.zeros((nq, nv), dtype=np.int64)
    valid = np.zeros((nq, nv), dtype=np.bool_)
    for q, row in enumerate(plan.points):
        for v, p in enumerate(row):
            if p is not None:
                pts[q, v] = int(p * plan.scale)
                valid[q, v] = True
    return pts, valid


@dataclass(frozen=True)
class _Answers:
    """Each answer's bincount key and whether it counts (applicable) or was excluded."""

    case: npt.NDArray[np.integer]
    question: npt.NDArray[np.integer]
    key: IntArray  # question * width + value, or the spare slot when excluded
    applicable: BoolArray
    excluded: BoolArray | None  # scored answers to a question that does not apply
    expected: BoolArray | None  # case x question: the question applies


def _classify(
    plan: Plan,
    arrays: AnswerArrays,
    cells: Cells,
    attributes: CaseAttributes | None,
    valid: BoolArray,
) -> _Answers:
    nq, nv = valid.shape
    width = nv + 1  # the extra value slot counts answers excluded as not applicable
    case = np.asarray(arrays.case)
    question = np.asarray(arrays.question)
    value = np.asarray(arrays.value)
    # The bincount key: question * width + value, or (below) the spare slot for answers
    # other than NA excluded because the question does not apply to the case.
    key = question.astype(np.intp) * width
    key += value
    valid_wide = np.zeros((nq, width), dtype=np.bool_)
    valid_wide[:, :nv] = valid
    is_scored = valid_wide.ravel()[key]  # not an NA value
    if not plan.has_conditions:
        return _Answers(case, question, key, is_scored, None, None)
    n_cases = len(arrays.case_ids)
    combo, table = _exclusion_table(plan, arrays.case_ids, attributes)
    # Case x question "does not apply", then one lookup per answer by its cell.
    not_applying = table[combo] if n_cases else np.zeros((0, nq), dtype=np.bool_)
    excluded = not_applying.ravel()[cells.keys]
    inap_mask = is_scored & excluded
    if inap_mask.any():
        key[inap_mask] += nv - value[inap_mask].astype(np.intp)
    return _Answers(case, question, key, is_scored & ~excluded, inap_mask, ~not_applying)


def _unit_presence(plan: Plan, scored: BoolArray) -> BoolArray:
    """Case x unit: the case has an applicable answer in the pooled unit."""
    unit_w = np.zeros((len(plan.questions), len(plan.units)), dtype=np.float32)
    for u, unit in enumerate(plan.units):
        unit_w[list(unit.questions), u] = 1.0
    return _counts(scored, unit_w) > 0


def _partial_standards(
    plan: Plan, answered: BoolArray, expected: BoolArray | None
) -> BoolArray | None:
    """Case x case-standard: some but not all of its applicable key questions answered."""
    standards = plan.case_standards
    if not standards:
        return None
    kq_w = np.zeros((len(plan.questions), len(standards)), dtype=np.float32)
    for s, std in enumerate(standards):
        kq_w[list(plan.standard_kqs[std.id]), s] = 1.0
    if expected is not None:
        done = _counts(answered & expected, kq_w)
        want = _counts(expected, kq_w)
    else:
        done = _counts(answered, kq_w)
        want = np.broadcast_to(kq_w.sum(axis=0), done.shape)
    return (done > 0) & (done < want)


@dataclass
class _Counted:
    """What every grouping shares; `tallies` counts it by one grouping."""

    plan: Plan
    ids: Sequence[str]
    answers: _Answers
    pts: npt.NDArray[np.int64]
    valid: BoolArray
    max_scaled: list[int]
    present: BoolArray  # case x unit
    has_case: BoolArray  # case answered anything
    partial: BoolArray | None  # case x case-standard

    @cached_property
    def rank(self) -> IntArray:
        """Each case's position in case id order (examples are the first by id)."""
        n_cases = len(self.ids)
        order = sorted(range(n_cases), key=self.ids.__getitem__)
        rank = np.empty(n_cases, dtype=np.intp)
        rank[np.array(order, dtype=np.intp)] = np.arange(n_cases, dtype=np.intp)
        return rank

    def tallies(self, gcase: IntArray, n_groups: int) -> list[Tally]:
        nq, nv = self.valid.shape
        width = nv + 1
        a = self.answers
        key = a.key if n_groups == 1 else gcase[a.case] * (nq * width) + a.key
        counts = np.bincount(key, minlength=n_groups * nq * width).reshape(n_groups, nq, width)
        scored_counts = counts[:, :, :nv]
        num = (scored_counts * self.pts).sum(axis=2).tolist()
        n_answers = (scored_counts * self.valid).sum(axis=2).tolist()
        inap_counts = counts[:, :, nv]
        if n_groups == 1:
            unit_cases = [self.present.sum(axis=0).tolist()]
            n_by_group = [int(self.has_case.sum())]
        else:
            nu = self.present.shape[1]
            ukeys = (gcase[:, None] * nu + np.arange(nu))[self.present]
            unit_cases = np.bincount(ukeys, minlength=n_groups * nu).reshape(n_groups, nu).tolist()
            n_by_group = np.bincount(gcase[self.has_case], minlength=n_groups).tolist()
        inapplicable = self._inapplicable(gcase, inap_counts)
        partial = self._partial(gcase, n_groups)
        return [
            Tally(
                cases=n_by_group[g],
                num=tuple(num[g]),
                den=tuple(a * m for a, m in zip(n_answers[g], self.max_scaled, strict=True)),
                answers=tuple(n_answers[g]),
                unit_cases=tuple(unit_cases[g]),
                inapplicable=inapplicable[g],
                partial=partial[g],
            )
            for g in range(n_groups)
        ]

    def _inapplicable(
        self, gcase: IntArray, inap_counts: npt.NDArray[np.intp]
    ) -> list[tuple[tuple[int, int, tuple[str, ...]], ...]]:
        """Per group: (question, answers excluded, example cases) where any were."""
        nq = inap_counts.shape[1]
        a = self.answers
        examples: dict[int, list[int]] = {}
        if a.excluded is not None and inap_counts.any():
            idx = np.flatnonzero(a.excluded)
            ic = a.case[idx]
            examples = _first_by_rank(
                gcase[ic] * nq + a.question[idx], ic.astype(np.intp, copy=False), self.rank
            )
        out = []
        for g in range(inap_counts.shape[0]):
            rows = []
            for q in np.flatnonzero(inap_counts[g]).tolist():
                ex = sorted(self.ids[c] for c in examples.get(g * nq + q, []))
                rows.append((q, int(inap_counts[g, q]), tuple(ex)))
            out.append(tuple(rows))
        return out

    def _partial(
        self, gcase: IntArray, n_groups: int
    ) -> list[tuple[tuple[str, int, tuple[str, ...]], ...]]:
        """Per group: (standard, cases part-answered, example cases) where any were."""
        standards = self.plan.case_standards
        ns = len(standards)
        counts: list[list[int]] = [[0] * ns for _ in range(n_groups)]
        examples: dict[int, list[int]] = {}
        if self.partial is not None and self.partial.any():
            pc, ps = np.nonzero(self.partial)
            pkeys = gcase[pc] * ns + ps
            counts = np.bincount(pkeys, minlength=n_groups * ns).reshape(n_groups, ns).tolist()
            examples = _first_by_rank(pkeys, pc.astype(np.intp), self.rank)
        out = []
        for g in range(n_groups):
            rows = []
            for s, std in enumerate(standards):
                if counts[g][s]:
                    ex = sorted(self.ids[c] for c in examples.get(g * ns + s, []))
                    rows.append((std.id, counts[g][s], tuple(ex)))
            out.append(tuple(rows))
        return out
