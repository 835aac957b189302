"""Aggregate means aggregate: what a reader without case access may see of a round's figures.

THE one place for the rule (issue 10.5). Every output of a round's figures (results
pages, the API, every report kind and format) passes its `ScoreReport` through
`redact(report, disclosure_for(user, service), references)` and its sample-against-
caseload tables through `share_rows`. A reader with case access (asked of
`yjaudit.organisations.permissions`: "audit.review", seeing case audits in full) gets
the figures untouched. Anyone else (a board member) gets aggregates only:

- no case reference: a calculation note naming a case is replaced by one that does not;
  judgement and override reasons (free text) are left out;
- no practitioner or manager split (`PERSON_SPLITS`);
- no cell of fewer than `YJAUDIT_DISCLOSURE_MIN_CASES` cases (default 5, as official
  statistics suppress small counts). A small figure becomes a `SuppressedFigure` (no
  numbers, a reason); a small group of a split is left out. Secondary suppression: a
  hidden cell must not be recoverable from a total, so where the hidden cells of a row
  add up to fewer than the minimum, the next smallest cells are hidden too; a split
  group with a hidden standard loses its pooled figures (domains, sections, headlines,
  overall), and the whole sample loses the pooled figures a hidden standard feeds.
  Split groups show standards only (no key questions or prompts).

Zero is not a small count (it says no case, not which case) and is shown.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any, ClassVar

from django.conf import settings
from django.utils.translation import gettext as _

from yjaudit.engine.types import (
    Figure,
    OverallResult,
    ScoreReport,
    ScoreResult,
    StandardResult,
)

# The permission that means "may see records about individual children in this round".
CASE_ACCESS_ACTION = "audit.review"
DEFAULT_MINIMUM = 5
# Splits that single out a member of staff: never shown without case access.
PERSON_SPLITS = frozenset({"case_manager", "line_manager", "auditor", "second_marker"})


@dataclass(frozen=True)
class Disclosure:
    case_detail: bool  # case references, staff splits and small cells may be shown
    minimum: int = DEFAULT_MINIMUM  # smallest number of cases a shown cell may hold
    note: str = ""  # the reason a hidden figure gives

    def hides(self, cases: int) -> bool:
        return not self.case_detail and 0 < cases < self.minimum


FULL = Disclosure(case_detail=True, minimum=0)


@dataclass(frozen=True, slots=True)
class SuppressedFigure(Figure):
    """A figure left out for a small count: no numbers, and the reason in not_rated_reason.
    Renderers test `getattr(figure, "suppressed", False)` and print "not shown"."""

    suppressed: ClassVar[bool] = True


def suppressed(figure: Any) -> bool:
    return bool(getattr(figure, "suppressed", False))


def minimum_cases() -> int:
    return int(settings.YJAUDIT_DISCLOSURE_MIN_CASES)


def hidden_note(minimum: int) -> str:
    return _("Not shown: fewer than %(n)d cases.") % {"n": minimum}


def disclosure_for(user: Any, service: Any) -> Disclosure:
    """What `user` may see of a round's figures in `service` (None: a system job, the CLI)."""
    if user is None:
        return FULL
    from yjaudit.organisations import permissions

    if permissions.can(user, CASE_ACCESS_ACTION, service):
        return FULL
    n = minimum_cases()
    return Disclosure(case_detail=False, minimum=n, note=hidden_note(n))


def round_references(audit_round: Any) -> set[str]:
    """Every case reference of the round's sample (swapped-out cases included)."""
    from yjaudit.audits.models import SampledCase

    return set(
        SampledCase.objects.filter(round_id=audit_round.pk).values_list(
            "case__reference", flat=True
        )
    )


def for_round(report: ScoreReport, d: Disclosure, audit_round: Any) -> ScoreReport:
    """`redact` with the round's case references (read only when something is hidden)."""
    if d.case_detail:
        return report
    return redact(report, d, round_references(audit_round))


# -- the rule, on engine results (pure) --------------------------------------------------


def hide_counts(counts: Mapping[str, int], d: Disclosure, already: int = 0) -> set[str]:
    """Keys whose cells are hidden: those under the minimum, then (secondary suppression)
    the smallest others until the hidden cells, with `already` hidden cases, add up to
    the minimum, so the total less the shown cells never gives a small count."""
    if d.case_detail:
        return set()
    hidden = {k for k, n in counts.items() if d.hides(n)}
    total = already + sum(counts[k] for k in hidden)
    shown = sorted((n, k) for k, n in counts.items() if k not in hidden and n > 0)
    while 0 < total < d.minimum and shown:
        n, k = shown.pop(0)
        hidden.add(k)
        total += n
    return hidden


def hide_rows(rows: Mapping[str, Sequence[int]], d: Disclosure) -> set[str]:
    """Rows of a table of counts (one count per column, each column with a shown total)
    to leave out: `hide_counts` on every column, repeated until no column's hidden rows
    add up to fewer than the minimum."""
    hidden: set[str] = set()
    if d.case_detail or not rows:
        return hidden
    columns = len(next(iter(rows.values())))
    while True:
        before = len(hidden)
        for c in range(columns):
            already = sum(rows[k][c] for k in hidden)
            rest = {k: v[c] for k, v in rows.items() if k not in hidden}
            hidden |= hide_counts(rest, d, already)
        if len(hidden) == before:
            return hidden


