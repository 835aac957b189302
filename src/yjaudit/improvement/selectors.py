"""Reads for plans: scoped lists, the plan table, RAG, my actions, overdue, impact."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Case as DbCase
from django.db.models import IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, NullIf

from yjaudit.audits.models import AuditRound
from yjaudit.organisations import permissions

from . import clock, results
from .models import Action, ImprovementPlan, ProgressUpdate, Recommendation, Status
from .rules import plan_rules


def plans_for(user: Any, action: str = "plan.view") -> QuerySet[ImprovementPlan]:
    return permissions.scope(
        ImprovementPlan.objects.select_related("service", "audit_round"), user, action
    )


def plans_listed(
    base: QuerySet[ImprovementPlan],
    *,
    q: str = "",
    order_by: Sequence[str] = (),
    status: str = "",
    overdue: bool = False,
    archived: str = "",
    today: dt.date | None = None,
) -> QuerySet[ImprovementPlan]:
    """Plans of an already scoped queryset whose title contains ``q``, in ``order_by``
    (else by title). ``status``: "open" (an action not completed) or "completed" (every
    action completed); ``overdue``: only plans with an overdue action; ``archived``: ""
    plans in use, "archived" archived ones, "all" both. Archived actions never count."""
    qs = base.select_related("service", "audit_round")
    if q:
        qs = qs.filter(title__icontains=q)
    if archived == "archived":
        qs = qs.filter(archived_at__isnull=False)
    elif archived != "all":
        qs = qs.filter(archived_at__isnull=True)
    live = Action.objects.filter(archived_at__isnull=True).exclude(
        parent__archived_at__isnull=False
    )
    open_ids = live.exclude(status=Status.COMPLETED).values("plan_id")
    if status == "open":
        qs = qs.filter(pk__in=open_ids)
    elif status == "completed":
        qs = qs.filter(pk__in=live.values("plan_id")).exclude(pk__in=open_ids)
    if overdue:
        qs = qs.filter(pk__in=overdue_plan_ids(today))
    return qs.order_by(*(order_by or ("title", "pk")))


def overdue_plan_ids(today: dt.date | None = None) -> set[Any]:
    """Plans with at least one overdue action (archived actions left out)."""
    today = today or clock.today()
    qs = open_with_deadline(Action.objects.select_related("parent"))
    return {a.plan_id for a in qs if a.is_overdue(today)}


ACTION_ORDER = ("recommendation__position", "main_no", "sub_no")


def plan_actions(
    plan: ImprovementPlan,
    *,
    order_by: Sequence[str] = (),
    status: str = "",
    overdue: bool = False,
    archived: str = "",
    today: dt.date | None = None,
) -> list[Action]:
    """The plan's actions as one list (the plan's "Actions" page), filtered and sorted.
    ``archived`` as in `plans_listed`; an action under an archived one counts as archived."""
    today = today or clock.today()
    qs = plan.actions.select_related("parent", "lead_staff", "plan", "archived_by")
    gone = Q(archived_at__isnull=False) | Q(parent__archived_at__isnull=False)
    if archived == "archived":
        qs = qs.filter(gone)
    elif archived != "all":
        qs = qs.exclude(gone)
    if status:
        qs = qs.filter(status=status)
    # Sort keys that are never NULL, so every database orders them alike: the date the
    # action is judged against (a sub-action's from its action), the lead as shown.
    qs = qs.annotate(
        deadline_key=Coalesce(
            "due_date",
            "review_date",
            "parent__due_date",
            "parent__review_date",
            Value(dt.date.max),
        ),
        lead_key=Coalesce(NullIf("lead_name", Value("")), "lead_staff__name", Value("")),
        # The plan's numbering: action N, then its sub-actions N.1, N.2 ...
        main_no=Coalesce("parent__number", "number"),
        sub_no=DbCase(
            When(parent__isnull=True, then=Value(0)),
            default="number",
            output_field=IntegerField(),
        ),
    )
    rows: list[Action] = list(qs.order_by(*(order_by or ACTION_ORDER)))
    if overdue:
        rows = [a for a in rows if a.is_overdue(today)]
    return rows


def archived_actions(plan: ImprovementPlan) -> QuerySet[Action]:
    return plan.actions.filter(archived_at__isnull=False).select_related("parent", "archived_by")


def archived_findings(plan: ImprovementPlan) -> QuerySet[Any]:
    return plan.findings.filter(archived_at__isnull=False).select_related("archived_by")


def plans_in(services: Any) -> QuerySet[ImprovementPlan]:
    """Every plan of these services (operator reads: the CLI on the server)."""
    return ImprovementPlan.objects.filter(service__in=services).select_related(
        "service", "audit_round"
    )


# An action counts (reminders, due and overdue, the plan's figures) while neither it,
# the action it belongs to, nor its plan is archived.
LIVE_ACTION = Q(archived_at__isnull=True, plan__archived_at__isnull=True) & (
    Q(parent__isnull=True) | Q(parent__archived_at__isnull=True)
)


def live_actions(qs: QuerySet[Action]) -> QuerySet[Action]:
    return qs.filter(LIVE_ACTION)


def is_live(action: Action) -> bool:
    return (
        action.archived_at is None
        and action.plan.archived_at is None
        and (action.parent is None or action.parent.archived_at is None)
    )


def actions_for(user: Any, action: str = "plan.view") -> QuerySet[Action]:
    return permissions.scope(
        Action.objects.select_related("plan__service", "parent", "lead_staff", "recommendation"),
        user,
        action,
        service_field="plan__service",
        staff_field="lead_staff",
    )


def measurable_ids(plan: ImprovementPlan) -> dict[str, str]:
    """Standards, key questions and prompts of the plan's framework: id -> label."""
    if plan.framework_edition is None:
        return {}
    spec = plan.framework_edition.spec()
    out: dict[str, str] = {}
    for s in spec.standards:
        out[s.id] = f"{s.id} {s.name}"
        for kq in s.key_questions:
            out[kq.id] = f"{kq.id} {kq.text}"
            for p in kq.prompts:
                out[p.id] = f"{p.id} {p.text}"
    for h in spec.headlines:
        out.setdefault(h.id, f"{h.id} {h.name}")
    return out


