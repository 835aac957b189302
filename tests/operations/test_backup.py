"""Backup and restore on SQLite: seed, back up, destroy, restore, and find everything equal."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from cases.factories import make_caseload
from yjaudit.accounts.testing import make_user
from yjaudit.audits.models import AuditRound, CaseAnswer, CaseAudit
from yjaudit.audits.rounds.services import draw_sample
from yjaudit.audittrail.models import AuditEvent
from yjaudit.frameworks.models import FrameworkEdition
from yjaudit.improvement import services as plans
from yjaudit.improvement.models import EvidenceFile
from yjaudit.organisations.models import Service, StaffMember
from yjaudit.spec.loader import BUNDLED_DIR

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the SQLite variant; see test_backup_postgres.py"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "private"
    return Path(settings.MEDIA_ROOT)


def _seed() -> None:
    service = Service.objects.create(name="Coventry YOS", code="COV", nation="england")
    make_caseload(service, 40)
    path = BUNDLED_DIR / "hmip-style-local-audit.yaml"
    text = path.read_text(encoding="utf-8")
    edition = FrameworkEdition.objects.create(
        framework_id="hmip-style-local-audit",
        version=1,
        edition="2023",
        name="HMIP-style local audit",
        publisher="Local",
        source=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        source_name=path.name,
    )
    audit_round = AuditRound.objects.create(
        service=service,
        framework_edition=edition,
        name="Quarter 1 2026",
        kind="self-audit",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2026, 3, 31),
        sample_rule="fixed-n",
        requested_size=5,
    )
    draw_sample(actor=None, audit_round=audit_round, seed=7)
    audit = CaseAudit.objects.filter(round=audit_round).order_by("pk").first()
    assert audit is not None
    for i, value in enumerate(["yes", "partly", "no", "na"]):
        CaseAnswer.objects.create(audit=audit, question_id=f"q{i}", value=value, note=f"n{i}")
    manager = make_user("manager@cov.example", service=service, roles=["manager"])
    staff = StaffMember.objects.create(
        service=service, name="Ops Manager", role="operational_manager", user=manager
    )
    plan = plans.create_plan(
        actor=manager,
        service=service,
        title="Action plan",
        source_kind="inspection",
        inspection_name="Inspection",
        published_on=dt.date(2026, 1, 10),
    )
    rec = plans.add_recommendation(actor=manager, plan=plan, text="R")
    action = plans.add_action(
        actor=manager,
        plan=plan,
        recommendation=rec,
        description="A",
        lead_staff=staff,
        due_date=dt.date(2026, 12, 1),
    )
    plans.record_progress(
        actor=manager, action=action, status="in_progress", files=[("register.pdf", PDF)]
    )


def _snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of every model, by table."""
    return {
        model._meta.db_table: list(model._default_manager.order_by("pk").values())
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def _media_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _destroy_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys = OFF")
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'DROP TABLE "{table}"')
        cursor.execute("PRAGMA foreign_keys = ON")
    assert connection.introspection.table_names() == []


@pytest.mark.django_db(transaction=True)
def test_backup_destroy_restore_finds_every_record_and_file(media: Path, tmp_path: Path) -> None:
    _seed()
    target = tmp_path / "backup-1"
    call_command("backup", "--to", str(target))
    before = _snapshot()
    files_before = _media_files(media)
    assert CaseAnswer.objects.filter(note__startswith="n").count() == 4
    assert EvidenceFile.objects.count() == 1
    assert len(files_before) == 1
    manifest = json.loads((target / "manifest.json").read_text())
    assert manifest["engine"] == "sqlite" and "database.sqlite3" in manifest["files"]
    assert oct(target.stat().st_mode & 0o777) == "0o700"

    _destroy_database()
    for path in media.rglob("*"):
        if path.is_file():
            path.unlink()

    call_command("restore", "--from", str(target))

    after = _snapshot()
    restored = after.pop("audittrail_auditevent")
    original = before.pop("audittrail_auditevent")
    assert after == before
    assert sum(len(rows) for rows in before.values()) > 100  # the seed really wrote rows
    # The audit trail is as it was, plus one row saying the restore happened.
    assert restored[: len(original)] == original
    assert [e["action"] for e in restored[len(original) :]] == ["operations.restore"]
    assert _media_files(media) == files_before
    evidence = EvidenceFile.objects.get()
    assert evidence.file.read() == PDF
    assert AuditEvent.objects.filter(action="operations.backup").count() == 1


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_in_use_unless_forced(media: Path, tmp_path: Path) -> None:
    _seed()
    call_command("backup", "--to", str(tmp_path / "b"))
    EvidenceFile.objects.all().delete()  # a change made after the backup
    CaseAnswer.objects.filter(question_id="q0").update(value="no")
    with pytest.raises(CommandError, match=r"already has .* tables"):
        call_command("restore", "--from", str(tmp_path / "b"))
    assert CaseAnswer.objects.get(question_id="q0").value == "no"  # nothing written

    call_command("restore", "--from", str(tmp_path / "b"), "--force")
    assert CaseAnswer.objects.get(question_id="q0").value == "yes"
    assert EvidenceFile.objects.count() == 1
    # The media folder replaced was kept beside it, not deleted.
    assert len(list(media.parent.glob("private.before-restore-*"))) == 1


@pytest.mark.django_db(transaction=True)
def test_a_changed_or_extra_file_is_refused_before_anything_is_written(
    media: Path, tmp_path: Path
) -> None:
    _seed()
    target = tmp_path / "b"
    call_command("backup", "--to", str(target))
    call_command("restore", "--from", str(target), "--check")  # intact: passes
    evidence = next(p for p in (target / "media").rglob("*") if p.is_file())
    evidence.write_bytes(evidence.read_bytes() + b"tampered")
    (target / "media" / "extra.txt").write_text("x")
    CaseAnswer.objects.filter(question_id="q0").update(value="no")  # a change since
    with pytest.raises(CommandError) as refused:
        call_command("restore", "--from", str(target), "--force")
    message = str(refused.value)
    assert "SHA-256 does not match" in message
    assert "media/extra.txt: not in the manifest" in message
    with pytest.raises(CommandError, match="SHA-256 does not match"):
        call_command("restore", "--from", str(target), "--check")
    assert CaseAnswer.objects.get(question_id="q0").value == "no"  # nothing restored
    assert not list(media.parent.glob("private.before-restore-*"))


@pytest.mark.django_db(transaction=True)
def test_backup_refuses_a_directory_that_is_not_empty(media: Path, tmp_path: Path) -> None:
    target = tmp_path / "b"
    target.mkdir()
    (target / "earlier.txt").write_text("an earlier backup")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", "--to", str(target))
    assert sorted(p.name for p in target.iterdir()) == ["earlier.txt"]
    assert not AuditEvent.objects.filter(action="operations.backup").exists()


def test_restore_without_a_manifest_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"no manifest\.json"):
        call_command("restore", "--from", str(tmp_path))
