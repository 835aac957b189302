"""Reads for rounds and samples. Callers pass the services the user may see."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from yjaudit.audits.models import (
    AuditRound,
    AuditStatus,
    CaseAudit,
    RoundStatus,
    RoundSubject,
    SampledCase,
    SampleStatus,
)
from yjaudit.cases import selectors as case_selectors
from yjaudit.cases.codes import codes
from yjaudit.cases.models import Case, CaseKind
from yjaudit.frameworks.models import FrameworkEdition
from yjaudit.frameworks.translations import reading_language
from yjaudit.organisations.models import Service
from yjaudit.sampling import SampleRule, load_rules

# Attributes shown side by side (sample vs caseload), with their code lists.
COMPARED = (
    ("disposal_category", "disposal_categories"),
    ("setting", "settings"),
    ("sex", "sexes"),
    ("ethnicity", "ethnicities"),
    ("rosh", "levels"),
    ("safety_wellbeing", "levels"),
)


def words_language(language: str | None = None) -> str:
    """The language of the rules' words: `language`, else the reader's (two letters, as
    the frameworks' translations read it); a language with no wording files reads as
    written."""
    return reading_language(language)


@lru_cache(maxsize=4)
def _rules(language: str) -> dict[str, SampleRule]:
    # Keyed by language, so one language's words never reach the other's pages.
    return load_rules(language=language)


def sample_rules(language: str | None = None) -> dict[str, SampleRule]:
    """The sample-size rules by id (read once per process and language), their names and
    notes in `language` (None: the reader's, the active language). Ids and sizes are the
    rule files' in every language, so a draw is the same whoever asks."""
    return dict(_rules(words_language(language)))


def round_list(*, services: Iterable[Service] | QuerySet[Service]) -> QuerySet[AuditRound]:
    return AuditRound.objects.filter(service__in=services).select_related(
        "service", "framework_edition"
    )


def rounds_listed(
    base: QuerySet[AuditRound],
    *,
    q: str = "",
    order_by: Sequence[str] = (),
    status: str = "",
    framework_edition: str | int = "",
    subject: str = "",
    archived: str = "",
) -> QuerySet[AuditRound]:
    """Rounds of an already scoped queryset whose name contains ``q``, in ``order_by``
    (else newest period first), filtered by status, framework edition and subject.
    ``archived``: "" rounds in use, "archived" archived ones, "all" both."""
    qs = base.select_related("service", "framework_edition")
    if q:
        qs = qs.filter(name__icontains=q)
    if status:
        qs = qs.filter(status=status)
    if framework_edition:
        qs = qs.filter(framework_edition_id=int(framework_edition))
    if subject:
        qs = qs.filter(subject=subject)
    if archived == "archived":
        qs = qs.filter(archived_at__isnull=False)
    elif archived != "all":
        qs = qs.filter(archived_at__isnull=True)
    return qs.order_by(*(order_by or ("-period_start", "-pk")))


def editions_in(rounds: QuerySet[AuditRound]) -> list[FrameworkEdition]:
    """The framework editions these rounds use (the rounds list's filter choices)."""
    ids = rounds.order_by().values_list("framework_edition_id", flat=True).distinct()
    return list(FrameworkEdition.objects.filter(pk__in=ids).order_by("name", "-version"))


def round_get(*, services: Iterable[Service] | QuerySet[Service], pk: int) -> AuditRound | None:
    return round_list(services=services).filter(pk=pk).first()


def round_caseload(audit_round: AuditRound) -> QuerySet[Case]:
    """The register the round samples, open in its period: victims' cases for a victims'
    round; children's cases otherwise, and for management oversight only those whose
    case manager has a line manager (the manager whose oversight is audited)."""
    kind = CaseKind.VICTIMS if audit_round.subject == RoundSubject.VICTIMS else CaseKind.CHILDREN
    cases = case_selectors.caseload(
        service=audit_round.service,
        start=audit_round.period_start,
        end=audit_round.period_end,
        kind=kind,
    ).filter(archived_at__isnull=True)  # an archived case is offered to no new sample
    if audit_round.subject == RoundSubject.MANAGERS:
        cases = cases.filter(case_manager__line_manager__isnull=False).annotate(
            overseeing_manager=F("case_manager__line_manager__name")
        )
    return cases


def subject_rules(subject: str) -> dict[str, SampleRule]:
    """The sample-size rules a round of this subject may use: its own and general ones."""
    return {k: r for k, r in sample_rules().items() if r.subject in (None, subject)}


def active_sample(audit_round: AuditRound) -> QuerySet[SampledCase]:
    return audit_round.samples.filter(status=SampleStatus.ACTIVE).select_related(
        "case", "case__team", "case__case_manager"
    )


@dataclass(frozen=True)
class ShareRow:
    value: str
    label: str
    caseload: int
    caseload_percent: float
    sample: int
    sample_percent: float


@dataclass(frozen=True)
class Comparison:
    attribute: str
    label: str
    rows: tuple[ShareRow, ...]


def _percent(n: int, total: int) -> float:
    return round(100 * n / total, 1) if total else 0.0


def caseload_counts_now(cases: Iterable[Case]) -> dict[str, dict[str, int]]:
    """Each compared attribute's value counts among these cases ("" when not recorded)."""
    rows = list(cases)
    return {a: dict(Counter((getattr(c, a) or "") for c in rows)) for a, _list in COMPARED}


@dataclass(frozen=True)
class CaseloadFigures:
    """A round's caseload: fixed at the draw once drawn, else the register as it is now."""

    size: int
    counts: dict[str, dict[str, int]]
    fixed: bool  # True: stored at the draw


def caseload_figures(audit_round: AuditRound) -> CaseloadFigures:
    """The round's caseload figures. Reports, the API and the pages read them here.

    Once a sample is drawn these are the figures stored at the draw, so cases imported
    or edited afterwards do not change them; before the draw they are counted live.
    """
    if audit_round.caseload_size is not None and audit_round.caseload_counts is not None:
        return CaseloadFigures(audit_round.caseload_size, audit_round.caseload_counts, True)
    if audit_round.caseload_size is not None and audit_round.status != RoundStatus.DRAFT:
        # Drawn before the counts were stored (and not back-filled): the size is fixed.
        live = caseload_counts_now(round_caseload(audit_round))
        return CaseloadFigures(audit_round.caseload_size, live, True)
    cases = list(round_caseload(audit_round).only(*(a for a, _list in COMPARED)))
    return CaseloadFigures(len(cases), caseload_counts_now(cases), False)


def comparison(audit_round: AuditRound) -> list[Comparison]:
    """For each attribute, each value's count and share in the caseload (as fixed at the
    draw) and in the active sample; labels in the reader's language (the values stay
    the register's codes)."""
    figures = caseload_figures(audit_round)
    sample = list(active_sample(audit_round).values(*(f"case__{a}" for a, _ in COMPARED)))
    out = []
    for attribute, list_name in COMPARED:
        code_list = getattr(codes(), list_name)
        pop = Counter({k: v for k, v in figures.counts.get(attribute, {}).items()})
        got = Counter((r[f"case__{attribute}"] or "") for r in sample)
        values = [c.code for c in code_list.codes] + sorted(
            v for v in set(pop) | set(got) if code_list.get(v) is None
        )
        rows = tuple(
            ShareRow(
                value=v,
                # In the reader's language, as the register's pages show it.
                label=code_list.words(v) if v else _("Not recorded"),
                caseload=pop[v],
                caseload_percent=_percent(pop[v], figures.size),
                sample=got[v],
                sample_percent=_percent(got[v], len(sample)),
            )
            for v in values
            if pop[v] or got[v]
        )
        label = str(getattr(Case._meta.get_field(attribute), "verbose_name", attribute))
        label = label[:1].upper() + label[1:]
        out.append(Comparison(attribute, label, rows))
    return out


# -- work held by sampled cases (what a redraw or swap must never destroy) ---------------


def work_held(sampled: Iterable[SampledCase]) -> dict[int, list[str]]:
    """For each sampled case whose case audit holds work, what it holds (for people).

    Work: answers a person gave (not the "not applicable" the rules store), second marks,
    resolved differences, a status past draft, feedback or details entered, selection
    for second marking, or any save at all (the version moved). Untouched cases are
    absent from the result.
    """
    ids = [s.pk for s in sampled]
    audits = (
        CaseAudit.objects.filter(sampled_case_id__in=ids)
        .annotate(
            n_answers=Count("answers", filter=Q(answers__by_rule=False), distinct=True),
            n_marks=Count("second_marks", distinct=True),
            n_resolved=Count("resolutions", distinct=True),
        )
        .order_by()
    )
    held: dict[int, list[str]] = {}
    for a in audits:
        what: list[str] = []
        if a.status != AuditStatus.DRAFT:
            what.append(str(AuditStatus(a.status).label))
        if a.n_answers:
            what.append(ngettext("%d answer", "%d answers", a.n_answers) % a.n_answers)
        if a.n_marks:
            what.append(ngettext("%d second mark", "%d second marks", a.n_marks) % a.n_marks)
        if a.n_resolved:
            what.append(
                ngettext("%d difference resolved", "%d differences resolved", a.n_resolved)
                % a.n_resolved
            )
        if a.summary or a.case_manager_present is not None or a.return_comments:
            what.append(_("feedback or details entered"))
        if a.moderation_selected:
            what.append(_("chosen for second marking"))
        if not what and (a.version > 1 or a.reopen_reason):
            what.append(_("edited"))
        if what:
            held[a.sampled_case_id] = what
    return held


@dataclass(frozen=True)
class Kept:
    sampled: SampledCase
    holds: tuple[str, ...]

    @property
    def reference(self) -> str:
        return self.sampled.case.reference

    @property
    def description(self) -> str:
        return ", ".join(self.holds)


@dataclass(frozen=True)
class RedrawPlan:
    """What drawing a round's sample again would do: keep the cases that hold work,
    replace the untouched ones."""

    keep: tuple[Kept, ...]
    replace: tuple[SampledCase, ...]

    @property
    def has_sample(self) -> bool:
        return bool(self.keep or self.replace)

    @property
    def replace_ids(self) -> frozenset[int]:
        return frozenset(s.pk for s in self.replace)


def redraw_plan(audit_round: AuditRound) -> RedrawPlan:
    sample = list(active_sample(audit_round))
    held = work_held(sample)
    return RedrawPlan(
        keep=tuple(Kept(s, tuple(held[s.pk])) for s in sample if s.pk in held),
        replace=tuple(s for s in sample if s.pk not in held),
    )


def archived_sample(audit_round: AuditRound) -> QuerySet[SampledCase]:
    """Cases removed from the sample (kept, and can be restored)."""
    return audit_round.samples.filter(status=SampleStatus.ARCHIVED).select_related(
        "case", "archived_by"
    )
