"""Retention pages (confirmation step), API and CLI; the rules file's checks."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from click.testing import CliRunner

from cases.factories import make_caseload, make_service, make_user, sign_in
from yjaudit.audittrail.models import AuditEvent
from yjaudit.cases.models import Case
from yjaudit.cli.main import main
from yjaudit.organisations.models import Role
from yjaudit.retention.models import Erasure
from yjaudit.retention.rules import KINDS, load_rules, parse_retention_rules
from yjaudit.spec import FrameworkFileError

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    service = make_service()
    cases = make_caseload(service, 3)
    admin = make_user("admin", service, Role.ADMINISTRATOR)
    qa = make_user("qa", service, Role.QA_LEAD)
    return service, cases, admin, qa


def test_erase_page_asks_for_confirmation_before_erasing(client, world):
    service, cases, admin, _ = world
    admin.username, admin.first_name, admin.last_name = "ada@derby.example", "Ada", "Price"
    admin.save()
    sign_in(client, admin)
    url = f"/retention/{service.code}/erase/"
    assert client.get(url).status_code == 200
    data = {"reference": cases[0].reference.lower(), "reason": "The child's request"}
    page = client.post(url, data)
    assert page.status_code == 200
    assert "Confirm the erasure" in page.content.decode()
    assert not Erasure.objects.exists()  # nothing yet
    done = client.post(url, {**data, "confirm": "True"})
    assert done.status_code == 302
    erasure = Erasure.objects.get()
    assert Case.objects.get(pk=cases[0].pk).reference == erasure.token
    index = client.get(done["Location"]).content.decode()
    assert erasure.token in index
    # Who erased it, by name: never their e-mail address.
    assert "ada@derby.example" not in index and "Ada Price" in index


def test_erase_page_names_an_unknown_reference(client, world):
    service, _, admin, _ = world
    sign_in(client, admin)
    page = client.post(f"/retention/{service.code}/erase/", {"reference": "NOPE", "reason": "x"})
    assert "This service has no case with this reference." in page.content.decode()


def test_qa_lead_may_not_erase_or_export(client, world):
    service, cases, _, qa = world
    sign_in(client, qa)
    data = {"reference": cases[0].reference, "reason": "x", "confirm": "True"}
    assert client.post(f"/retention/{service.code}/erase/", data).status_code == 403
    assert client.post(f"/retention/{service.code}/export/", data).status_code == 403
    assert not Erasure.objects.exists()


def test_export_page_downloads_a_zip_and_records_it(client, world):
    service, cases, admin, _ = world
    sign_in(client, admin)
    response = client.post(f"/retention/{service.code}/export/", {"reference": cases[1].reference})
    assert response["Content-Type"] == "application/zip"
    held = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("case.json"))
    assert held["reference"] == cases[1].reference
    assert AuditEvent.objects.filter(action="retention.export", actor=admin).count() == 1


def test_index_shows_the_dry_run_and_writes_nothing(client, world):
    service, _, admin, _ = world
    sign_in(client, admin)
    before = AuditEvent.objects.count()
    page = client.get(f"/retention/{service.code}/")
    text = page.content.decode()
    assert AuditEvent.objects.count() == before
    # Every kind of record and what is done to it, in words: no rule-file code.
    assert "Cases closed" in text and "Audit trail entries" in text and "Made anonymous" in text
    for code in (*KINDS, ">anonymise<", ">remove<"):
        assert code not in text, code
    client.cookies["django_language"] = "cy"
    assert (
        "Cofnodion y llwybr archwilio" in client.get(f"/retention/{service.code}/").content.decode()
    )


def test_api_erase_and_export(client, world):
    service, cases, admin, _ = world
    sign_in(client, admin)
    base = f"/api/v1/retention/{service.code}"
    bad = client.post(f"{base}/erase/", {"reference": "NOPE", "reason": "x"}, "application/json")
    assert bad.status_code == 400
    ok = client.post(
        f"{base}/erase/", {"reference": cases[2].reference, "reason": "Request"}, "application/json"
    )
    assert ok.status_code == 200
    token = ok.json()["token"]
    export = client.post(f"{base}/export/", {"reference": token}, "application/json")
    assert export.status_code == 200
    held = json.loads(zipfile.ZipFile(io.BytesIO(export.content)).read("case.json"))
    assert held["reference"] == token
    due = client.get(f"{base}/due/").json()
    assert {k["kind"] for k in due["kinds"]} >= {"closed_cases", "sessions_tokens"}


def test_cli_run_erase_export(world, tmp_path):
    service, cases, _, _ = world
    runner = CliRunner()
    dry = runner.invoke(main, ["retention", "run", "--json", "--service", service.code])
    assert dry.exit_code == 0, dry.output
    assert json.loads(dry.stdout.strip().splitlines()[-1])["applied"] is False
    erased = runner.invoke(
        main, ["retention", "erase", cases[0].reference, "--service", service.code, "--reason", "R"]
    )
    assert erased.exit_code == 0, erased.output
    assert Erasure.objects.get().reason == "R"
    out = tmp_path / "sar.zip"
    done = runner.invoke(
        main, ["retention", "export", cases[1].reference, "--service", service.code, "-o", out]
    )
    assert done.exit_code == 0, done.output
    assert "summary.html" in zipfile.ZipFile(out).namelist()
    missing = runner.invoke(
        main, ["retention", "export", "NOPE", "--service", service.code, "-o", out]
    )
    assert missing.exit_code == 2


def test_bundled_rules_cover_every_kind_and_say_they_are_inferred():
    rules = load_rules()
    assert len(rules.rules) == 8  # job_files: background jobs' files (issue 15)
    assert all(r.inferred for r in rules.rules.values())


def test_rules_file_errors_name_line_and_field():
    text = (
        "rules:\n"
        "  closed_cases:\n"
        "    years: 6\n"
        "    after: case_closed\n"
        "    action: remove\n"
        "    inferred: true\n"
    )
    with pytest.raises(FrameworkFileError) as exc:
        parse_retention_rules(text, "local.yaml")
    message = str(exc.value)
    assert "local.yaml" in message and "action" in message
    assert "missing" in message  # the other kinds
