"""Every write to improvement plans, each one recorded in the audit trail."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from yjaudit.audits.models import AuditRound
from yjaudit.audittrail import archiving
from yjaudit.audittrail.actors import Actor, user_of
from yjaudit.audittrail.services import record, snapshot
from yjaudit.frameworks.models import FrameworkEdition
from yjaudit.organisations.models import Service, StaffMember

from . import clock, readonly, results, selectors
from .evidence import check_evidence
from .models import (
    Action,
    Approval,
    EvidenceFile,
    Finding,
    ImprovementPlan,
    ProgressUpdate,
    Recommendation,
    ScrutinyReport,
    SourceKind,
    Status,
)
from .readonly import PlanArchived as PlanArchived  # what a write to an archived plan raises
from .rules import plan_rules

PLAN_FIELDS = (
    "title",
    "source_kind",
    "inspection_name",
    "published_on",
    "audit_round",
    "framework_edition",
    "baseline_round",
    "context",
    "submission_due",
    "submitted_on",
)
EVIDENCE_AUDIT_FIELDS = ("update", "original_name", "file_type", "size", "sha256")
ACTION_FIELDS = (
    "description",
    "timescale",
    "due_date",
    "review_date",
    "lead_staff",
    "lead_name",
    "lead_organisation",
    "expected_outcome",
    "success_measure",
    "learning_objectives",
    "measures",
)


def default_submission_due(
    published_on: dt.date | None, *, from_today: bool = False
) -> dt.date | None:
    """The rule's days after the report's publication. A self-audit plan (`from_today`)
    counts them from the plan's own date when it is made after its round ended, so it is
    not born late; an inspection's deadline is the inspectorate's and stays as published."""
    if published_on is None:
        return None
    start = max(published_on, clock.today()) if from_today else published_on
    return start + dt.timedelta(days=plan_rules().submission_deadline_days)


def _check_ids(plan: ImprovementPlan, ids: Iterable[str], field: str) -> list[str]:
    wanted = [i.strip() for i in ids if i and i.strip()]
    known = selectors.measurable_ids(plan)
    unknown = [i for i in wanted if i not in known]
    if unknown and known:
        raise ValidationError(
            {field: _("Not in the plan's framework: %(ids)s") % {"ids": ", ".join(unknown)}}
        )
    if unknown:
        raise ValidationError({field: _("Choose the plan's framework before naming questions.")})
    return list(dict.fromkeys(wanted))


def _validate_plan(plan: ImprovementPlan) -> None:
    errors: dict[str, str] = {}
    if plan.source_kind == SourceKind.INSPECTION:
        if not plan.inspection_name:
            errors["inspection_name"] = _("Enter the inspection's name")
        if plan.published_on is None:
            errors["published_on"] = _("Enter the date the report was published")
    elif plan.audit_round_id is None:
        errors["audit_round"] = _("Choose the self-audit round")
    for name in ("audit_round", "baseline_round"):
        r: AuditRound | None = getattr(plan, name)
        if r is not None and r.service_id != plan.service_id:
            errors[name] = _("Choose a round of this service")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_plan(
    *,
    actor: Actor,
    service: Service,
    title: str,
    source_kind: str,
    inspection_name: str = "",
    published_on: dt.date | None = None,
    audit_round: AuditRound | None = None,
    framework_edition: FrameworkEdition | None = None,
    baseline_round: AuditRound | None = None,
    context: str = "",
    submission_due: dt.date | None = None,
) -> ImprovementPlan:
    if audit_round is not None:
        framework_edition = framework_edition or audit_round.framework_edition
        baseline_round = baseline_round or audit_round
        if published_on is None and source_kind == SourceKind.SELF_AUDIT:
            published_on = audit_round.period_end
    plan = ImprovementPlan(
        service=service,
        title=title.strip(),
        source_kind=source_kind,
        inspection_name=inspection_name.strip(),
        published_on=published_on,
        audit_round=audit_round if source_kind == SourceKind.SELF_AUDIT else None,
        framework_edition=framework_edition,
        baseline_round=baseline_round,
        context=context,
        submission_due=submission_due
        or default_submission_due(published_on, from_today=source_kind == SourceKind.SELF_AUDIT),
        created_by=user_of(actor),
    )
    _validate_plan(plan)
    plan.save()
    record(actor=actor, action="plan.create", target=plan, after=snapshot(plan))
    return plan


@transaction.atomic
def update_plan(*, actor: Actor, plan: ImprovementPlan, **changes: Any) -> ImprovementPlan:
    """Change the plan's details, its submission date (`submitted_on`) too."""
    readonly.refuse_plan(plan.pk)
    before = snapshot(plan)
    for name, value in changes.items():
        if name not in PLAN_FIELDS:
            raise ValueError(f"unknown plan field {name}")
        setattr(plan, name, value)
    if plan.source_kind == SourceKind.INSPECTION:
        plan.audit_round = None
    _validate_plan(plan)
    plan.save()
    record(actor=actor, action="plan.update", target=plan, before=before, after=snapshot(plan))
    return plan


