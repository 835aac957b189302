"""Gather a report's inputs from the database. Reads only; the builders do the rest.

A round's figures come from ONE function,
`yjaudit.audits.case_audits.round_scores.round_score(round, *, by=()) -> ScoreReport`
(the case-audit app's; `settings.YJAUDIT_REPORT_ROUND_SCORE` may name another dotted
path, see `yjaudit.config.plugins`: a wrong one fails loudly).

What reports print, by design: the framework's own text, figures and ratings, service,
round and staff names (adults), pseudonymous case references (practitioner feedback
only), coded case attributes as group labels (in the register's words, in the report's
language), and improvement-plan titles and action
statuses. What they never print: evidence notes, judgement and override reasons,
swap reasons, further case attributes' values, action descriptions and progress notes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from yjaudit.audits import disclosure
from yjaudit.audits.case_audits import round_scores as audit_results
from yjaudit.audits.disclosure import FULL, Disclosure
from yjaudit.audits.models import AuditRound, RoundKind
from yjaudit.audits.rounds import selectors as round_selectors
from yjaudit.cases.codes import CodeList, codes
from yjaudit.config.plugins import plugin
from yjaudit.engine.scoring import UNKNOWN
from yjaudit.engine.types import ScoreReport, ScoreResult
from yjaudit.narrative import NarrativeSettings, default_settings, load_settings
from yjaudit.organisations.models import StaffMember

from .benchmarks import BenchmarkSet, from_results, load_benchmark_file
from .board_pack import ActionRow, BoardData, PlanProgress
from .document import report_language
from .practitioner_report import PractitionerData
from .round_report import SPLITS, RoundData, RoundInfo, ShareRow, ShareTable
from .trend_report import (
    InspectionRatings,
    TrendData,
    TrendRound,
    inspection_from_result,
    sequence_of,
)

# Split on the case manager for practitioner feedback.
CASE_MANAGER = "case_manager"

Scorer = Callable[..., ScoreReport | None]


def scorer() -> Scorer | None:
    # Imported directly: a typo fails loudly (and at start-up), see config.plugins.
    found: Scorer = plugin("YJAUDIT_REPORT_ROUND_SCORE")
    return found


def round_score(
    audit_round: AuditRound, by: Sequence[str] = (), shown: Disclosure = FULL
) -> ScoreReport | None:
    """The round's figures as `shown` lets the reader see them, or None while there is
    nothing scored."""
    fn = scorer()
    if fn is None:
        return None
    report = fn(audit_round, by=tuple(by))
    if report is None or report.result.cases == 0:
        return None
    return disclosure.for_round(report, shown, audit_round)


def narrative_settings() -> NarrativeSettings:
    """The wording in the active language (a report is built inside its language): the
    deployment's file when it is in that language, else the bundled wording."""
    language = report_language(translation.get_language())
    path = settings.YJAUDIT_NARRATIVE_FILE
    chosen = _load_narrative(str(path)) if path else None
    if chosen is not None and chosen.language == language:
        return chosen
    return default_settings(language)


@cache
def _load_narrative(path: str) -> NarrativeSettings:
    return load_settings(path)


def marking() -> str:
    return str(settings.YJAUDIT_REPORT_MARKING)


def _person(user: Any) -> str:
    """A user's name for a cover; an e-mail address used as a user name is left out."""
    if user is None:
        return ""
    name = (user.get_full_name() or user.get_username()).strip()
    return "" if "@" in name else name


def authors(audit_round: AuditRound) -> tuple[str, ...]:
    """Who made the round: its creator, auditors, second markers and who signed off."""
    from django.contrib.auth import get_user_model

    from yjaudit.audits.models import CaseAudit

    audits = CaseAudit.objects.filter(round=audit_round)
    ids = {audit_round.created_by_id}
    for field in ("auditor_id", "second_marker_id", "signed_off_by_id"):
        ids |= set(audits.values_list(field, flat=True))
    users = get_user_model().objects.filter(pk__in=[i for i in ids if i is not None])
    return tuple(sorted({name for u in users if (name := _person(u))}))


def round_info(audit_round: AuditRound) -> RoundInfo:
    edition = audit_round.framework_edition
    progress = audit_results.progress(audit_round)
    return RoundInfo(
        id=audit_round.pk,
        name=audit_round.name,
        service=audit_round.service.name,
        framework_name=edition.title,
        framework_edition=_("edition %(edition)s, version %(version)s")
        % {"edition": edition.edition, "version": edition.version},
        kind=str(audit_round.get_kind_display()),
        status=str(audit_round.get_status_display()),
        period_start=audit_round.period_start,
        period_end=audit_round.period_end,
        sample_size=progress.sample,
        caseload_size=audit_round.caseload_size,
        authors=authors(audit_round),
        counted=progress.counted,
        in_progress=progress.in_progress,
    )


