"""A subject access request's file: everything held on one case reference, as a ZIP of
JSON, CSV and a readable HTML summary. Reads only; `services.export_case` records it."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from yjaudit.audits.models import CaseAnswer, CaseAudit
from yjaudit.audittrail.models import AuditEvent
from yjaudit.audittrail.services import snapshot
from yjaudit.cases.models import Case, VictimDetails
from yjaudit.improvement.models import Action, Finding, ImprovementPlan, ProgressUpdate
from yjaudit.indicators.schema import KEYS
from yjaudit.monitoring.models import IndicatorRecord

REFERENCED_SETS = tuple(s for s, keys in KEYS.items() if "reference" in keys)


def _json(data: Any) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)


def _csv(rows: list[dict[str, Any]], columns: list[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue()


def _plan_mentions(case: Case) -> list[dict[str, Any]]:
    ref = case.reference
    found: list[dict[str, Any]] = []
    plans = ImprovementPlan.objects.filter(service_id=case.service_id)
    for plan in plans.filter(Q(title__icontains=ref) | Q(context__icontains=ref)):
        found.append({"where": "plan", "plan": plan.title, "text": plan.context})
    for finding in Finding.objects.filter(plan__in=plans, text__icontains=ref):
        found.append({"where": "finding", "plan": finding.plan.title, "text": finding.text})
    text_q = Q()
    for name in ("description", "expected_outcome", "success_measure", "learning_objectives"):
        text_q |= Q(**{f"{name}__icontains": ref})
    for action in Action.objects.filter(plan__in=plans).filter(text_q):
        found.append(
            {
                "where": f"action {action.number}",
                "plan": action.plan.title,
                "text": action.description,
            }
        )
    for update in ProgressUpdate.objects.filter(action__plan__in=plans, note__icontains=ref):
        found.append({"where": "progress", "plan": update.action.plan.title, "text": update.note})
    return found


def _victim(case: Case) -> dict[str, Any] | None:
    details = VictimDetails.objects.filter(case=case).first()
    return None if details is None else snapshot(details)


def collect(case: Case) -> dict[str, Any]:
    """The data held on the case, as plain JSON-ready structures."""
    audits = list(CaseAudit.objects.filter(case=case).select_related("round"))
    answers = list(CaseAnswer.objects.filter(audit__in=audits).order_by("audit_id", "question_id"))
    records = [
        r
        for r in IndicatorRecord.objects.filter(
            service_id=case.service_id, record_set__in=REFERENCED_SETS
        )
        if str(r.data.get("reference", "")).lower() == case.reference.lower()
    ]
    trail_q = Q(object_type="cases.case", object_id=str(case.pk))
    if audits:
        trail_q |= Q(object_type="audits.caseaudit", object_id__in=[str(a.pk) for a in audits])
    if answers:
        trail_q |= Q(object_type="audits.caseanswer", object_id__in=[str(a.pk) for a in answers])
    events = AuditEvent.objects.filter(service_id=case.service_id).filter(trail_q)
    return {
        "reference": case.reference,
        "service": case.service.code,
        "exported_at": timezone.now().isoformat(),
        "case": snapshot(case),
        "victim": _victim(case),
        "audits": [{**snapshot(a), "round": a.round.name} for a in audits],
        "answers": [
            snapshot(a, ["id", "audit", "question_id", "value", "note", "by_rule"]) for a in answers
        ],
        "monitoring": [{"record_set": r.record_set, "key": r.key, "data": r.data} for r in records],
        "plan_mentions": _plan_mentions(case),
        "trail": [
            {
                "timestamp": e.timestamp,
                "actor": e.actor_label,
                "action": e.action,
                "object": e.object_repr,
                "before": e.before,
                "after": e.after,
            }
            for e in events.order_by("timestamp", "id")
        ],
    }


def build_export(case: Case) -> bytes:
    data = collect(case)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("case.json", _json(data))
        zf.writestr(
            "answers.csv",
            _csv(data["answers"], ["audit_id", "question_id", "value", "note", "by_rule"]),
        )
        zf.writestr(
            "trail.csv",
            _csv(data["trail"], ["timestamp", "actor", "action", "object"]),
        )
        zf.writestr("summary.html", render_to_string("retention/export_summary.html", data))
    return buffer.getvalue()