def _next_position(plan: ImprovementPlan, model: Any, **filters: Any) -> int:
    top = model.objects.filter(plan=plan, **filters).aggregate(m=Max("position"))["m"]
    return (top or 0) + 1


@transaction.atomic
def add_finding(
    *, actor: Actor, plan: ImprovementPlan, kind: str, text: str, source_id: str = ""
) -> Finding:
    readonly.refuse_plan(plan.pk)
    if not text.strip():
        raise ValidationError({"text": _("Enter the finding")})
    finding = Finding.objects.create(
        plan=plan,
        kind=kind,
        text=text.strip(),
        source_id=source_id,
        position=_next_position(plan, Finding, kind=kind),
    )
    record(
        actor=actor,
        action="plan.finding_add",
        target=finding,
        after=snapshot(finding),
        service=plan.service_id,
    )
    return finding


@transaction.atomic
def pull_findings(*, actor: Actor, plan: ImprovementPlan) -> int:
    """Add the round's strengths and areas for improvement not already in the plan."""
    readonly.refuse_plan(plan.pk)
    source = plan.audit_round or plan.baseline_round
    if source is None:
        return 0
    existing = set(plan.findings.values_list("kind", "source_id"))
    added = 0
    for pulled in results.round_findings(source):
        if (pulled.kind, pulled.source_id) in existing:
            continue
        add_finding(
            actor=actor, plan=plan, kind=pulled.kind, text=pulled.text, source_id=pulled.source_id
        )
        added += 1
    return added


@transaction.atomic
def add_recommendation(
    *,
    actor: Actor,
    plan: ImprovementPlan,
    text: str,
    owner_role: str = "",
    concerns: Iterable[str] = (),
) -> Recommendation:
    readonly.refuse_plan(plan.pk)
    if not text.strip():
        raise ValidationError({"text": _("Enter the recommendation")})
    rec = Recommendation.objects.create(
        plan=plan,
        position=_next_position(plan, Recommendation),
        text=text.strip(),
        owner_role=owner_role.strip(),
        concerns=_check_ids(plan, concerns, "concerns"),
    )
    record(
        actor=actor,
        action="plan.recommendation_add",
        target=rec,
        after=snapshot(rec),
        service=plan.service_id,
    )
    return rec


@transaction.atomic
def update_recommendation(
    *,
    actor: Actor,
    recommendation: Recommendation,
    text: str,
    owner_role: str,
    concerns: Iterable[str],
) -> Recommendation:
    readonly.refuse_plan(recommendation.plan_id)
    before = snapshot(recommendation)
    if not text.strip():
        raise ValidationError({"text": _("Enter the recommendation")})
    recommendation.text = text.strip()
    recommendation.owner_role = owner_role.strip()
    recommendation.concerns = _check_ids(recommendation.plan, concerns, "concerns")
    recommendation.save()
    record(
        actor=actor,
        action="plan.recommendation_update",
        target=recommendation,
        before=before,
        after=snapshot(recommendation),
        service=recommendation.plan.service_id,
    )
    return recommendation


def _check_action(action: Action) -> None:
    errors: dict[str, str] = {}
    if action.parent is None and not action.description.strip():
        errors["description"] = _("Describe the action")
    if action.lead_staff is not None and action.lead_staff.service_id != action.plan.service_id:
        errors["lead_staff"] = _("Choose a member of this service's staff")
    if action.parent is not None and action.parent.recommendation_id != action.recommendation_id:
        errors["parent"] = _("A sub-action belongs to its action's recommendation")
    if action.parent is not None and action.parent.parent_id is not None:
        errors["parent"] = _("Sub-actions cannot have sub-actions")
    if action.recommendation.plan_id != action.plan_id:
        errors["recommendation"] = _("Choose a recommendation of this plan")
    if errors:
        raise ValidationError(errors)


