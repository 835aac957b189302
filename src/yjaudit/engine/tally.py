"""Tallies: the counts every figure is built from, and the plain-Python way to get them.

A tally holds, for one group of cases (the whole sample, or one value of a split
attribute), per question: points scored, maximum points and applicable answers; per
pooled unit (standard, domain, section, headline, overall): the distinct cases with an
applicable answer; and what the warnings need. `build.py` turns a tally into figures
and ratings, so both scoring paths share every rule after the counting.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from .encode import AnswerArrays
from .plan import Plan
from .types import CaseAttributes

EXAMPLES = 3  # case ids quoted in a warning


@dataclass(frozen=True, slots=True)
class Tally:
    cases: int  # distinct cases with any answer (NA included)
    # Per question code, points and maximum points times plan.scale (exact integers:
    # the scale is the LCM of every point's denominator).
    num: tuple[int, ...]
    den: tuple[int, ...]
    answers: tuple[int, ...]  # applicable answers (= distinct cases, one answer per case)
    unit_cases: tuple[int, ...]  # per plan unit
    # (question code, answers excluded, example case ids): answers other than NA to a
    # question that does not apply to the case.
    inapplicable: tuple[tuple[int, int, tuple[str, ...]], ...]
    # (standard id, cases, example case ids): cases answering some but not all of the
    # standard's key questions that apply to them.
    partial: tuple[tuple[str, int, tuple[str, ...]], ...]


def _scaled(value: Fraction, scale: int) -> int:
    scaled = value * scale
    if scaled.denominator != 1:  # cannot happen: scale is a multiple of every denominator
        raise ArithmeticError(f"{value} is not a multiple of 1/{scale}")
    return scaled.numerator


def case_condition_attributes(
    plan: Plan, case_ids: Sequence[str], attributes: CaseAttributes | None
) -> list[dict[str, str]]:
    """Per case code, the attributes the framework's conditions read (others dropped)."""
    names = plan.condition_attributes
    out: list[dict[str, str]] = []
    attrs = attributes or {}
    for cid in case_ids:
        row = attrs.get(cid) or {}
        out.append({a: row[a] for a in names if row.get(a) is not None})
    return out


def tally_plain(
    plan: Plan,
    arrays: AnswerArrays,
    case_attrs: Sequence[dict[str, str]],
    group_of_case: Sequence[int],
    n_groups: int,
) -> list[Tally]:
    """Count with Python ints, Fractions and sets: the reference the NumPy path matches."""
    nq = len(plan.questions)
    nu = len(plan.units)
    num = [[Fraction(0)] * nq for _ in range(n_groups)]
    den = [[Fraction(0)] * nq for _ in range(n_groups)]
    answers = [[0] * nq for _ in range(n_groups)]
    unit_sets: list[list[set[int]]] = [[set() for _ in range(nu)] for _ in range(n_groups)]
    case_sets: list[set[int]] = [set() for _ in range(n_groups)]
    inap: list[dict[int, set[str]]] = [{} for _ in range(n_groups)]
    answered: dict[int, set[int]] = {}
    conditions = plan.conditions
    case_ids = arrays.case_ids

    for c, q, v in zip(
        arrays.case.tolist(), arrays.question.tolist(), arrays.value.tolist(), strict=True
    ):
        g = group_of_case[c]
        case_sets[g].add(c)
        answered.setdefault(c, set()).add(q)
        pts = plan.points[q][v]
        cond = conditions[q]
        if cond is not None and cond.holds(case_attrs[c]) is False:
            if pts is not None:
                inap[g].setdefault(q, set()).add(case_ids[c])
            continue
        if pts is None:
            continue
        num[g][q] += pts
        den[g][q] += plan.max_points[q]
        answers[g][q] += 1
        for u in plan.units_of_question[q]:
            unit_sets[g][u].add(c)

    partial: list[dict[str, set[str]]] = [{} for _ in range(n_groups)]
    for c, qs in answered.items():
        g = group_of_case[c]
        for s in plan.case_standards:
            expected = [
                k
                for k in plan.standard_kqs[s.id]
                if conditions[k] is None or conditions[k].holds(case_attrs[c]) is not False  # type: ignore[union-attr]
            ]
            done = sum(1 for k in expected if k in qs)
            if 0 < done < len(expected):
                partial[g].setdefault(s.id, set()).add(case_ids[c])

    out = []
    for g in range(n_groups):
        out.append(
            Tally(
                cases=len(case_sets[g]),
                num=tuple(_scaled(x, plan.scale) for x in num[g]),
                den=tuple(_scaled(x, plan.scale) for x in den[g]),
                answers=tuple(answers[g]),
                unit_cases=tuple(len(s) for s in unit_sets[g]),
                inapplicable=tuple(
                    (q, len(ids), tuple(sorted(ids)[:EXAMPLES]))
                    for q, ids in sorted(inap[g].items())
                ),
                partial=tuple(
                    (s.id, len(partial[g][s.id]), tuple(sorted(partial[g][s.id])[:EXAMPLES]))
                    for s in plan.case_standards
                    if s.id in partial[g]
                ),
            )
        )
    return out