def _gone(d: Disclosure) -> SuppressedFigure:
    zero = Fraction(0)
    return SuppressedFigure(zero, zero, 0, 0, None, None, None, None, None, d.note)


def _figure(f: Figure, d: Disclosure, force: bool = False) -> Figure:
    return _gone(d) if force or d.hides(f.cases) else f


def _reasons(s: StandardResult) -> StandardResult:
    # Free text could name a child; "" still says a rating was set by hand.
    return replace(
        s,
        override_reason=None if s.override_reason is None else "",
        judgement_reason=None if s.judgement_reason is None else "",
    )


def _standard(s: StandardResult, d: Disclosure, hide: bool, questions: bool) -> StandardResult:
    s = _reasons(s)
    if hide:
        return replace(
            s,
            figure=_gone(d),
            key_questions=(),
            rating=None,
            points=None,
            computed_rating=None,
            deciding_key_question=None,
        )
    if not questions:
        return replace(s, key_questions=(), deciding_key_question=None)
    kqs = tuple(
        replace(
            kq,
            figure=_figure(kq.figure, d),
            prompts=tuple(replace(p, figure=_figure(p.figure, d)) for p in kq.prompts),
        )
        for kq in s.key_questions
    )
    return replace(s, key_questions=kqs)


def _warnings(warnings: Iterable[str], references: Collection[str], d: Disclosure) -> list[str]:
    out: list[str] = []
    named = 0
    for w in warnings:
        if any(ref and ref in w for ref in references):
            named += 1
        else:
            out.append(w)
    if named:
        out.append(
            _(
                "%(n)d calculation notes name individual cases and are shown only to "
                "readers with access to case records."
            )
            % {"n": named}
        )
    return out


def _result(
    result: ScoreResult,
    d: Disclosure,
    references: Collection[str],
    hidden_standards: Collection[str],
    *,
    group: bool,
) -> ScoreResult:
    standards = tuple(
        _standard(s, d, s.id in hidden_standards, questions=not group) for s in result.standards
    )
    hidden_domains = {s.domain_id for s in result.standards if s.id in hidden_standards}
    pooled_hidden = bool(hidden_standards) or d.hides(result.cases)
    domains = tuple(
        replace(
            x,
            figure=_figure(x.figure, d, force=x.id in hidden_domains or (group and pooled_hidden)),
        )
        for x in result.domains
    )
    sections = tuple(
        replace(x, figure=_figure(x.figure, d, force=pooled_hidden)) for x in result.sections
    )
    headlines = tuple(
        replace(x, figure=_figure(x.figure, d, force=pooled_hidden)) for x in result.headlines
    )
    overall = result.overall
    if d.hides(result.cases) or (group and pooled_hidden):
        overall = OverallResult(method=overall.method, rating=None, not_rated_reason=d.note)
    elif pooled_hidden:
        # The pooled score less the shown standards would give the hidden ones.
        overall = replace(overall, numerator=None, denominator=None, points=None, max_points=None)
    warnings = list(_warnings(result.warnings, references, d))
    return replace(
        result,
        standards=standards,
        domains=domains,
        sections=sections,
        headlines=headlines,
        overall=overall,
        warnings=tuple(warnings),
    )


def _split(
    groups: Mapping[str, ScoreResult], d: Disclosure, references: Collection[str]
) -> dict[str, ScoreResult]:
    gone = hide_counts({v: r.cases for v, r in groups.items()}, d)
    shown = {v: r for v, r in groups.items() if v not in gone}
    hidden_cells: dict[str, set[str]] = {v: set() for v in shown}
    for s in next(iter(groups.values())).standards if groups else ():
        if s.rated_by != "cases":
            continue
        cells = {v: r.standard(s.id).figure.cases for v, r in shown.items()}
        already = sum(groups[v].standard(s.id).figure.cases for v in gone)
        for v in hide_counts(cells, d, already):
            hidden_cells[v].add(s.id)
    return {v: _result(r, d, references, hidden_cells[v], group=True) for v, r in shown.items()}


def redact(report: ScoreReport, d: Disclosure, references: Collection[str]) -> ScoreReport:
    """The report as `d` allows it to be shown (the same object with case access)."""
    if d.case_detail:
        return report
    whole = report.result
    hidden = {s.id for s in whole.standards if s.rated_by == "cases" and d.hides(s.figure.cases)}
    splits = {
        attribute: _split(groups, d, references)
        for attribute, groups in report.splits.items()
        if attribute not in PERSON_SPLITS
    }
    result = _result(whole, d, references, hidden, group=False)
    notes = [
        _("The split by %(attribute)s is shown only to readers with access to case records.")
        % {"attribute": attribute}
        for attribute in report.splits
        if attribute in PERSON_SPLITS
    ]
    if any(len(v) < len(report.splits[a]) for a, v in splits.items()):
        notes.append(
            _("Groups of fewer than %(n)d cases, and groups that would reveal them, are not shown.")
            % {"n": d.minimum}
        )
    if notes:
        result = replace(result, warnings=(*result.warnings, *notes))
    return ScoreReport(result=result, splits=splits)


__all__ = [
    "CASE_ACCESS_ACTION",
    "FULL",
    "PERSON_SPLITS",
    "Disclosure",
    "SuppressedFigure",
    "disclosure_for",
    "for_round",
    "hide_counts",
    "hide_rows",
    "minimum_cases",
    "redact",
    "round_references",
    "suppressed",
]