def split_labels() -> dict[str, tuple[str, dict[str, str]]]:
    """Each split's title and its groups in the register's words, in the active language
    (a report is built inside its language): "Gwarediad llys", never "court" nor the
    English label."""
    c = codes()
    unknown = {UNKNOWN: _("Not recorded"), "": _("Not recorded")}

    def words(code_list: CodeList) -> dict[str, str]:
        return {**{x.code: code_list.words(x.code) for x in code_list.codes}, **unknown}

    return {
        "setting": (_("Setting"), words(c.settings)),
        "disposal_category": (_("Disposal category"), words(c.disposal_categories)),
    }


def comparison(audit_round: AuditRound, shown: Disclosure = FULL) -> tuple[ShareTable, ...]:
    if not round_selectors.active_sample(audit_round).exists():
        return ()
    out = []
    for comp in round_selectors.comparison(audit_round):
        rows = tuple(
            # The selector labels each value in the register's words, in the active
            # language (a report is built inside its language).
            ShareRow(r.label, r.caseload, r.caseload_percent, r.sample, r.sample_percent)
            for r in comp.rows
        )
        gone = disclosure.hide_rows({r.label: (r.caseload, r.sample) for r in rows}, shown)
        label = comp.label
        if gone:
            label += " " + _("(groups of fewer than %(n)d cases are not shown)") % {
                "n": shown.minimum
            }
        out.append(ShareTable(label, tuple(r for r in rows if r.label not in gone)))
    return tuple(out)


def benchmark_minimum() -> int:
    # With one other service, lowest = highest = average would publish its figures.
    return int(settings.YJAUDIT_BENCHMARK_MIN_SERVICES)


def deployment_benchmarks(audit_round: AuditRound) -> BenchmarkSet | None:
    """Lowest / average / highest of the latest scored round of each other service on
    the same framework edition in this deployment."""
    edition = audit_round.framework_edition
    others = (
        AuditRound.objects.filter(
            framework_edition__framework_id=edition.framework_id,
            framework_edition__edition=edition.edition,
        )
        .exclude(service=audit_round.service)
        .select_related("service", "framework_edition")
        .order_by("service_id", "-period_end", "-pk")
    )
    results: list[ScoreResult] = []
    seen: set[int] = set()
    for r in others:
        if r.service_id in seen:
            continue
        report = round_score(r)
        if report is None:
            continue
        seen.add(r.service_id)
        results.append(report.result)
    if len(results) < benchmark_minimum():
        return None
    source = _(
        "Benchmarks: lowest, highest and average of the latest round of each of %(n)s other "
        "services on %(framework)s (edition %(edition)s) in this system."
    ) % {"n": len(results), "framework": edition.title, "edition": edition.edition}
    return from_results(
        results, source=source, framework_id=edition.framework_id, edition=edition.edition
    )


def benchmarks_for(audit_round: AuditRound, file: str | Path | None = None) -> BenchmarkSet | None:
    path = file or settings.YJAUDIT_REPORT_BENCHMARKS_FILE
    if path:
        return load_benchmark_file(path)
    return deployment_benchmarks(audit_round)


def round_data(
    audit_round: AuditRound,
    *,
    benchmarks_file: str | Path | None = None,
    report: ScoreReport | None = None,
    shown: Disclosure = FULL,
) -> RoundData:
    if report is None:
        report = round_score(audit_round, by=SPLITS, shown=shown)
    return RoundData(
        info=round_info(audit_round),
        framework=audit_round.framework_edition.spec(),
        report=report,
        benchmarks=benchmarks_for(audit_round, benchmarks_file) if report is not None else None,
        comparison=comparison(audit_round, shown),
        split_labels=split_labels(),
        narrative=narrative_settings(),
        marking=marking(),
        generated_on=dt.date.today(),
        extra_sections=tuple(plugin("YJAUDIT_ROUND_REPORT_SECTIONS")(audit_round, shown)),
    )


def service_rounds(audit_round: AuditRound, limit: int | None = None) -> list[AuditRound]:
    """The service's rounds on the same framework and subject up to this one, oldest first
    (a victims' round's trend is of victims' rounds)."""
    qs = (
        AuditRound.objects.filter(
            service=audit_round.service,
            framework_edition__framework_id=audit_round.framework_edition.framework_id,
            subject=audit_round.subject,
            period_end__lte=audit_round.period_end,
        )
        .exclude(kind=RoundKind.INSPECTION)
        .select_related("service", "framework_edition", "created_by")
        .order_by("-period_end", "-pk")
    )
    rounds = list(qs[:limit] if limit else qs)
    return list(reversed(rounds))


def imported_inspection(audit_round: AuditRound) -> InspectionRatings | None:
    """The latest inspection findings imported against one of the service's rounds of this
    framework (up to this round): `yjaudit.audits` keeps them as InspectionFinding rows."""
    from yjaudit.audits.models import InspectionFinding

    found = (
        InspectionFinding.objects.filter(round__in=[r.pk for r in service_rounds(audit_round)])
        .select_related("round")
        .order_by("-round__period_end", "-round_id", "standard_id")
    )
    rows = list(found)
    if not rows:
        return None
    round_id = rows[0].round_id
    mine = [f for f in rows if f.round_id == round_id]
    name = next((f.source for f in mine if f.source), "") or _("The inspection")
    return InspectionRatings(
        name,
        None,
        {f.standard_id: (f.rating or None, f.percent) for f in mine},
        round_id=round_id,
    )


