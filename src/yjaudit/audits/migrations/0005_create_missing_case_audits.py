"""Data: case audits for samples drawn before they were created with the draw, and
the caseload figures of rounds drawn before they were stored.

1. Every active sampled case without a case audit gets one, recorded in the audit
   trail as done by the system (earlier, the first GET of the round's audits page
   created them in the name of whoever opened it). Rule answers ("not applicable" by
   the framework's rules) are stored when the audit is next saved or submitted.
2. A drawn round without stored caseload figures gets them from the cases that
   existed at its draw (created by `sampled_at`), so cases imported since no longer
   move them. (Attributes changed since the draw cannot be recovered.)
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db import migrations
from django.db.models import Q

# The attributes the round page compares, as when this migration was written.
COMPARED = ("disposal_category", "setting", "sex", "ethnicity", "rosh", "safety_wellbeing")


def create_missing_case_audits(apps: Any, schema_editor: Any) -> None:
    SampledCase = apps.get_model("audits", "SampledCase")
    CaseAudit = apps.get_model("audits", "CaseAudit")
    AuditEvent = apps.get_model("audittrail", "AuditEvent")
    RoundAnswersVersion = apps.get_model("audits", "RoundAnswersVersion")
    missing = (
        SampledCase.objects.filter(status="active", case_audit__isnull=True)
        .select_related("case", "round")
        .order_by("round_id", "position")
    )
    rounds: set[int] = set()
    for sampled in missing:
        audit = CaseAudit.objects.create(
            round_id=sampled.round_id, sampled_case=sampled, case_id=sampled.case_id
        )
        AuditEvent.objects.create(
            actor=None,
            actor_label="system",
            action="audit.create",
            object_type="audits.caseaudit",
            object_id=str(audit.pk),
            object_repr=(
                f"case audit {audit.pk} ({sampled.case.reference}, round {sampled.round_id})"
            )[:200],
            service_id=sampled.round.service_id,
            after={"status": "draft", "version": 1, "by": "migration audits.0005"},
        )
        rounds.add(sampled.round_id)
    for round_id in rounds:  # results are cached by this version: move it
        row, _ = RoundAnswersVersion.objects.get_or_create(round_id=round_id)
        row.version += 1
        row.save(update_fields=["version"])


def store_caseload_figures(apps: Any, schema_editor: Any) -> None:
    AuditRound = apps.get_model("audits", "AuditRound")
    Case = apps.get_model("cases", "Case")
    for audit_round in AuditRound.objects.filter(
        sampled_at__isnull=False, caseload_counts__isnull=True
    ):
        cases = list(
            Case.objects.filter(
                service_id=audit_round.service_id,
                start_date__lte=audit_round.period_end,
                created_at__lte=audit_round.sampled_at,
            )
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=audit_round.period_start))
            .order_by("pk")
            .values("pk", *COMPARED)
        )
        audit_round.caseload_case_ids = [c["pk"] for c in cases]
        audit_round.caseload_counts = {
            a: dict(Counter(c[a] or "" for c in cases)) for a in COMPARED
        }
        if audit_round.caseload_size is None:
            audit_round.caseload_size = len(cases)
        audit_round.save(update_fields=["caseload_case_ids", "caseload_counts", "caseload_size"])


class Migration(migrations.Migration):
    dependencies = [
        ("audits", "0004_sample_archive_and_caseload"),
        ("audittrail", "0001_initial"),
        ("cases", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_missing_case_audits, migrations.RunPython.noop),
        migrations.RunPython(store_caseload_figures, migrations.RunPython.noop),
    ]
