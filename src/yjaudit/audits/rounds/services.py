"""Create rounds, draw their samples and swap sampled cases, all audit-trailed.

Work is never destroyed: a redraw or swap replaces only sampled cases whose case audit
is untouched, and what leaves a sample is archived (kept, restorable), never deleted.
Case audits are created with the sample, in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Collection, Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from yjaudit.audits.case_audits import round_scores as results
from yjaudit.audits.case_audits import services as audit_services
from yjaudit.audits.models import (
    AuditRound,
    CaseAudit,
    RoundStatus,
    RoundSubject,
    SampledCase,
    SampleStatus,
)
from yjaudit.audits.rounds import selectors as round_selectors
from yjaudit.audits.rounds.selectors import RedrawPlan, round_caseload, sample_rules
from yjaudit.audittrail import archiving
from yjaudit.audittrail.actors import Actor, user_of
from yjaudit.audittrail.services import record, snapshot
from yjaudit.cases.models import Case
from yjaudit.errors import DomainError
from yjaudit.frameworks.models import FrameworkEdition
from yjaudit.organisations.models import Service
from yjaudit.sampling import Unit, draw, replacement_for
from yjaudit.spec.model import RatedBy

BALANCE = ("sex", "ethnicity", "rosh")
MAX_SEED = 2**31 - 1


def unit_of(case: Case, subject: str = RoundSubject.CHILDREN) -> Unit:
    """A case as the draw sees it: by disposal category, or for management oversight
    by the manager overseeing it (its case manager's line manager)."""
    stratum = case.disposal_category
    if subject == RoundSubject.MANAGERS:
        stratum = overseeing_manager(case)
    return Unit(
        id=str(case.pk),
        stratum=stratum,
        attributes={a: getattr(case, a) for a in BALANCE},
    )


def overseeing_manager(case: Case) -> str:
    """The name of the manager overseeing the case (annotated by `round_caseload`)."""
    name = getattr(case, "overseeing_manager", None)
    if name is None:
        manager = case.case_manager.line_manager if case.case_manager else None
        name = manager.name if manager is not None else ""
    return str(name)[:40]


def _draw(
    audit_round: AuditRound,
    candidates: list[Unit],
    size: int,
    seed: int,
    keep: list[Unit],
) -> list[Unit]:
    """The draw; for a rule sized per stratum (per manager), each stratum on its own."""
    rule = sample_rules()[audit_round.sample_rule]
    if not rule.per_stratum:
        return draw(candidates, size, seed, BALANCE, keep=keep)
    chosen: list[Unit] = []
    for stratum in sorted({u.stratum for u in candidates} | {u.stratum for u in keep}):
        mine = [u for u in candidates if u.stratum == stratum]
        kept = [u for u in keep if u.stratum == stratum]
        pool = {u.id for u in mine} | {u.id for u in kept}
        n = rule.size_for(len(pool), audit_round.requested_size)
        chosen += draw(mine, max(n, len(kept)), seed, BALANCE, keep=kept)
    return chosen


def create_round(
    *,
    actor: Actor,
    service: Service,
    framework_edition: FrameworkEdition,
    name: str,
    kind: str,
    period_start: dt.date,
    period_end: dt.date,
    sample_rule: str,
    requested_size: int | None = None,
    subject: str = RoundSubject.CHILDREN,
) -> AuditRound:
    rules = sample_rules()
    errors: dict[str, str] = {}
    rule = rules.get(sample_rule)
    framework = framework_edition.spec()
    subjects = {s.subject.value for s in framework.standards if s.rated_by is RatedBy.CASES}
    if subject not in subjects:
        errors["subject"] = _(
            "%(framework)s has no standard audited from %(subject)s; it is audited from: %(has)s."
        ) % {
            "framework": framework_edition.title,
            "subject": RoundSubject(subject).label if subject in RoundSubject.values else subject,
            "has": ", ".join(str(RoundSubject(v).label) for v in sorted(subjects)) or "-",
        }
    if rule is None:
        errors["sample_rule"] = _("There is no sample size rule “%s”.") % sample_rule
    elif rule.subject not in (None, subject):
        errors["sample_rule"] = _("This rule is for %(rule)s, not %(round)s.") % {
            "rule": RoundSubject(rule.subject).label,
            "round": RoundSubject(subject).label if subject in RoundSubject.values else subject,
        }
    elif rule.needs_requested_size and not requested_size:
        errors["requested_size"] = _("Enter the number of cases to sample.")
    if period_end < period_start:
        errors["period_end"] = _("The period must end on or after its start.")
    if errors:
        raise ValidationError(errors)
    audit_round = AuditRound(
        service=service,
        framework_edition=framework_edition,
        name=name,
        kind=kind,
        subject=subject,
        period_start=period_start,
        period_end=period_end,
        sample_rule=sample_rule,
        requested_size=requested_size if rule and rule.needs_requested_size else None,
        created_by=user_of(actor),
    )
    audit_round.full_clean()
    audit_round.save()
    record(actor=actor, action="round.create", target=audit_round, after=snapshot(audit_round))
    return audit_round


class SampleError(DomainError):
    """A draw, swap or restore the rules refuse; the message is for the user."""


class ConfirmationNeeded(SampleError):
    """The round already has a sample: only its untouched cases may be replaced, and only
    when the caller confirms (`replace_untouched=True`). Nothing was written."""

    def __init__(self, plan: RedrawPlan):
        self.plan = plan
        if plan.keep:
            message = _(
                "The round already has a sample and %(kept)d of its cases hold work, which "
                "a redraw keeps: %(list)s. Drawing again would replace the other %(n)d "
                "untouched cases only; confirm to do that."
            ) % {
                "kept": len(plan.keep),
                "list": "; ".join(f"{k.reference} ({k.description})" for k in plan.keep),
                "n": len(plan.replace),
            }
        else:
            message = _(
                "The round already has a sample of %(n)d cases, none holding work yet. "
                "Drawing again would replace them all; confirm to do that."
            ) % {"n": len(plan.replace)}
        super().__init__(message)


class NothingToReplace(SampleError):
    """Every sampled case holds work: a redraw would change nothing. Nothing was written."""

    def __init__(self, plan: RedrawPlan):
        self.plan = plan
        super().__init__(
            _(
                "Every case in the sample holds work (%(list)s), so none can be replaced "
                "by a redraw. The sample stays as it is."
            )
            % {"list": "; ".join(f"{k.reference} ({k.description})" for k in plan.keep)}
        )


class HoldsWork(SampleError):
    """A swap of a case whose audit holds work: refused, nothing written."""


class PlanChanged(SampleError):
    """The sample changed between the confirmation page and the confirmation."""


def planned_size(audit_round: AuditRound, caseload: int) -> int:
    rule = sample_rules()[audit_round.sample_rule]
    return rule.size_for(caseload, audit_round.requested_size)


class RoundArchived(SampleError):
    """The round is archived: read-only until restored."""


def _lock(audit_round: AuditRound) -> AuditRound:
    """The round's row locked for the rest of the transaction (one draw or swap at a time);
    an archived round is read-only, so it refuses."""
    locked = AuditRound.objects.select_for_update().select_related("service").get(pk=audit_round.pk)
    if locked.archived_at is not None:
        raise RoundArchived(
            _("This round is archived, so it is read-only. Restore the round to change it.")
        )
    return locked


def _archive(actor: Actor, sampled: SampledCase, reason: str, action: str) -> None:
    """Take a case out of the sample, keeping the row (and any case audit) for good."""
    before = snapshot(sampled)
    sampled.status = SampleStatus.ARCHIVED
    sampled.archived_by = user_of(actor)
    sampled.archived_at = timezone.now()
    sampled.archive_reason = reason
    sampled.save(update_fields=["status", "archived_by", "archived_at", "archive_reason"])
    audit_id = CaseAudit.objects.filter(sampled_case=sampled).values_list("pk", flat=True).first()
    record(
        actor=actor,
        action=action,
        target=sampled,
        service=sampled.case.service_id,
        before=before,
        after={**snapshot(sampled), "case_audit": audit_id},
    )


def _check_redraw(
    plan: RedrawPlan,
    replace_untouched: bool,
    expected_replace: Collection[int] | None,
) -> None:
    """A redraw goes ahead only when it replaces something, was confirmed, and the
    confirmed plan still holds."""
    if not plan.has_sample:
        return
    if not plan.replace:
        raise NothingToReplace(plan)
    if not replace_untouched:
        raise ConfirmationNeeded(plan)
    if expected_replace is not None and set(expected_replace) != plan.replace_ids:
        raise PlanChanged(
            _(
                "The sample changed since you checked it (someone started work on a "
                "case, or drew again). Nothing was replaced: look at what a redraw "
                "would do now."
            )
        )


def _place_drawn(
    actor: Actor,
    audit_round: AuditRound,
    new: Sequence[Unit],
    cases: Mapping[str, Case],
    *,
    free: list[int],
) -> None:
    """Put newly drawn cases in the sample: in the places the replaced ones left, then
    after the last; a case removed by an earlier redraw comes back as it was."""
    free = sorted(free)
    earlier = {
        str(s.case_id): s
        for s in audit_round.samples.filter(status=SampleStatus.ARCHIVED).select_related("case")
    }
    next_position = (audit_round.samples.aggregate(top=Max("position"))["top"] or 0) + 1
    for unit in new:
        if free:
            position = free.pop(0)
        else:
            position, next_position = next_position, next_position + 1
        row = earlier.get(unit.id)
        if row is None:
            SampledCase.objects.create(
                round=audit_round, case=cases[unit.id], stratum=unit.stratum, position=position
            )
            continue
        before_row = snapshot(row)
        row.status, row.position, row.stratum = SampleStatus.ACTIVE, position, unit.stratum
        row.archived_by, row.archived_at, row.archive_reason = None, None, ""
        row.save()
        record(
            actor=actor,
            action="sample.restore",
            target=row,
            service=audit_round.service_id,
            before=before_row,
            after={**snapshot(row), "by": "draw"},
        )


def _mark_sampled(audit_round: AuditRound, seed: int, caseload: Sequence[Case]) -> None:
    """The round remembers its seed and the caseload it was drawn from (for repeats)."""
    audit_round.seed = seed
    audit_round.status = RoundStatus.SAMPLED
    audit_round.caseload_size = len({c.pk for c in caseload})
    audit_round.caseload_case_ids = sorted(c.pk for c in caseload)
    audit_round.caseload_counts = round_selectors.caseload_counts_now(caseload)
    audit_round.sampled_at = timezone.now()
    audit_round.save(
        update_fields=[
            "seed",
            "status",
            "caseload_size",
            "caseload_case_ids",
            "caseload_counts",
            "sampled_at",
        ]
    )


def draw_sample(
    *,
    actor: Actor,
    audit_round: AuditRound,
    seed: int | None = None,
    replace_untouched: bool = False,
    expected_replace: Collection[int] | None = None,
) -> list[SampledCase]:
    """Draw the round's sample, or draw it again, and create its case audits with it.

    The seed is kept so anyone can repeat a draw. When the round already has a sample,
    nothing is written unless `replace_untouched` is True (else `ConfirmationNeeded`,
    which carries the plan to show): then the cases whose audit holds work stay (see
    `round_selectors.work_held`) and only the untouched ones are archived (kept, can be
    restored) and their places drawn again. `expected_replace`: the sampled case ids the
    person confirmed replacing; if they no longer match, `PlanChanged`. Returns the
    active sample.
    """
    if seed is not None and not 0 <= seed <= MAX_SEED:
        raise SampleError(_("The seed must be a whole number from 0 to %s.") % MAX_SEED)
    with transaction.atomic():
        audit_round = _lock(audit_round)
        # A redraw replaces only untouched cases, so it stays open while auditing goes on.
        if audit_round.status == RoundStatus.CLOSED:
            raise SampleError(_("The round is closed."))
        plan = round_selectors.redraw_plan(audit_round)
        _check_redraw(plan, replace_untouched, expected_replace)
        caseload = list(round_caseload(audit_round))
        if not caseload:
            raise SampleError(_("No cases in the register were open during the round's period."))
        cases = {str(c.pk): c for c in caseload}
        kept_cases = {str(k.sampled.case_id): k.sampled.case for k in plan.keep}
        # Cases swapped out of the sample stay out: they were taken out for a reason.
        swapped_out = {
            str(pk)
            for pk in audit_round.samples.filter(status=SampleStatus.SWAPPED_OUT).values_list(
                "case_id", flat=True
            )
        }
        subject = audit_round.subject
        candidates = [unit_of(c, subject) for pk, c in cases.items() if pk not in swapped_out]
        available = len(candidates) + len(set(kept_cases) - set(cases))
        # Never more than the cases there are to draw from (swapped-out cases stay out).
        size = min(planned_size(audit_round, len(cases)), available)
        seed = secrets.randbelow(MAX_SEED) if seed is None else seed
        drawn = _draw(
            audit_round,
            candidates,
            size,
            seed,
            keep=[unit_of(c, subject) for c in kept_cases.values()],
        )
        before = {
            "seed": audit_round.seed,
            "caseload": audit_round.caseload_size,
            "cases": [s.case.reference for s in round_selectors.active_sample(audit_round)],
        }
        # Untouched cases drawn again stay as they are; the others leave (archived).
        drawn_ids = {u.id for u in drawn}
        staying = {str(s.case_id) for s in plan.replace if str(s.case_id) in drawn_ids}
        leaving = [s for s in plan.replace if str(s.case_id) not in drawn_ids]
        for sampled in leaving:
            _archive(actor, sampled, _("Replaced by a new draw of the sample."), "sample.archive")
        all_cases = {**cases, **kept_cases}
        new = [u for u in drawn if u.id not in kept_cases and u.id not in staying]
        _place_drawn(actor, audit_round, new, all_cases, free=[s.position for s in leaving])
        _mark_sampled(audit_round, seed, caseload)
        record(
            actor=actor,
            action="round.sample",
            target=audit_round,
            before=before,
            after={
                "seed": seed,
                "rule": audit_round.sample_rule,
                "caseload": len(cases),
                "cases": [all_cases[u.id].reference for u in drawn],
                "kept": [k.reference for k in plan.keep],
                "archived": [s.case.reference for s in leaving],
            },
        )
        audit_services.ensure_audits(actor=actor, audit_round=audit_round)
        return list(round_selectors.active_sample(audit_round))


def swap_case(*, actor: Actor, sampled: SampledCase, reason: str) -> SampledCase:
    """Take an untouched case out of the sample and put a like case from its stratum in its
    place (with its case audit). A case whose audit holds work is never swapped out."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for swapping this case.")})
    with transaction.atomic():
        audit_round = _lock(sampled.round)
        sampled = SampledCase.objects.select_related("case").get(pk=sampled.pk)
        if sampled.status != SampleStatus.ACTIVE:
            raise SampleError(_("This case has already been swapped out."))
        if audit_round.status == RoundStatus.CLOSED:
            raise SampleError(_("The round is closed."))
        held = round_selectors.work_held([sampled]).get(sampled.pk)
        if held:
            raise HoldsWork(
                _(
                    "The case audit of %(ref)s holds work (%(what)s), so the case cannot be "
                    "swapped out: its work would leave the round's figures."
                )
                % {"ref": sampled.case.reference, "what": ", ".join(held)}
            )
        cases = {str(c.pk): c for c in round_caseload(audit_round)}
        if audit_round.caseload_case_ids is not None:  # only cases of the caseload drawn from
            fixed = {str(pk) for pk in audit_round.caseload_case_ids}
            cases = {pk: c for pk, c in cases.items() if pk in fixed}
        ever = {str(pk) for pk in audit_round.samples.values_list("case_id", flat=True)}
        removed = unit_of(sampled.case, audit_round.subject)
        chosen = replacement_for(
            [unit_of(c, audit_round.subject) for c in cases.values()],
            removed,
            ever,
            audit_round.seed or 0,
            BALANCE,
        )
        if chosen is None:
            raise SampleError(_("No other case in the same group is left to swap in."))
        new = SampledCase.objects.create(
            round=audit_round,
            case=cases[chosen.id],
            stratum=chosen.stratum,
            position=sampled.position,
        )
        before = snapshot(sampled)
        sampled.status = SampleStatus.SWAPPED_OUT
        sampled.replaced_by = new
        sampled.swap_reason = reason
        sampled.swapped_by = user_of(actor)
        sampled.swapped_at = timezone.now()
        sampled.save()
        record(
            actor=actor,
            action="sample.swap",
            target=sampled,
            service=audit_round.service_id,
            before=before,
            after={**snapshot(sampled), "replacement": cases[chosen.id].reference},
        )
        audit_services.ensure_audits(actor=actor, audit_round=audit_round)
        return new


def restore_case(*, actor: Actor, sampled: SampledCase) -> SampledCase:
    """Put a case removed from the sample back in, with its case audit as it was."""
    with transaction.atomic():
        audit_round = _lock(sampled.round)
        sampled = SampledCase.objects.select_related("case", "round").get(pk=sampled.pk)
        if sampled.status != SampleStatus.ARCHIVED:
            raise SampleError(_("Only a case removed from the sample can be restored."))
        if audit_round.status == RoundStatus.CLOSED:
            raise SampleError(_("The round is closed."))
        before = snapshot(sampled)
        top = audit_round.samples.aggregate(top=Max("position"))["top"] or 0
        sampled.status = SampleStatus.ACTIVE
        sampled.position = top + 1
        sampled.archived_by, sampled.archived_at, sampled.archive_reason = None, None, ""
        sampled.save()
        record(
            actor=actor,
            action="sample.restore",
            target=sampled,
            service=audit_round.service_id,
            before=before,
            after=snapshot(sampled),
        )
        audit_services.ensure_audits(actor=actor, audit_round=audit_round)
        results.bump(audit_round.pk)
        return sampled


def archive_round(*, actor: Actor, audit_round: AuditRound, reason: str) -> AuditRound:
    """Archive a round (kept whole, read-only, out of worklists); never deleted.

    Any round may be archived, whatever its status: its answers and signed-off results
    stay where they are (reports already made from them keep them)."""
    archived = archiving.archive(
        actor=actor,
        target=audit_round,
        reason=reason,
        action="round.archive",
        service=audit_round.service_id,
    )
    results.bump(audit_round.pk)
    return archived


def restore_round(*, actor: Actor, audit_round: AuditRound, reason: str = "") -> AuditRound:
    """Bring an archived round back, as it was when archived."""
    restored = archiving.restore(
        actor=actor,
        target=audit_round,
        reason=reason,
        action="round.restore",
        service=audit_round.service_id,
    )
    results.bump(audit_round.pk)
    return restored