def last_inspection(audit_round: AuditRound, shown: Disclosure = FULL) -> InspectionRatings | None:
    """Imported inspection findings, else the service's latest round of kind inspection."""
    imported = imported_inspection(audit_round)
    if imported is not None:
        return imported
    inspection = (
        AuditRound.objects.filter(
            service=audit_round.service,
            kind=RoundKind.INSPECTION,
            framework_edition__framework_id=audit_round.framework_edition.framework_id,
        )
        .exclude(pk=audit_round.pk)
        .order_by("-period_end", "-pk")
        .first()
    )
    if inspection is None:
        return None
    report = round_score(inspection, shown=shown)
    if report is None:
        return None
    return inspection_from_result(inspection.name, inspection.period_end, report.result)


def trend_data(
    audit_round: AuditRound,
    *,
    limit: int | None = None,
    progress: Callable[[AuditRound], None] | None = None,
    latest: ScoreReport | None = None,
    shown: Disclosure = FULL,
) -> TrendData:
    rounds = []
    for r in service_rounds(audit_round, limit):
        if progress is not None:
            progress(r)
        report = (
            latest
            if (latest is not None and r.pk == audit_round.pk)
            else round_score(r, shown=shown)
        )
        rounds.append(TrendRound(round_info(r), report.result if report else None))
    edition = audit_round.framework_edition
    return TrendData(
        service=audit_round.service.name,
        framework=edition.spec(),
        framework_label=f"{edition.title} ({edition.edition})",
        rounds=sequence_of(rounds),
        inspection=last_inspection(audit_round, shown),
        marking=marking(),
    )


def practitioner_split_key(report: ScoreReport, staff: StaffMember) -> ScoreResult | None:
    """The practitioner's result from the case-manager split (keyed by staff id or name)."""
    groups = report.splits.get(CASE_MANAGER, {})
    for key in (str(staff.pk), staff.name):
        if key in groups:
            return groups[key]
    return None


def practitioner_data(audit_round: AuditRound, staff: StaffMember) -> PractitionerData:
    report = round_score(audit_round, by=(CASE_MANAGER,))
    # The cases behind the figures: submitted (and later) case audits only.
    refs = tuple(
        round_selectors.active_sample(audit_round)
        .filter(case__case_manager=staff, case_audit__status__in=audit_results.COUNTED_STATUSES)
        .order_by("case__reference")
        .values_list("case__reference", flat=True)
    )
    return PractitionerData(
        info=round_info(audit_round),
        framework=audit_round.framework_edition.spec(),
        practitioner=staff.name,
        case_references=refs,
        own=practitioner_split_key(report, staff) if report else None,
        service=report.result if report else None,
        narrative=narrative_settings(),
        min_cases=int(settings.YJAUDIT_PRACTITIONER_FINDINGS_MIN_CASES),
        marking=marking(),
    )


def plan_progress(audit_round: AuditRound) -> tuple[PlanProgress, ...]:
    from yjaudit.improvement import selectors as plan_selectors
    from yjaudit.improvement.models import ImprovementPlan, Status

    out = []
    plans = ImprovementPlan.objects.filter(service=audit_round.service).order_by("created_at")
    for plan in plans:
        summary = plan_selectors.rag_summary(plan)
        counts = [(_("Actions"), summary["total"])]
        counts += [(str(label), summary[value]) for value, label in Status.choices]
        counts += [
            (_("Red"), summary["red"]),
            (_("Amber"), summary["amber"]),
            (_("Green"), summary["green"]),
            (_("Overdue"), summary["overdue"]),
        ]
        today = dt.date.today()
        actions = []
        for a in plan.actions.select_related("parent").order_by("number"):
            number = f"{a.parent.number}.{a.number}" if a.parent_id and a.parent else str(a.number)
            actions.append(
                ActionRow(
                    number,
                    str(a.get_status_display()),
                    a.due_date,
                    plan_selectors.rag(a, today).capitalize(),
                    bool(a.is_overdue(today)),
                )
            )
        out.append(PlanProgress(plan.title, tuple(counts), tuple(actions)))
    return tuple(out)


def board_data(
    audit_round: AuditRound,
    *,
    rounds: int = 8,
    benchmarks_file: str | Path | None = None,
    progress: Callable[[AuditRound], None] | None = None,
    shown: Disclosure = FULL,
) -> BoardData:
    latest = round_data(audit_round, benchmarks_file=benchmarks_file, shown=shown)
    trend = trend_data(
        audit_round, limit=rounds, progress=progress, latest=latest.report, shown=shown
    )
    return BoardData(
        latest=latest,
        trend=trend,
        plans=plan_progress(audit_round),
        # The service's latest quarter of indicators (none while monitoring holds no records).
        indicators=tuple(plugin("YJAUDIT_BOARD_INDICATORS")(audit_round)),
        voice=tuple(plugin("YJAUDIT_BOARD_VOICE")(audit_round)),
        compliance=tuple(plugin("YJAUDIT_BOARD_COMPLIANCE")(audit_round)),
        marking=marking(),
    )
