"""Retention: erasure keeps figures, exports hold everything, the rules apply by date."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
import time_machine

from audits.audit_world import build_world
from yjaudit.audits.case_audits import round_scores
from yjaudit.audits.models import AuditRound, CaseAnswer, CaseAudit
from yjaudit.audittrail.models import AuditEvent
from yjaudit.cases.models import Case
from yjaudit.monitoring.models import IndicatorRecord
from yjaudit.retention import services
from yjaudit.retention.models import Erasure

pytestmark = pytest.mark.django_db

VALUES = ["yes", "partly", "no", "yes", "na"]


def _answered_round():
    world = build_world(n=8)
    framework = world.round.framework_edition.spec()
    for i, audit in enumerate(world.audits):
        standards = ("2.1", "2.2") if audit.case.disposal_category == "court" else ("3.1",)
        for s in standards:
            for kq in framework.standard(s).key_questions:
                CaseAnswer.objects.create(
                    audit=audit,
                    question_id=kq.id,
                    value=VALUES[(i + len(kq.id)) % len(VALUES)],
                    note=f"Seen on file for {audit.case.reference}",
                )
    CaseAudit.objects.filter(round=world.round).update(
        status="signed-off", summary="Good work with the family"
    )
    AuditRound.objects.filter(pk=world.round.pk).update(status="closed")
    round_scores.bump(world.round.pk)
    return world


def _figures(audit_round):
    round_scores.clear_cache()
    report = round_scores.round_score(audit_round, by=["setting", "team"])
    return report


def test_erasing_every_case_of_a_signed_off_round_leaves_its_results_identical():
    world = _answered_round()
    before = _figures(world.round)
    assert before.result.cases == 8
    assert any(s.figure.denominator for s in before.result.standards)
    for audit in world.audits:
        services.erase_case(actor=world.users["qa"], case=audit.case, reason="Request of 1 Dec")
    after = _figures(world.round)
    assert after == before
    # The answers are kept, their notes and the summaries are gone, references replaced.
    assert CaseAnswer.objects.filter(audit__round=world.round).count() > 0
    assert not CaseAnswer.objects.filter(audit__round=world.round).exclude(note="").exists()
    assert not CaseAudit.objects.filter(round=world.round).exclude(summary="").exists()
    refs = set(Case.objects.filter(service=world.service).values_list("reference", flat=True))
    assert all(r.startswith("erased-") for r in refs)


def test_erasure_trail_says_who_when_why_without_the_reference():
    world = _answered_round()
    case = world.audits[0].case
    reference = case.reference
    erasure = services.erase_case(actor=world.users["qa"], case=case, reason="Subject's request")
    event = AuditEvent.objects.get(action="retention.erase")
    assert event.actor == world.users["qa"]
    assert event.after["reason"] == "Subject's request"
    assert event.after["token"] == erasure.token
    assert reference not in json.dumps([event.object_repr, event.before, event.after])
    assert Erasure.objects.get(case=case).erased_by == world.users["qa"]
    with pytest.raises(services.RetentionError):
        services.erase_case(actor=None, case=case, reason="again")
    with pytest.raises(services.RetentionError):
        services.erase_case(actor=None, case=world.audits[1].case, reason="  ")


def test_erasure_anonymises_monitoring_records_keyed_by_the_reference():
    world = _answered_round()
    case = world.audits[0].case
    data = {"reference": case.reference, "start_date": "2024-02-01", "intervention_type": "ete"}
    IndicatorRecord.objects.create(
        service=world.service,
        record_set="interventions",
        key=f"{case.reference}|2024-02-01|ete",
        data=data,
    )
    erasure = services.erase_case(actor=None, case=case, reason="Request")
    rec = IndicatorRecord.objects.get()
    assert rec.data["reference"] == erasure.token
    assert rec.key == f"{erasure.token}|2024-02-01|ete"


def test_export_holds_the_register_row_answers_notes_monitoring_and_trail():
    world = _answered_round()
    case = world.audits[0].case
    IndicatorRecord.objects.create(
        service=world.service,
        record_set="reoffending_cohort",
        key=f"{case.reference}|2023-04-01",
        data={"reference": case.reference, "cohort_start": "2023-04-01", "reoffended": True},
    )
    data = services.export_case(actor=world.users["qa"], case=case)
    zf = zipfile.ZipFile(io.BytesIO(data))
    assert sorted(zf.namelist()) == ["answers.csv", "case.json", "summary.html", "trail.csv"]
    held = json.loads(zf.read("case.json"))
    assert held["case"]["reference"] == case.reference
    answers = CaseAnswer.objects.filter(audit__case=case).count()
    assert answers and len(held["answers"]) == answers
    assert held["answers"][0]["note"] == f"Seen on file for {case.reference}"
    assert held["audits"][0]["summary"] == "Good work with the family"
    assert held["monitoring"][0]["record_set"] == "reoffending_cohort"
    assert any(e["action"].startswith("audit") for e in held["trail"])
    assert case.reference in zf.read("summary.html").decode()
    assert len(zf.read("answers.csv").decode().splitlines()) == answers + 1
    event = AuditEvent.objects.get(action="retention.export")
    assert event.object_id == str(case.pk)


@time_machine.travel(dt.datetime(2031, 6, 1, 12, tzinfo=dt.UTC), tick=False)
def test_run_is_dry_by_default_and_apply_anonymises_closed_cases_past_retention():
    world = _answered_round()
    old, recent = world.audits[0].case, world.audits[1].case
    Case.objects.filter(pk=old.pk).update(end_date=dt.date(2024, 6, 1))  # 7 years ago
    Case.objects.filter(pk=recent.pk).update(end_date=dt.date(2026, 6, 1))  # 5 years ago
    before = _figures(world.round)

    dry = services.run_retention(actor=None)
    counts = {r.kind: r.count for r in dry.results}
    assert counts["closed_cases"] == 1
    assert Case.objects.get(pk=old.pk).reference == old.reference  # nothing written
    assert not AuditEvent.objects.filter(action="retention.apply").exists()

    done = services.run_retention(actor=None, apply=True)
    assert {r.kind: r.count for r in done.results}["closed_cases"] == 1
    assert Case.objects.get(pk=old.pk).reference.startswith("erased-")
    assert Case.objects.get(pk=recent.pk).reference == recent.reference
    batch = AuditEvent.objects.get(action="retention.apply", after__kind="closed_cases")
    assert batch.after["count"] == 1
    assert old.reference not in json.dumps(batch.after)
    assert _figures(world.round) == before
    # Applied twice: nothing more to do.
    again = services.run_retention(actor=None, apply=True)
    assert {r.kind: r.count for r in again.results}["closed_cases"] == 0


@time_machine.travel(dt.datetime(2033, 6, 1, 12, tzinfo=dt.UTC), tick=False)
def test_apply_clears_old_audit_text_removes_old_monitoring_and_trail_events():
    world = _answered_round()  # round period ends 2024-12-31: more than six years ago
    case = world.audits[0].case
    IndicatorRecord.objects.create(
        service=world.service,
        record_set="interventions",
        key=f"{case.reference}|2024-02-01|ete",
        data={"reference": case.reference, "start_date": "2024-02-01", "intervention_type": "e"},
    )
    IndicatorRecord.objects.create(
        service=world.service,
        record_set="interventions",
        key=f"{case.reference}|2032-02-01|ete",
        data={"reference": case.reference, "start_date": "2032-02-01", "intervention_type": "e"},
    )
    first = CaseAnswer.objects.filter(audit=world.audits[1]).first()
    first.note = ""
    first.save()  # some notes empty, some not: the audit still counts
    recent_events = AuditEvent.objects.count()
    assert recent_events > 0
    AuditEvent(
        timestamp=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
        actor_label="system",
        action="case.update",
        service=world.service,
    ).save()
    run = services.run_retention(actor=None, apply=True, service=world.service)
    counts = {r.kind: r.count for r in run.results}
    assert counts["case_audits"] == 8
    assert counts["monitoring_records"] == 1
    assert counts["audit_trail"] == 1  # the 2025 event; those written today stay
    assert not AuditEvent.objects.filter(timestamp__year=2025).exists()
    assert not CaseAnswer.objects.exclude(note="").exists()
    assert CaseAnswer.objects.count() > 0
    assert IndicatorRecord.objects.get().data["start_date"] == "2032-02-01"
    kinds = set(AuditEvent.objects.values_list("after__kind", flat=True))
    assert {"case_audits", "monitoring_records", "audit_trail"} <= kinds


def test_scheduled_entry_applies_and_returns_counts():
    text = str(services.run_scheduled())
    assert "Cases closed: 0" in text and "Expired sign-ins and API tokens: " in text
    assert "closed_cases" not in text


def test_the_schedule_entry_runs_through_the_jobs_app():
    from yjaudit.jobs.models import ScheduledRun
    from yjaudit.jobs.tasks import run_scheduled

    assert run_scheduled("retention") == "done"
    run = ScheduledRun.objects.get(name="retention")
    assert "Cases closed: 0" in run.result
    # The schedule page words it in the reader's language from the kept parts.
    from django.utils import translation

    from yjaudit.jobs.schedule_words import outcome

    with translation.override("cy"):
        assert "Achosion a gaewyd: 0" in outcome(run)


@time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC), tick=False)
def test_old_import_records_lose_their_file_names_once():
    from cases.factories import make_service
    from yjaudit.cases.models import CaseImport

    service = make_service()
    with time_machine.travel(dt.datetime(2025, 1, 1, tzinfo=dt.UTC), tick=False):
        old = CaseImport.objects.create(
            service=service,
            filename="import-2024 Smith family.csv",
            file_format="csv",
            headers=["Name", "Case ref"],
            sha256="0" * 64,
        )
    CaseImport.objects.create(service=service, filename="new.csv", file_format="csv", sha256="1")
    run = services.run_retention(actor=None, apply=True, service=service)
    assert {r.kind: r.count for r in run.results}["import_files"] == 1
    old.refresh_from_db()
    assert old.filename == f"import-{old.pk}" and old.headers == []
    again = services.run_retention(actor=None, service=service)
    assert {r.kind: r.count for r in again.results}["import_files"] == 0


def test_expired_sessions_go_only_in_a_run_over_all_services():
    from django.contrib.sessions.models import Session

    from cases.factories import make_service

    service = make_service()
    Session.objects.create(
        session_key="a" * 32, session_data="", expire_date=dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    )
    Session.objects.create(
        session_key="b" * 32, session_data="", expire_date=dt.datetime(2100, 1, 1, tzinfo=dt.UTC)
    )
    per_service = services.run_retention(actor=None, apply=True, service=service)
    assert {r.kind: r.count for r in per_service.results}["sessions_tokens"] == 0
    assert Session.objects.count() == 2
    everywhere = services.run_retention(actor=None, apply=True)
    assert {r.kind: r.count for r in everywhere.results}["sessions_tokens"] == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == ["b" * 32]
