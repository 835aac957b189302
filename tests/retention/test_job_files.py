"""Retention of background jobs' files (rule `job_files`, 30 days, inferred): the weekly
run removes the files and what import jobs list, keeps each job's row marked "file
removed", records counts only; the job's page says so and offers to make a report again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.test import Client

from audits.audit_world import build_world
from cases.factories import make_user, sign_in
from yjaudit.audittrail.models import AuditEvent
from yjaudit.jobs.models import Job, JobStatus
from yjaudit.organisations.models import Role
from yjaudit.retention import services
from yjaudit.retention.rules import load_rules

pytestmark = pytest.mark.django_db
MADE = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
TODAY = dt.datetime(2026, 2, 15, 12, tzinfo=dt.UTC)  # 41 days on


@pytest.fixture(autouse=True)
def results(settings: Any, tmp_path: Path) -> Path:
    settings.YJAUDIT_JOB_RESULTS_DIR = tmp_path
    return tmp_path


def _jobs(world: Any, results: Path, qa: Any) -> tuple[Job, Job, Job]:
    (results / "old.xlsx").write_bytes(b"figures")
    (results / "new.xlsx").write_bytes(b"figures")
    common = {"requested_by": qa, "service": world.service, "finished_at": MADE}
    report = {"round": world.round.pk, "kind": "round", "fmt": "xlsx", "language": "en"}
    old = Job.objects.create(
        kind="report.file",
        title="Round report",
        parameters=report,
        visible_with=["report.export", "audit.review"],
        status=JobStatus.DONE,
        result_path="old.xlsx",
        result_name="derby-round.xlsx",
        **common,
    )
    refused = Job.objects.create(
        kind="cases.import",
        title="Import of export.csv",
        parameters={"import": 1},
        visible_with=["case.import"],
        status=JobStatus.FAILED,
        result={"problems": [{"file": "e.csv", "row": 2, "field": "Ref", "message": "R-77"}]},
        **common,
    )
    recent = Job.objects.create(
        kind="report.file",
        title="Round report",
        parameters=report,
        visible_with=["report.export"],
        status=JobStatus.DONE,
        result_path="new.xlsx",
        result_name="derby-round.xlsx",
        requested_by=qa,
        service=world.service,
        finished_at=TODAY - dt.timedelta(days=3),
    )
    return old, refused, recent


def test_the_rule_is_data_and_marked_inferred() -> None:
    rule = load_rules().rule("job_files")
    assert (rule.days, rule.after, rule.action, rule.inferred) == (30, "finished", "remove", True)


@time_machine.travel(TODAY, tick=False)
def test_the_weekly_run_removes_old_files_keeps_the_rows_and_counts_only(results: Path) -> None:
    world = build_world(n=4)
    qa = make_user("qa-files", world.service, Role.QA_LEAD)
    old, refused, recent = _jobs(world, results, qa)
    due = services.run_retention(actor=None)
    assert {r.kind: r.count for r in due.results}["job_files"] == 2
    assert (results / "old.xlsx").exists()  # a dry run writes nothing
    services.run_scheduled()
    assert not (results / "old.xlsx").exists() and (results / "new.xlsx").exists()
    old.refresh_from_db()
    refused.refresh_from_db()
    recent.refresh_from_db()
    assert old.file_removed_at is not None and old.result_path == ""
    assert old.result == {"removed_after_days": 30} and old.status == JobStatus.DONE
    assert "problems" not in refused.result and refused.file_removed_at is not None
    assert recent.file_removed_at is None and recent.result_path == "new.xlsx"
    trail = AuditEvent.objects.get(action="retention.apply", after__kind="job_files")
    assert trail.after["count"] == 2 and "R-77" not in str(trail.after)
    again = services.run_retention(actor=None, apply=True)
    assert {r.kind: r.count for r in again.results}["job_files"] == 0


@time_machine.travel(TODAY, tick=False)
def test_the_page_says_the_file_was_removed_and_makes_it_again(
    results: Path, django_capture_on_commit_callbacks: Any
) -> None:
    world = build_world(n=4)
    qa = make_user("qa-files", world.service, Role.QA_LEAD)
    old, refused, _recent = _jobs(world, results, qa)
    services.run_retention(actor=None, apply=True)
    client = sign_in(Client(), qa)
    page = client.get(f"/jobs/{old.pk}/").content.decode()
    assert "The file was removed 30 days after it was made" in page
    assert "Make it again" in page and f"/jobs/{old.pk}/download" not in page
    assert client.get(f"/jobs/{old.pk}/download").status_code == 404
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(f"/jobs/{old.pk}/again")
    new = Job.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == f"/jobs/{new.pk}/"
    assert new.parameters == old.parameters and new.status == JobStatus.QUEUED
    # An import cannot be made again: its page says what went, and offers nothing.
    importer = make_user("importer", world.service, Role.QA_LEAD)
    Job.objects.filter(pk=refused.pk).update(requested_by=importer)
    mine = sign_in(Client(), importer)
    text = mine.get(f"/jobs/{refused.pk}/").content.decode()
    assert "Make it again" not in text and "R-77" not in text
    assert mine.post(f"/jobs/{refused.pk}/again").status_code == 404
