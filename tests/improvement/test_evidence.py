"""Evidence files: checked by content and extension, size limited, stored outside the
web root under a random name, served only through a permission-checked view."""

from __future__ import annotations

import datetime as dt
import io
import uuid
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from yjaudit.accounts.testing import make_user, verified_login
from yjaudit.improvement import services
from yjaudit.improvement.evidence import EvidenceError, check_evidence
from yjaudit.improvement.models import EvidenceFile

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("register.pdf", PDF, "pdf"),
        ("photo.PNG", PNG, "png"),
        ("minutes.docx", DOCX, "docx"),
        ("notes.txt", b"Attendance: 12 of 14 staff", "txt"),
    ],
)
def test_allowed_files(name: str, data: bytes, kind: str) -> None:
    assert check_evidence(name, data).code == kind


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("script.exe", b"MZ\x90\x00", "must be one of"),
        ("fake.pdf", b"#!/bin/sh\nrm -rf /\n", "not a real PDF"),
        ("fake.docx", _zip({"evil.sh": b"x"}), "not a real Word"),
        ("page.html", b"<script>alert(1)</script>", "must be one of"),
        ("binary.txt", b"\x00\x01\x02", "not a real text"),
        ("empty.pdf", b"", "empty"),
        ("big.pdf", PDF + b"0" * (5 * 1024 * 1024), "larger than 5 MB"),
    ],
)
def test_refused_files(name: str, data: bytes, message: str) -> None:
    with pytest.raises(EvidenceError, match=message):
        check_evidence(name, data)


@pytest.fixture
def evidence(inspection_plan: Any, manager: Any, manager_staff: Any) -> EvidenceFile:
    rec = services.add_recommendation(actor=manager, plan=inspection_plan, text="R")
    act = services.add_action(
        actor=manager,
        plan=inspection_plan,
        recommendation=rec,
        description="A",
        lead_staff=manager_staff,
        due_date=dt.date(2026, 12, 1),
    )
    update = services.record_progress(
        actor=manager, action=act, status="in_progress", files=[("../../etc/passwd.pdf", PDF)]
    )
    return update.evidence.get()


def test_stored_under_media_root_with_a_random_name(
    evidence: EvidenceFile, private_media: Any
) -> None:
    path = Path(evidence.file.path)
    assert path.is_relative_to(Path(private_media))
    assert path.name == evidence.pk.hex
    assert "passwd" not in str(path)
    assert path.read_bytes() == PDF
    assert evidence.original_name == "../../etc/passwd.pdf"  # kept only as a label


def _client(user: Any) -> Client:
    return verified_login(Client(), user)


def test_served_to_the_service_and_no_one_else(
    evidence: EvidenceFile, manager: Any, service: Any, other_service: Any
) -> None:
    url = reverse("plans:evidence", kwargs={"pk": evidence.pk})
    response = _client(manager).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"

    outsider = make_user("admin@merton.example", service=other_service, roles=["administrator"])
    assert _client(outsider).get(url).status_code == 404
    board = make_user("board@cov.example", service=service, roles=["board_member"])
    assert _client(board).get(url).status_code == 404  # board members see no evidence
    assert Client().get(url).status_code == 302  # anonymous: sign in first


def test_not_reachable_by_guessing(evidence: EvidenceFile, manager: Any) -> None:
    client = _client(manager)
    guess = reverse("plans:evidence", kwargs={"pk": uuid.uuid4()})
    assert client.get(guess).status_code == 404
    assert client.get(f"/plans/evidence/{evidence.pk.int}/").status_code == 404
    # The storage path is not a URL of the site.
    assert client.get("/media/" + evidence.file.name).status_code == 404
    assert client.get("/" + evidence.file.name).status_code == 404


def test_an_oversized_upload_is_refused_by_size(
    inspection_plan: Any, manager: Any, manager_staff: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    rec = services.add_recommendation(actor=manager, plan=inspection_plan, text="R")
    act = services.add_action(
        actor=manager, plan=inspection_plan, recommendation=rec, description="A"
    )
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (6 * 1024 * 1024))
    response = _client(manager).post(
        reverse("plans:progress_add", kwargs={"pk": act.pk}),
        {"status": "completed", "evidence": big},
    )
    assert response.status_code == 200
    assert "is larger than 5 MB" in response.content.decode()
    assert not EvidenceFile.objects.exists()
