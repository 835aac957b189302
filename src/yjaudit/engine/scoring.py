"""The engine's public entry points: `score`, `score_arrays` and `resolve_value`.

    report = score(framework, answers, case_attributes=..., judgements=..., by=["setting"])
    report.result.standard("2.1").rating        # e.g. "Good"
    report.splits["setting"]["custody"]         # the same figures for custody cases only

Answers are validated and integer-coded once (`encode.py`), counted by the plain or
the NumPy path (`tally.py`, `vectorised.py`; identical counts, the NumPy path is used
automatically for large inputs), and turned into figures and ratings by `build.py`.

Judgements (for judgement standards) apply to the whole sample and to every split: they
rate the service, not a set of cases. Overrides replace a computed rating of the whole
sample only, since they are set by hand against the whole sample's figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

import numpy as np

from yjaudit.spec.model import Framework, RatedBy

from .build import build_result
from .encode import AnswerArrays, Cells, check_arrays, encode_answers, resolve_value
from .plan import Plan, compile_plan
from .tally import Tally, case_condition_attributes, tally_plain
from .types import (
    Answer,
    CaseAttributes,
    EngineInputError,
    Judgement,
    Override,
    ScoreReport,
    ScoreResult,
)
from .vectorised import Grouping, tally_numpy

__all__ = ["UNKNOWN", "VECTORISE_FROM", "resolve_value", "score", "score_arrays"]

# From this many answers `score()` counts with NumPy (the plain path is simpler to read
# and faster on small inputs; both give identical figures).
VECTORISE_FROM = 2_000
# The split group of cases that lack the attribute.
UNKNOWN = "unknown"

Method = Literal["auto", "plain", "vectorised"]


def score(
    framework: Framework,
    answers: Iterable[Answer],
    *,
    case_attributes: CaseAttributes | None = None,
    judgements: Iterable[Judgement] = (),
    overrides: Iterable[Override] = (),
    by: Sequence[str] = (),
    method: Method = "auto",
) -> ScoreReport:
    """Score answers against a framework; raise EngineInputError on input it cannot use.

    EngineInputError.index is the position of the offending item in `answers` (or in
    `judgements` / `overrides`, with field naming which).
    """
    plan = compile_plan(framework)
    judged, overridden = _check_ratings(plan, judgements, overrides)
    arrays, cells = encode_answers(plan, answers)
    return _score(plan, arrays, cells, case_attributes, judged, overridden, by, method)


def score_arrays(
    framework: Framework,
    arrays: AnswerArrays,
    *,
    case_attributes: CaseAttributes | None = None,
    judgements: Iterable[Judgement] = (),
    overrides: Iterable[Override] = (),
    by: Sequence[str] = (),
    method: Method = "vectorised",
) -> ScoreReport:
    """Score answers already coded as integer arrays (see AnswerArrays); for bulk use."""
    plan = compile_plan(framework)
    judged, overridden = _check_ratings(plan, judgements, overrides)
    checked, cells = check_arrays(plan, arrays)
    return _score(plan, checked, cells, case_attributes, judged, overridden, by, method)


def _check_ratings(
    plan: Plan, judgements: Iterable[Judgement], overrides: Iterable[Override]
) -> tuple[dict[str, Judgement], dict[str, Override]]:
    fw = plan.framework
    ids = {s.id for s in fw.standards}

    def label_ok(kind: str, i: int, sid: str, label: str) -> None:
        scheme = fw.rating_scheme(fw.standard(sid).rating_scheme)
        if scheme is None:
            raise EngineInputError(
                f"standard {sid!r} has no rating scheme, so it cannot take a {kind}",
                index=i,
                field="standard_id",
            )
        if scheme.band_by_label(label) is None:
            labels = ", ".join(b.label for b in scheme.bands)
            raise EngineInputError(
                f"{label.strip()!r} is not a rating of standard {sid!r} (ratings: {labels})",
                index=i,
                field="rating",
            )

    judged: dict[str, Judgement] = {}
    for i, j in enumerate(judgements):
        sid = j.standard_id.strip()
        if sid not in ids:
            raise EngineInputError(
                f"unknown standard {sid!r} (not in framework {fw.id})", index=i, field="standard_id"
            )
        if fw.standard(sid).rated_by is not RatedBy.JUDGEMENT:
            raise EngineInputError(
                f"standard {sid!r} is rated from case answers, not by judgement "
                "(use an override to set its rating by hand)",
                index=i,
                field="standard_id",
            )
        if sid in judged:
            raise EngineInputError(
                f"standard {sid!r} has more than one judgement", index=i, field="standard_id"
            )
        label_ok("judgement", i, sid, j.rating)
        judged[sid] = Judgement(sid, j.rating, j.reason)

    overridden: dict[str, Override] = {}
    for i, o in enumerate(overrides):
        sid = o.standard_id.strip()
        if sid not in ids:
            raise EngineInputError(
                f"unknown standard {sid!r} (not in framework {fw.id})", index=i, field="standard_id"
            )
        if sid in overridden:
            raise EngineInputError(
                f"standard {sid!r} has more than one override", index=i, field="standard_id"
            )
        if not o.reason.strip():
            raise EngineInputError(
                f"the override of standard {sid!r} needs a reason", index=i, field="reason"
            )
        label_ok("override", i, sid, o.rating)
        overridden[sid] = Override(sid, o.rating, o.reason)
    return judged, overridden


def _split_groups(
    case_ids: Sequence[str], attributes: CaseAttributes | None, attribute: str
) -> tuple[list[str], list[int]]:
    """Group labels (sorted, "unknown" last) and each case's group code."""
    raw: list[str] = []
    for cid in case_ids:
        row = (attributes or {}).get(cid) or {}
        v = row.get(attribute)
        v = v.strip() if isinstance(v, str) else None
        raw.append(v if v else UNKNOWN)
    labels = sorted(set(raw) - {UNKNOWN})
    if UNKNOWN in raw:
        labels.append(UNKNOWN)
    index = {label: i for i, label in enumerate(labels)}
    return labels, [index[v] for v in raw]