def rag(action: Action, today: dt.date | None = None) -> str:
    """'red' (overdue), 'amber' (due soon, or not started and close), or 'green'."""
    today = today or clock.today()
    if action.status == Status.COMPLETED:
        return "green"
    if action.is_overdue(today):
        return "red"
    deadline = action.deadline
    if deadline is None:
        return "green"
    left = (deadline - today).days
    rule = plan_rules().rag
    if left <= rule.amber_within_days:
        return "amber"
    if action.status == Status.NOT_STARTED and left <= rule.not_started_amber_days:
        return "amber"
    return "green"


@dataclass
class ActionRow:
    action: Action
    label: str
    sub: bool
    rag: str
    overdue: bool
    latest: ProgressUpdate | None
    progress_text: str
    outcome_text: str
    updates: list[ProgressUpdate] = field(default_factory=list)


@dataclass
class RecommendationBlock:
    recommendation: Recommendation
    rows: list[ActionRow]


def outcome_text(action: Action) -> str:
    """The Outcome cell: expected outcome, learning objectives, success measure."""
    parts = [action.expected_outcome.strip()]
    if action.learning_objectives.strip():
        parts.append("Learning objectives\n" + action.learning_objectives.strip())
    if action.success_measure.strip():
        parts.append("Success measure: " + action.success_measure.strip())
    return "\n\n".join(p for p in parts if p)


def progress_text(action: Action, latest: ProgressUpdate | None) -> str:
    """The Progress cell: the latest update's words, else its status; blank before any."""
    if latest is None:
        return ""
    return latest.note or str(Status(latest.status).label)


def plan_table(plan: ImprovementPlan, today: dt.date | None = None) -> list[RecommendationBlock]:
    """The plan in the layout of the Coventry Youth Offending Service, Short Quality
    Screening action plan, 2016: a heading per recommendation, then its actions."""
    today = today or clock.today()
    actions = list(
        plan.actions.filter(archived_at__isnull=True)
        .exclude(parent__archived_at__isnull=False)
        .select_related("parent", "lead_staff")
        .prefetch_related("updates__evidence")
    )
    by_rec: dict[Any, list[Action]] = {}
    for a in actions:
        by_rec.setdefault(a.recommendation_id, []).append(a)
    blocks = []
    for rec in plan.recommendations.all():
        mains = sorted(
            (a for a in by_rec.get(rec.pk, []) if a.parent_id is None), key=lambda a: a.number
        )
        rows: list[ActionRow] = []
        for main in mains:
            subs = sorted(
                (a for a in by_rec.get(rec.pk, []) if a.parent_id == main.pk),
                key=lambda a: a.number,
            )
            for a in (main, *subs):
                updates = list(a.updates.all())
                latest = updates[0] if updates else None
                rows.append(
                    ActionRow(
                        a,
                        a.label,
                        a.parent_id is not None,
                        rag(a, today),
                        a.is_overdue(today),
                        latest,
                        progress_text(a, latest),
                        outcome_text(a),
                        updates,
                    )
                )
        blocks.append(RecommendationBlock(rec, rows))
    return blocks


