"""Create rounds, draw their samples and swap sampled cases, all audit-trailed."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yjaudit.audittrail.services import record, snapshot
from yjaudit.cases.models import Case
from yjaudit.frameworks.models import FrameworkEdition
from yjaudit.organisations.models import Service
from yjaudit.sampling import Unit, draw, replacement_for

from .models import AuditRound, RoundStatus, SampledCase, SampleStatus
from .round_selectors import round_caseload, sample_rules

Actor = AbstractBaseUser | AnonymousUser | None
BALANCE = ("sex", "ethnicity", "rosh")
MAX_SEED = 2**31 - 1


def _user(actor: Actor) -> Any:
    return actor if actor is not None and actor.is_authenticated else None


def unit_of(case: Case) -> Unit:
    return Unit(
        id=str(case.pk),
        stratum=case.disposal_category,
        attributes={a: getattr(case, a) for a in BALANCE},
    )


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
) -> AuditRound:
    rules = sample_rules()
    errors: dict[str, str] = {}
    rule = rules.get(sample_rule)
    if rule is None:
        errors["sample_rule"] = _("There is no sample size rule “%s”.") % sample_rule
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
        period_start=period_start,
        period_end=period_end,
        sample_rule=sample_rule,
        requested_size=requested_size if rule and rule.needs_requested_size else None,
        created_by=_user(actor),
    )
    audit_round.full_clean()
    audit_round.save()
    record(actor=actor, action="round.create", target=audit_round, after=snapshot(audit_round))
    return audit_round


class SampleError(Exception):
    pass


def planned_size(audit_round: AuditRound, caseload: int) -> int:
    rule = sample_rules()[audit_round.sample_rule]
    return rule.size_for(caseload, audit_round.requested_size)


@transaction.atomic
def draw_sample(
    *, actor: Actor, audit_round: AuditRound, seed: int | None = None
) -> list[SampledCase]:
    """Draw (or redraw) the round's sample. The seed is kept so anyone can repeat it."""
    if audit_round.status not in {RoundStatus.DRAFT, RoundStatus.SAMPLED}:
        raise SampleError(_("The sample cannot be redrawn once auditing has started."))
    if seed is not None and not 0 <= seed <= MAX_SEED:
        raise SampleError(_("The seed must be a whole number from 0 to %s.") % MAX_SEED)
    cases = {str(c.pk): c for c in round_caseload(audit_round)}
    if not cases:
        raise SampleError(_("No cases in the register were open during the round's period."))
    size = planned_size(audit_round, len(cases))
    seed = secrets.randbelow(MAX_SEED) if seed is None else seed
    drawn = draw([unit_of(c) for c in cases.values()], size, seed, BALANCE)
    before = {
        "seed": audit_round.seed,
        "cases": list(audit_round.samples.values_list("case__reference", flat=True)),
    }
    audit_round.samples.all().delete()
    rows = SampledCase.objects.bulk_create(
        SampledCase(round=audit_round, case=cases[u.id], stratum=u.stratum, position=i + 1)
        for i, u in enumerate(drawn)
    )
    audit_round.seed = seed
    audit_round.status = RoundStatus.SAMPLED
    audit_round.caseload_size = len(cases)
    audit_round.sampled_at = timezone.now()
    audit_round.save(update_fields=["seed", "status", "caseload_size", "sampled_at"])
    record(
        actor=actor,
        action="round.sample",
        target=audit_round,
        before=before,
        after={
            "seed": seed,
            "rule": audit_round.sample_rule,
            "caseload": len(cases),
            "cases": [cases[u.id].reference for u in drawn],
        },
    )
    return rows


@transaction.atomic
def swap_case(*, actor: Actor, sampled: SampledCase, reason: str) -> SampledCase:
    """Take a case out of the sample and put a like case from its stratum in its place."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for swapping this case.")})
    if sampled.status != SampleStatus.ACTIVE:
        raise SampleError(_("This case has already been swapped out."))
    audit_round = sampled.round
    if audit_round.status == RoundStatus.CLOSED:
        raise SampleError(_("The round is closed."))
    cases = {str(c.pk): c for c in round_caseload(audit_round)}
    ever = {str(pk) for pk in audit_round.samples.values_list("case_id", flat=True)}
    removed = unit_of(sampled.case)
    chosen = replacement_for(
        [unit_of(c) for c in cases.values()], removed, ever, audit_round.seed or 0, BALANCE
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
    sampled.swapped_by = _user(actor)
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
    return new
