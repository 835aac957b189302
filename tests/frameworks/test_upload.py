"""Uploading a user-written framework file: validated, versioned, permission-checked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from yjaudit.accounts.testing import verified_login
from yjaudit.frameworks.models import FrameworkEdition
from yjaudit.frameworks.services import sync_bundled_frameworks, upload_framework
from yjaudit.spec import FrameworkFileError

from .conftest import framework_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(django_user_model: Any) -> Any:
    return django_user_model.objects.create_superuser("operator", "op@example.org", "x" * 16)


def test_upload_creates_then_versions(operator: Any, framework_dir: Path) -> None:
    first = upload_framework(
        actor=operator, filename="ours.yaml", content=framework_text("ours").encode()
    )
    assert (first.version, first.bundled, first.is_current) == (1, False, True)
    assert first.loaded_by == operator
    second = upload_framework(
        actor=operator, filename="ours.yaml", content=framework_text("ours", "Ours v2").encode()
    )
    first.refresh_from_db()
    assert (second.version, second.is_current, first.is_current) == (2, True, False)


@pytest.mark.parametrize(
    ("filename", "content", "expected"),
    [
        ("f.txt", b"id: x", "choose a YAML file"),
        ("f.yaml", b"   \n", "the file is empty"),
        ("f.yaml", b"\xff\xfe\x00", "not UTF-8"),
        ("f.yaml", b"id: [unclosed", "not valid YAML"),
        ("f.yaml", framework_text("ok").replace("theme: desistance", "theme: x").encode(), "theme"),
    ],
)
def test_bad_files_are_refused_with_reasons(
    operator: Any, framework_dir: Path, filename: str, content: bytes, expected: str
) -> None:
    with pytest.raises(FrameworkFileError, match=expected):
        upload_framework(actor=operator, filename=filename, content=content)
    assert FrameworkEdition.objects.count() == 0


def test_errors_name_the_line_and_field(operator: Any, framework_dir: Path) -> None:
    text = framework_text("ok").replace("theme: desistance", "theme: wellbeing")
    with pytest.raises(FrameworkFileError) as caught:
        upload_framework(actor=operator, filename="mine.yaml", content=text.encode())
    problem = caught.value.problems[0]
    assert problem.file == "mine.yaml"
    assert problem.line == text.splitlines().index("            theme: wellbeing") + 1
    assert "theme" in problem.field


def test_a_bundled_id_cannot_be_taken(operator: Any) -> None:
    sync_bundled_frameworks()
    text = framework_text("hmip-youth-2021")
    with pytest.raises(FrameworkFileError, match="bundled"):
        upload_framework(actor=operator, filename="x.yaml", content=text.encode())


def test_the_same_file_twice_is_refused(operator: Any, framework_dir: Path) -> None:
    content = framework_text("ours").encode()
    upload_framework(actor=operator, filename="a.yaml", content=content)
    with pytest.raises(FrameworkFileError, match="already loaded"):
        upload_framework(actor=operator, filename="a.yaml", content=content)


def test_ordinary_users_may_not_upload(
    client: Client, django_user_model: Any, framework_dir: Path
) -> None:
    user = django_user_model.objects.create_user("someone", password="x" * 16)
    with pytest.raises(PermissionDenied):
        upload_framework(actor=user, filename="a.yaml", content=framework_text().encode())
    verified_login(client, user)
    assert client.get("/frameworks/upload/").status_code == 403
    assert "Upload a framework file" not in client.get("/frameworks/").content.decode()


def test_upload_page_journey(client: Client, operator: Any, framework_dir: Path) -> None:
    anonymous = client.get("/frameworks/upload/")
    assert anonymous.status_code == 302 and "next=/frameworks/upload/" in anonymous["Location"]
    verified_login(client, operator)
    assert client.get("/frameworks/upload/").status_code == 200

    bad = framework_text("mine").replace("rated_by: cases", "rated_by: vibes")
    response = client.post(
        "/frameworks/upload/", {"file": SimpleUploadedFile("mine.yaml", bad.encode())}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html and "mine.yaml:" in html and "rated_by" in html
    assert FrameworkEdition.objects.count() == 0

    response = client.post("/frameworks/upload/", {})
    assert response.status_code == 400
    assert 'href="#id_file"' in response.content.decode()

    good = SimpleUploadedFile("mine.yaml", framework_text("mine").encode())
    response = client.post("/frameworks/upload/", {"file": good}, follow=True)
    assert response.redirect_chain[-1][0] == "/frameworks/mine/"
    assert "Loaded Test framework, version 1." in response.content.decode()