def rag_summary(plan: ImprovementPlan, today: dt.date | None = None) -> dict[str, int]:
    today = today or clock.today()
    counts: Counter[str] = Counter()
    # Archived actions (and sub-actions of archived ones) are out of the figures.
    live = plan.actions.filter(archived_at__isnull=True).exclude(parent__archived_at__isnull=False)
    for a in live.select_related("parent"):
        counts[rag(a, today)] += 1
        counts[a.status] += 1
        counts["total"] += 1
        if a.is_overdue(today):
            counts["overdue"] += 1
    return {
        k: counts.get(k, 0) for k in ("total", "red", "amber", "green", "overdue", *Status.values)
    }


def open_with_deadline(qs: QuerySet[Action]) -> QuerySet[Action]:
    """Open actions with a deadline, archived ones left out (no reminders, not overdue)."""
    return (
        qs.exclude(status=Status.COMPLETED)
        .filter(LIVE_ACTION)
        .filter(
            Q(due_date__isnull=False)
            | Q(review_date__isnull=False)
            | Q(parent__due_date__isnull=False)
            | Q(parent__review_date__isnull=False)
        )
    )


def overdue_actions(user: Any, today: dt.date | None = None) -> list[Action]:
    today = today or clock.today()
    qs = open_with_deadline(actions_for(user, "plan.overdue"))
    rows = [a for a in qs if a.is_overdue(today)]
    return sorted(rows, key=lambda a: (a.deadline or today, a.plan.title, a.label))


def my_actions(user: Any) -> list[Action]:
    """Actions led by the user's own staff records, in any service (open first)."""
    qs = live_actions(actions_for(user, "plan.view")).filter(
        lead_staff__user=user, lead_staff__active=True
    )
    return sorted(
        qs,
        key=lambda a: (a.status == Status.COMPLETED, a.deadline or dt.date.max, a.label),
    )


def impact_rounds(plan: ImprovementPlan) -> list[AuditRound]:
    """The baseline round and each later round of the same service and framework."""
    baseline = plan.baseline_round or plan.audit_round
    if plan.framework_edition is None:
        return []
    qs = AuditRound.objects.filter(
        service=plan.service,
        framework_edition__framework_id=plan.framework_edition.framework_id,
    ).order_by("period_end", "pk")
    if baseline is not None:
        qs = qs.filter(Q(pk=baseline.pk) | Q(period_end__gt=baseline.period_end))
    elif plan.published_on is not None:
        qs = qs.filter(period_end__gte=plan.published_on)
    return list(qs)


@dataclass
class ImpactRow:
    measure_id: str
    label: str
    actions: list[str]
    points: list[results.ImpactPoint]


def impact(plan: ImprovementPlan, disclosure: Any = None) -> list[ImpactRow]:
    """Each measured question or standard across the plan's rounds; `disclosure` hides
    figures of too few cases from readers without case access (see impact_series)."""
    ids: dict[str, list[str]] = {}
    for a in plan.actions.select_related("parent"):
        for m in a.measures or []:
            ids.setdefault(m, []).append(a.label)
    if not ids:
        return []
    rounds = impact_rounds(plan)
    baseline = plan.baseline_round_id or plan.audit_round_id
    series = results.impact_series(rounds, list(ids), baseline, disclosure)
    labels = measurable_ids(plan)
    return [ImpactRow(i, labels.get(i, i), ids[i], series.get(i, [])) for i in ids]


def plan_snapshot(plan: ImprovementPlan) -> dict[str, Any]:
    """The whole plan as plain JSON: kept with each approval, so versions can be read."""
    import json

    def updates(a: Action) -> list[dict[str, Any]]:
        return [
            {
                "on": u.on,
                "status": u.status,
                "note": u.note,
                "evidence": [e.original_name for e in u.evidence.all()],
            }
            for u in a.updates.all()
        ]

    data = {
        "id": plan.pk,
        "service": plan.service.code,
        "title": plan.title,
        "source_kind": plan.source_kind,
        "inspection_name": plan.inspection_name,
        "published_on": plan.published_on,
        "audit_round": plan.audit_round_id,
        "submission_due": plan.submission_due,
        "submitted_on": plan.submitted_on,
        "context": plan.context,
        "findings": [
            {"kind": f.kind, "text": f.text} for f in plan.findings.filter(archived_at__isnull=True)
        ],
        "recommendations": [
            {
                "text": block.recommendation.text,
                "owner_role": block.recommendation.owner_role,
                "concerns": block.recommendation.concerns,
                "actions": [
                    {
                        "number": row.label,
                        "description": row.action.description,
                        "timescale": row.action.timescale,
                        "due_date": row.action.due_date,
                        "review_date": row.action.review_date,
                        "lead": row.action.lead_display,
                        "outcome": row.outcome_text,
                        "status": row.action.status,
                        "measures": row.action.measures,
                        "progress": updates(row.action),
                    }
                    for row in block.rows
                ],
            }
            for block in plan_table(plan)
        ],
    }
    result: dict[str, Any] = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
    return result
