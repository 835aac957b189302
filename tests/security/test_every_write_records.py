"""Every service write leaves an audit-trail row.

1. Every public function of every service module (`<app>/services.py`,
   `<app>/services/*.py`, `<app>/*_services.py`) reaches `audittrail.services.record`,
   unless it is declared below as a pure helper (which must then write nothing).
2. Any other public function in yjaudit that writes to the database (views, API, CLI,
   scheduled jobs) records too, unless declared below with its reason.
3. `apply_rules` (answers set by the framework's rules) records each change it makes.

See `service_writes.py` for how writes and records are found.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import yjaudit
from audits.audit_world import build_world
from yjaudit.audits.case_audits import selectors as audit_selectors
from yjaudit.audits.case_audits import services as audit_services
from yjaudit.audits.case_audits.services import AnswerInput
from yjaudit.audits.models import CaseAnswer
from yjaudit.audittrail.models import AuditEvent

from .service_writes import Program, load, parse_module

SRC = Path(yjaudit.__file__).parent
# Not application code: migrations, demo seeding, test helpers.
SKIP = ("migrations", "demo.py", "demo_support.py", "testing.py")

# Public functions of service modules that change nothing (checked: no write reachable).
PURE_HELPERS = {
    "yjaudit.accounts.services.confirmed_device": "looks a device up",
    "yjaudit.accounts.services.normalise_email": "text in, text out",
    "yjaudit.audits.case_audits.services.moderation.can_second_mark": "a question (asks)",
    "yjaudit.audits.case_audits.services.workflow.missing_answers": "lists unanswered questions",
    "yjaudit.audits.rounds.services.planned_size": "computes a sample size",
    "yjaudit.audits.rounds.services.unit_of": "names a sampling unit",
    "yjaudit.audittrail.services.snapshot": "turns a row into JSON for the trail",
    "yjaudit.cases.services.ImportPlan.ok": "property of a computed plan",
    "yjaudit.cases.services.ImportPlan.problems": "property of a computed plan",
    "yjaudit.cases.services.ImportPlan.rows": "property of a computed plan",
    "yjaudit.cases.services.check_in_background": "compares a row count with a setting",
    "yjaudit.cases.services.check_summary": "turns a computed plan into a job's summary",
    "yjaudit.cases.services.extra_fields": "lists a service's attribute fields",
    # A dry run as a job: the jobs app records its request, start and end.
    "yjaudit.cases.services.import_check_job": "checks a stored upload, writes nothing",
    "yjaudit.cases.services.mapping_key": "fingerprints a mapping",
    "yjaudit.cases.services.max_import_bytes": "reads a setting",
    "yjaudit.cases.services.plan_import": "a dry run: computes what an import would do",
    "yjaudit.cases.services.preview_import": "a dry run of a stored upload",
    "yjaudit.cases.services.read_upload": "parses bytes",
    "yjaudit.cases.services.table_of": "parses a stored upload",
    "yjaudit.cases.services.validate_extra": "validates values",
    "yjaudit.improvement.services.default_submission_due": "computes a date",
    "yjaudit.improvement.services.next_action_number": "computes a number",
    "yjaudit.improvement.services.staff_by_name": "looks staff up",
    # Arriving with other branches of issue 10 (read there: they change nothing).
    "yjaudit.cases.services.import_limits": "reads settings",
    "yjaudit.audits.case_audits.services.common.Conflict.public": "shapes a conflict",
    # Audit subjects (issue 12).
    "yjaudit.audits.rounds.services.overseeing_manager": "names a case's overseeing manager",
    "yjaudit.cases.services.suggested_mapping": "suggests an import's column mapping",
}

# Public functions that write without an audit-trail row, and why that is right.
WRITES_WITHOUT_A_ROW = {
    "yjaudit.audittrail.services.record": "it writes the row",
    "yjaudit.audits.case_audits.round_scores.bump": (
        "a cache version counter (derived, no one's work)"
    ),
    "yjaudit.accounts.services.totp_device_for_enrolment": "an unconfirmed key for the "
    "person's own enrolment grants nothing; totp_confirm records 'account.2fa_enrol'",
    "yjaudit.accounts.services.api_token_touch": "an API token's last-used time "
    "(bookkeeping of a credential, at most once per interval)",
    "yjaudit.jobs.services.job_progress": "a running job's bar and heartbeat (bookkeeping; "
    "the job's start, retries and end are recorded)",
    "yjaudit.reports.services.report_file": "the job handler: builds and renders a file for "
    "the job, which records its request, start and end (jobs.services)",
    # Issue 15: imports as jobs, job files' retention.
    "yjaudit.monitoring.services.import_job": "the job handler: commit_import records the "
    "import (through jobs.batches.run_batch); the job records its request, start and end",
    "yjaudit.practice.services.import_job": "the job handler: commit_import records the "
    "import (through jobs.batches.run_batch); the job records its request, start and end",
    "yjaudit.jobs.services.job_remake": "asks the kind's own request (e.g. "
    "reports.request_report_file), which records 'job.request'",
    "yjaudit.jobs.services.jobs_remove_files": "retention's run records one row per kind "
    "with the count ('retention.apply'), never a row per job",
    "yjaudit.cases.importing.keeping.keep_choice": "keeps a choice of columns for map_import, "
    "which records it ('monitoring.import_map', 'practice.import_map')",
    # An erasure's second half: the erased reference replaced by its token elsewhere. A
    # row per rewrite would name the reference; 'retention.erase' records the counts.
    "yjaudit.audittrail.services.rewrite_erased": "called only by an erasure, which records "
    "'retention.erase' with the count of trail rows rewritten",
    "yjaudit.retention.scrubbing.scrub_places": "called only by an erasure, which records "
    "'retention.erase' with the count of entries rewritten",
    "yjaudit.retention.scrubbing.scrub_trail": "called only by an erasure, which records "
    "'retention.erase' with the count of trail rows rewritten",
}


def _is_service_module(module: str) -> bool:
    parts = module.split(".")
    return "services" in parts or parts[-1].endswith("_services")


@pytest.fixture(scope="module")
def program() -> Program:
    return load(SRC, skip=SKIP)


def test_service_modules_are_found(program: Program) -> None:
    modules = {fn.module for fn in program.functions.values() if _is_service_module(fn.module)}
    for expected in (
        "yjaudit.audits.case_audits.services.answers",
        "yjaudit.audits.case_audits.services.workflow",
        "yjaudit.audits.rounds.services",
        "yjaudit.cases.services",
        "yjaudit.improvement.services",
        "yjaudit.organisations.services",
        "yjaudit.accounts.services",
        "yjaudit.frameworks.services",
    ):
        assert expected in modules


def test_every_public_service_function_records(program: Program) -> None:
    silent = []
    for name, fn in sorted(program.functions.items()):
        if not fn.public or not _is_service_module(fn.module):
            continue
        if name in PURE_HELPERS or name in WRITES_WITHOUT_A_ROW:
            continue
        if not program.records(name):
            writes = program.writes(name)
            silent.append(f"{name} (line {fn.line}){': writes ' + writes[0] if writes else ''}")
    assert not silent, (
        "These service functions never call audittrail.services.record: make them record, "
        "or declare them in PURE_HELPERS with a reason:\n" + "\n".join(silent)
    )


def test_declared_pure_helpers_write_nothing(program: Program) -> None:
    present = [name for name in PURE_HELPERS if name in program.functions]
    assert len(present) >= len(PURE_HELPERS) - 3, "drop the helpers that no longer exist"
    for name in present:
        assert not program.writes(name), f"{name} writes: {program.writes(name)}"


def test_nothing_else_writes_without_recording(program: Program) -> None:
    silent = []
    for name, fn in sorted(program.functions.items()):
        if not fn.public or name in WRITES_WITHOUT_A_ROW:
            continue
        # A declared write (a cache counter, a last-used time) does not count for callers.
        writes = program.writes(name, allowed=set(WRITES_WITHOUT_A_ROW))
        if writes and not program.records(name):
            silent.append(f"{name}: {writes[0]}")
    assert not silent, "These write with no audit-trail row:\n" + "\n".join(silent)


def test_the_checker_finds_a_silent_write() -> None:
    source = """