def next_action_number(plan: ImprovementPlan, parent: Action | None) -> int:
    if parent is None:
        top = Action.objects.filter(plan=plan, parent__isnull=True).aggregate(m=Max("number"))
    else:
        top = Action.objects.filter(parent=parent).aggregate(m=Max("number"))
    return (top["m"] or 0) + 1


@transaction.atomic
def add_action(
    *,
    actor: Actor,
    plan: ImprovementPlan,
    recommendation: Recommendation,
    parent: Action | None = None,
    number: int | None = None,
    status: str = Status.NOT_STARTED,
    **fields: Any,
) -> Action:
    # A sub-action of an archived action is refused with it (the plan is checked too).
    if parent is not None:
        readonly.refuse_action(parent)
    else:
        readonly.refuse_plan(plan.pk)
    unknown = set(fields) - set(ACTION_FIELDS)
    if unknown:
        raise ValueError(f"unknown action fields {sorted(unknown)}")
    if "measures" in fields:
        fields["measures"] = _check_ids(plan, fields["measures"], "measures")
    for name in ("description", "timescale", "lead_name", "lead_organisation"):
        if name in fields and fields[name] is None:
            fields[name] = ""
    action = Action(
        plan=plan,
        recommendation=recommendation,
        parent=parent,
        number=number or next_action_number(plan, parent),
        status=status,
        **fields,
    )
    _check_action(action)
    if action.status == Status.COMPLETED:
        action.completed_on = clock.today()
    taken = Action.objects.filter(plan=plan, parent=parent, number=action.number).exists()
    if taken:
        raise ValidationError({"number": _("Action %(n)s already exists") % {"n": action.label}})
    action.save()
    record(
        actor=actor,
        action="plan.action_add",
        target=action,
        after=snapshot(action),
        service=plan.service_id,
    )
    return action


@transaction.atomic
def update_action(*, actor: Actor, action: Action, **changes: Any) -> Action:
    readonly.refuse_action(action)
    before = snapshot(action)
    for name, value in changes.items():
        if name not in ACTION_FIELDS:
            raise ValueError(f"unknown action field {name}")
        if name == "measures":
            value = _check_ids(action.plan, value, "measures")
        setattr(action, name, "" if value is None and name in {"timescale", "lead_name"} else value)
    _check_action(action)
    action.save()
    record(
        actor=actor,
        action="plan.action_update",
        target=action,
        before=before,
        after=snapshot(action),
        service=action.plan.service_id,
    )
    return action


@transaction.atomic
def record_progress(
    *,
    actor: Actor,
    action: Action,
    status: str,
    note: str = "",
    on: dt.date | None = None,
    files: Iterable[tuple[str, bytes]] = (),
) -> ProgressUpdate:
    """A dated progress update; it sets the action's status. Files are checked first
    (after the refusal of an archived plan or action)."""
    readonly.refuse_action(action)
    checked = [(name, data, check_evidence(name, data)) for name, data in files]
    if status not in Status.values:
        raise ValidationError({"status": _("Choose a status")})
    when = on or clock.today()
    if when > clock.today():
        raise ValidationError({"on": _("The date of an update cannot be in the future")})
    before = snapshot(action)
    update = ProgressUpdate.objects.create(
        action=action,
        on=when,
        status=status,
        note=note.strip(),
        author=user_of(actor),
    )
    action.status = status
    action.completed_on = when if status == Status.COMPLETED else None
    action.save(update_fields=["status", "completed_on"])
    service_id = action.plan.service_id
    record(
        actor=actor,
        action="plan.progress_add",
        target=update,
        after=snapshot(update),
        service=service_id,
    )
    if before["status"] != action.status:
        record(
            actor=actor,
            action="plan.action_status",
            target=action,
            before=before,
            after=snapshot(action),
            service=service_id,
        )
    for name, data, kind in checked:
        evidence = EvidenceFile(
            update=update,
            original_name=name[-255:],
            file_type=kind.code,
            content_type=kind.content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            uploaded_by=update.author,
        )
        evidence.file.save(evidence.id.hex, ContentFile(data), save=False)
        evidence.save()
        record(
            actor=actor,
            action="plan.evidence_add",
            target=evidence,
            after=snapshot(evidence, fields=EVIDENCE_AUDIT_FIELDS),
            service=service_id,
        )
    return update


