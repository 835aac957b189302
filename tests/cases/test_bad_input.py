"""Bad input to the cases API is a 4xx with a clear message, never a 500 (issue 10.9),
including two confirmations of one import racing on PostgreSQL."""

import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from yjaudit.cases import services
from yjaudit.cases.models import AttributeDefinition, Case, CaseImport
from yjaudit.organisations.models import Role

from .factories import make_people, make_service, make_user, sign_in

API = "/api/v1"
BODY = {
    "service": "DERBY",
    "reference": "API-1",
    "disposal_type": "dto",
    "start_date": "2024-03-01",
}
FILE = (
    "Reference,Disposal,Start date\n"
    + "".join(f"R{i},Referral Order,01/03/2024\n" for i in range(40))
).encode()


@pytest.fixture
def derby(db):
    s = make_service()
    make_people(s)
    AttributeDefinition.objects.create(service=s, key="mappa_level", label="MAPPA level")
    return s


@pytest.fixture
def qa(client, derby):
    return sign_in(client, make_user("qa", derby, Role.QA_LEAD))


@pytest.mark.parametrize("extra", ["notadict", ["a", "b"], 7, {"mappa_level": {"x": 1}}])
def test_extra_that_is_not_an_object_of_values_is_a_400(qa, extra):
    resp = qa.post(f"{API}/cases/", {**BODY, "extra": extra}, content_type="application/json")
    assert resp.status_code == 400, resp.content
    assert "extra" in resp.json()
    assert not Case.objects.exists()


def test_extra_that_is_not_an_object_on_update_is_a_400(qa):
    created = qa.post(f"{API}/cases/", BODY, content_type="application/json").json()
    resp = qa.patch(
        f"{API}/cases/{created['id']}/", {"extra": ["x"]}, content_type="application/json"
    )
    assert resp.status_code == 400 and "extra" in resp.json()


def test_a_reference_differing_only_in_case_is_a_400_naming_the_case(qa):
    qa.post(f"{API}/cases/", BODY, content_type="application/json")
    resp = qa.post(f"{API}/cases/", {**BODY, "reference": "api-1"}, content_type="application/json")
    assert resp.status_code == 400 and "API-1" in resp.json()["reference"][0]


def test_a_second_click_on_import_gives_the_same_result(qa, derby, confirm):
    upload = reverse("cases:import_upload", args=[derby.code])
    qa.post(upload, {"file": SimpleUploadedFile("e.csv", FILE)})
    ci = CaseImport.objects.get()
    preview = reverse("cases:import_preview", args=[derby.code, ci.pk])
    assert confirm(qa, preview, {"action": "import"}).status_code == 302
    again = qa.post(preview, {"action": "import"}, follow=True)
    assert again.status_code == 200
    assert "This file was already imported: 40 cases created" in again.content.decode()
    assert Case.objects.count() == 40


def _wait_until_a_lock_is_awaited(timeout: float = 10.0) -> None:
    """Hold the first writer until the second is blocked behind it in PostgreSQL."""
    with connections["default"].cursor() as cursor:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            if cursor.fetchone()[0]:
                return
            time.sleep(0.02)


def _race(first, second):
    """Run ``first`` until it has written a row, then ``second`` alongside it."""
    results: dict[str, object] = {}
    inside = threading.Event()

    def run(name, fn):
        try:
            results[name] = fn()
        except Exception as exc:  # recorded and asserted on by the test
            results[name] = exc
        finally:
            connection.close()

    a = threading.Thread(target=run, args=("first", lambda: first(inside)))
    b = threading.Thread(target=run, args=("second", second))
    a.start()
    assert inside.wait(10)
    b.start()
    a.join(30)
    b.join(30)
    return results


pg_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two writers at once need PostgreSQL (SQLite serialises them)",
)


@pg_only
@pytest.mark.django_db(transaction=True)
def test_two_confirmations_of_one_upload_at_once_import_it_once(derby):
    user = make_user("qa", derby)
    ci = services.start_import(actor=user, service=derby, filename="e.csv", data=FILE)
    twin = CaseImport.objects.get(pk=ci.pk)  # the second request's copy, also "uploaded"

    def first(inside):
        def step(n):
            if not inside.is_set():
                inside.set()
                _wait_until_a_lock_is_awaited()

        return services.commit_import(actor=user, case_import=ci, progress=step)

    results = _race(first, lambda: services.commit_import(actor=user, case_import=twin))
    assert isinstance(results["first"], services.ImportPlan)
    assert isinstance(results["second"], services.ImportAlreadyCommitted), results["second"]
    assert Case.objects.count() == 40


@pg_only
@pytest.mark.django_db(transaction=True)
def test_two_identical_api_imports_at_once_give_the_same_register(derby):
    user = make_user("qa", derby, Role.QA_LEAD)

    def post():
        client = sign_in(Client(), user)
        return client.post(
            f"{API}/case-imports/",
            {"service": "DERBY", "file": SimpleUploadedFile("e.csv", FILE)},
        )

    def first(inside):
        def step(n):
            if not inside.is_set():
                inside.set()
                _wait_until_a_lock_is_awaited()

        return services.import_file(
            actor=user, service=derby, filename="e.csv", data=FILE, progress=step
        )

    results = _race(first, post)
    assert isinstance(results["first"], services.ImportPlan)
    second = results["second"]
    assert getattr(second, "status_code", second) == 201, second
    assert second.json()["unchanged"] == 40 and second.json()["created"] == []
    assert Case.objects.count() == 40


def test_the_cli_reports_a_conflict_without_a_traceback(derby, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from yjaudit.cli.main import main

    def conflict(**kwargs):
        raise services.ImportConflict("The register changed while the file was being imported.")

    monkeypatch.setattr(services, "import_file", conflict)
    path = tmp_path / "e.csv"
    path.write_bytes(FILE)
    result = CliRunner().invoke(main, ["cases", "import", str(path), "--service", "DERBY"])
    assert result.exit_code == 2
    assert "e.csv: The register changed" in result.output
    assert "Traceback" not in result.output and "bug" not in result.output