from yjaudit.audittrail.services import record
from .models import Thing

def _store(thing):
    thing.save()

def quiet(thing):
    _store(thing)

def loud(thing):
    _store(thing)
    record(actor=None, action="thing.update", target=thing)

def pure(x):
    return x + 1
"""
    functions = parse_module(source, "yjaudit.things.services")
    program = Program({fn.name: fn for fn in functions})
    assert program.writes("yjaudit.things.services.quiet")
    assert not program.records("yjaudit.things.services.quiet")
    assert program.records("yjaudit.things.services.loud")
    assert not program.writes("yjaudit.things.services.pure")


# -- apply_rules -----------------------------------------------------------------------


def _rule_rows(audit: Any) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            action="audit.rule_answer", object_id=str(audit.pk), object_type="audits.caseaudit"
        ).order_by("pk")
    )


@pytest.mark.django_db
def test_apply_rules_records_every_answer_it_sets_replaces_or_drops() -> None:
    world = build_world()
    # Answers set by rules when the audits were made: one row each.
    by_rule = CaseAnswer.objects.filter(audit__round=world.round, by_rule=True)
    assert by_rule.exists()
    for answer in by_rule:
        rows = [r for r in _rule_rows(answer.audit) if r.after["question"] == answer.question_id]
        assert len(rows) == 1 and rows[0].before is None
        assert rows[0].after["value"] == answer.value and rows[0].actor == world.users["qa"]

    # A person's answer (with a note) that the rules later replace: the trail keeps it.
    def visible(audit: Any) -> set[str]:
        return {q.id for s in audit_selectors.audit_layout(audit) for q in s.visible}

    audit = next(a for a in world.audits if "3.2.3e" in visible(a))
    case = audit.case
    layout = audit_selectors.audit_layout(audit)
    audit_services.save_answers(
        actor=world.users["auditor"],
        audit=audit,
        version=audit.version,
        answers=[AnswerInput(q.id, "yes", f"note {q.id}") for s in layout for q in s.visible],
    )
    case.rosh = "low"  # question 3.2.3e applies only from medium risk of serious harm
    case.save()
    audit_services.submit(actor=world.users["auditor"], audit=audit)
    replaced = next(r for r in _rule_rows(audit) if r.before and r.before["question"] == "3.2.3e")
    assert replaced.before == {
        "question": "3.2.3e",
        "value": "yes",
        "note": "note 3.2.3e",
        "by_rule": False,
    }
    assert replaced.after["question"] == "3.2.3e" and replaced.after["by_rule"] is True
    assert replaced.actor == world.users["auditor"]

    # A rule answer that no longer applies is dropped: recorded with what it was.
    case.rosh = "high"
    case.save()
    seen = len(_rule_rows(audit))
    changed = audit_services.apply_rules(audit, actor=world.users["qa"])
    dropped = _rule_rows(audit)[seen:]
    assert changed == len(dropped) >= 1
    assert "3.2.3e" in {r.before["question"] for r in dropped}
    assert all(r.after is None and r.before["by_rule"] for r in dropped)