@transaction.atomic
def record_approval(
    *,
    actor: Actor,
    plan: ImprovementPlan,
    approved_by: str,
    approved_on: dt.date,
    minute_reference: str = "",
) -> Approval:
    readonly.refuse_plan(plan.pk)
    if not approved_by.strip():
        raise ValidationError({"approved_by": _("Enter who approved the plan")})
    if approved_on > clock.today():
        raise ValidationError({"approved_on": _("The approval date cannot be in the future")})
    top = plan.approvals.aggregate(m=Max("version"))["m"] or 0
    approval = Approval.objects.create(
        plan=plan,
        version=top + 1,
        approved_by=approved_by.strip(),
        approved_on=approved_on,
        minute_reference=minute_reference.strip(),
        snapshot=selectors.plan_snapshot(plan),
        recorded_by=user_of(actor),
    )
    record(
        actor=actor,
        action="plan.approve",
        target=approval,
        after=snapshot(
            approval, fields=["plan", "version", "approved_by", "approved_on", "minute_reference"]
        ),
        service=plan.service_id,
    )
    return approval


@transaction.atomic
def add_scrutiny_report(
    *, actor: Actor, plan: ImprovementPlan, reported_on: dt.date, committee: str, note: str = ""
) -> ScrutinyReport:
    readonly.refuse_plan(plan.pk)
    if not committee.strip():
        raise ValidationError({"committee": _("Enter the committee or panel")})
    report = ScrutinyReport.objects.create(
        plan=plan, reported_on=reported_on, committee=committee.strip(), note=note.strip()
    )
    record(
        actor=actor,
        action="plan.scrutiny_add",
        target=report,
        after=snapshot(report),
        service=plan.service_id,
    )
    return report


def staff_by_name(service: Service, name: str) -> StaffMember | None:
    if not name:
        return None
    return StaffMember.objects.filter(
        service=service, name__iexact=name.strip(), active=True
    ).first()


# Archive and restore: never deleted. What an archived plan, finding or action leaves
# (reminders, due and overdue counts, the plan's progress figures) is in selectors; what it
# refuses is in `readonly`. An archived plan's findings and actions keep their state until
# the plan is restored.


def archive_plan(*, actor: Actor, plan: ImprovementPlan, reason: str) -> ImprovementPlan:
    return archiving.archive(
        actor=actor, target=plan, reason=reason, action="plan.archive", service=plan.service_id
    )


def restore_plan(*, actor: Actor, plan: ImprovementPlan, reason: str = "") -> ImprovementPlan:
    return archiving.restore(
        actor=actor, target=plan, reason=reason, action="plan.restore", service=plan.service_id
    )


@transaction.atomic
def archive_finding(*, actor: Actor, finding: Finding, reason: str) -> Finding:
    readonly.refuse_plan(finding.plan_id)
    return archiving.archive(
        actor=actor,
        target=finding,
        reason=reason,
        action="plan.finding_archive",
        service=finding.plan.service_id,
    )


@transaction.atomic
def restore_finding(*, actor: Actor, finding: Finding, reason: str = "") -> Finding:
    readonly.refuse_plan(finding.plan_id)
    return archiving.restore(
        actor=actor,
        target=finding,
        reason=reason,
        action="plan.finding_restore",
        service=finding.plan.service_id,
    )


@transaction.atomic
def archive_action(*, actor: Actor, action: Action, reason: str) -> Action:
    """Archive an action; its sub-actions leave the figures with it (kept as they are)."""
    readonly.refuse_plan(action.plan_id)
    return archiving.archive(
        actor=actor,
        target=action,
        reason=reason,
        action="plan.action_archive",
        service=action.plan.service_id,
    )


@transaction.atomic
def restore_action(*, actor: Actor, action: Action, reason: str = "") -> Action:
    readonly.refuse_plan(action.plan_id)
    return archiving.restore(
        actor=actor,
        target=action,
        reason=reason,
        action="plan.action_restore",
        service=action.plan.service_id,
    )