def _score(
    plan: Plan,
    arrays: AnswerArrays,
    cells: Cells,
    attributes: CaseAttributes | None,
    judged: dict[str, Judgement],
    overridden: dict[str, Override],
    by: Sequence[str],
    method: Method,
) -> ScoreReport:
    case_ids = arrays.case_ids
    split_attrs = list(dict.fromkeys(by))
    groupings: list[tuple[list[str], list[int]]] = [(["all"], [0] * len(case_ids))]
    for attribute in split_attrs:
        groupings.append(_split_groups(case_ids, attributes, attribute))

    use_numpy = method == "vectorised" or (method == "auto" and len(arrays) >= VECTORISE_FROM)
    tallies: list[list[Tally]] | None = None
    if use_numpy:
        numpy_groupings: list[Grouping] = [
            (np.array(codes, dtype=np.intp), len(labels)) for labels, codes in groupings
        ]
        tallies = tally_numpy(plan, arrays, cells, attributes, numpy_groupings)
    if tallies is None:
        case_attrs = (
            case_condition_attributes(plan, case_ids, attributes)
            if plan.has_conditions
            else [{} for _ in case_ids]
        )
        tallies = [
            tally_plain(plan, arrays, case_attrs, codes, len(labels)) for labels, codes in groupings
        ]

    required = _required_cases(plan, arrays, attributes, groupings)
    result = build_result(plan, tallies[0][0], judged, overridden, required[0][0])
    splits: dict[str, dict[str, ScoreResult]] = {}
    for attribute, (labels, _), group_tallies, group_required in zip(
        split_attrs, groupings[1:], tallies[1:], required[1:], strict=True
    ):
        splits[attribute] = {
            label: build_result(plan, t, judged, {}, req)
            for label, t, req in zip(labels, group_tallies, group_required, strict=True)
        }
    return ScoreReport(result=result, splits=splits)


def _required_cases(
    plan: Plan,
    arrays: AnswerArrays,
    attributes: CaseAttributes | None,
    groupings: Sequence[tuple[list[str], list[int]]],
) -> list[list[dict[str, int]]]:
    """Per grouping and group, for each judgement standard with `requires_cases`, how
    many cases in the sample meet its conditions (none: the standard is not rated)."""
    needing = [s for s in plan.framework.standards if s.requires_cases is not None]
    if not needing:
        return [[{} for _ in labels] for labels, _ in groupings]
    used = np.zeros(len(arrays.case_ids), dtype=np.bool_)
    used[np.asarray(arrays.case)] = True
    meets: dict[str, np.ndarray] = {}
    for s in needing:
        cond = s.requires_cases
        assert cond is not None
        ok = [
            cond.holds({k: v for k, v in ((attributes or {}).get(cid) or {}).items() if v}) is True
            for cid in arrays.case_ids
        ]
        meets[s.id] = np.array(ok, dtype=np.bool_) & used
    out: list[list[dict[str, int]]] = []
    for labels, codes in groupings:
        group_of_case = np.array(codes, dtype=np.intp)
        counts = {
            sid: np.bincount(group_of_case[m], minlength=len(labels)).tolist()
            for sid, m in meets.items()
        }
        out.append([{sid: c[g] for sid, c in counts.items()} for g in range(len(labels))])
    return out
