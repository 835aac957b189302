"""No identifying data kept (issue 10.3): a name planted in every column that is not
mapped to a register field is found nowhere afterwards, in any table, any text, JSON
or binary column, nor in the media folder, whatever the journey: committed, abandoned,
discarded, refused at upload, rejected at commit, through the pages, the API and the CLI."""

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from openpyxl import Workbook

from yjaudit.cases.models import Case, CaseImport
from yjaudit.cli.main import main
from yjaudit.organisations.models import Role

from .factories import make_people, make_service, make_user, sign_in

pytestmark = pytest.mark.django_db

MARK = "Quillfeather"  # a surname that appears in no fixture, code list or message
HEADERS = [
    "YOT Number",
    "Forename",
    "Surname",
    "Date of birth",
    "Address",
    "Notes",
    "Keyworker comments",
    "Team",
    "Case Worker",
    "Outcome Type",
    "Order Start",
    "Gender",
    "Ethnicity",
]
MAPPED = {"YOT Number", "Team", "Case Worker", "Outcome Type", "Order Start", "Gender"}


def _rows(prefix: str, disposal: str = "Referral Order") -> list[list[str]]:
    def cell(header: str, n: int) -> str:
        return {
            "YOT Number": f"{prefix}{n}",
            "Team": "North",
            "Case Worker": "Alex Morgan",
            "Outcome Type": disposal,
            "Order Start": "03/04/2024",
            "Gender": "Male",
            "Ethnicity": "White",
        }.get(header, f"Zeb {MARK} {header} {n}")

    return [list(HEADERS)] + [[cell(h, n) for h in HEADERS] for n in range(1, 4)]


def _csv(rows: list[list[str]]) -> bytes:
    return "\n".join(",".join(r) for r in rows).encode() + b"\n"


def _xlsx(rows: list[list[str]]) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _text(value: object) -> str:
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _where_found() -> list[str]:
    """Every table, every column, every row; sessions decoded; every media file."""
    found: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            columns = [c[0] for c in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if value is not None and MARK.lower() in _text(value).lower():
                        found.append(f"{table}.{column}")
    for session in Session.objects.all():
        if MARK.lower() in _text(session.get_decoded()).lower():
            found.append("django_session (decoded)")
    media = Path(settings.MEDIA_ROOT)
    if media.exists():
        for path in media.rglob("*"):
            if path.is_file() and MARK.lower().encode() in path.read_bytes().lower():
                found.append(str(path))
    return sorted(set(found))


@pytest.fixture
def derby():
    s = make_service()
    make_people(s)
    return s


@pytest.fixture
def qa(client, derby):
    return sign_in(client, make_user("qa", derby, Role.QA_LEAD))


def _upload(qa, derby, name: str, data: bytes):
    return qa.post(
        reverse("cases:import_upload", args=[derby.code]),
        {"file": SimpleUploadedFile(name, data)},
    )


def test_the_search_finds_a_planted_name():
    """The search itself can fail: a name stored anywhere is found."""
    make_service("PLANT", f"Zeb {MARK} Service")
    assert _where_found() == ["organisations_service.name"]


def test_no_unmapped_column_is_kept_by_any_journey(qa, derby, tmp_path, confirm):
    assert MAPPED | {"Ethnicity"} < set(HEADERS)
    # 1. Upload, match the columns, check, import (CSV).
    resp = _upload(qa, derby, "one.csv", _csv(_rows("A")))
    assert resp.status_code == 302, resp.content
    first = CaseImport.objects.latest("pk")
    assert set(first.mapping.values()) == MAPPED | {"Ethnicity"}
    assert _where_found() == []  # not even while waiting for confirmation
    mapping_page = qa.get(resp.url)
    assert "Forename" in mapping_page.content.decode()  # the column is offered by name
    resp = qa.post(resp.url, first.mapping)
    assert resp.status_code == 302
    assert "Import these cases" in qa.get(resp.url).content.decode()
    assert confirm(qa, resp.url, {"action": "import"}).status_code == 302
    assert Case.objects.filter(service=derby).count() == 3

    # 2. Upload (XLSX), check, then discard.
    resp = _upload(qa, derby, "two.xlsx", _xlsx(_rows("B")))
    second = CaseImport.objects.latest("pk")
    preview = reverse("cases:import_preview", args=[derby.code, second.pk])
    qa.get(preview)
    qa.post(preview, {"action": "discard"})

    # 3. Upload and walk away (never confirmed, never discarded).
    _upload(qa, derby, "three.csv", _csv(_rows("C")))

    # 4. Rejected at commit: an unknown disposal on every row.
    _upload(qa, derby, "four.csv", _csv(_rows("D", disposal="Referal")))
    fourth = CaseImport.objects.latest("pk")
    preview = reverse("cases:import_preview", args=[derby.code, fourth.pk])
    assert "Import these cases" not in qa.get(preview).content.decode()
    confirm(qa, preview, {"action": "import"})
    assert not Case.objects.filter(reference__startswith="D").exists()

    # 5. Refused at upload: a column twice.
    dup = _rows("E")
    dup[0][1] = "Surname"
    assert _upload(qa, derby, "five.csv", _csv(dup)).status_code == 200

    # 6. API: dry run, import, and a rejected file.
    api = "/api/v1/case-imports/"
    for name, data, dry in (
        ("six.csv", _csv(_rows("F")), "true"),
        ("seven.xlsx", _xlsx(_rows("G")), "false"),
        ("eight.csv", _csv(_rows("H", disposal="Referal")), "false"),
    ):
        qa.post(api, {"service": "DERBY", "dry_run": dry, "file": SimpleUploadedFile(name, data)})
    assert Case.objects.filter(reference__startswith="G").count() == 3

    # 7. CLI.
    path = tmp_path / "nine.csv"
    path.write_bytes(_csv(_rows("J")))
    result = CliRunner().invoke(main, ["cases", "import", str(path), "--service", "DERBY"])
    assert result.exit_code == 0, result.output

    assert _where_found() == []
    # What is kept is a record: file name, hash, mapping, counts; no rows once done.
    first.refresh_from_db()
    assert (first.status, first.created, first.kept_rows) == ("committed", 3, [])


def test_choosing_a_column_not_kept_needs_the_file_again(qa, derby):
    data = _csv(_rows("A"))
    resp = _upload(qa, derby, "one.csv", data)
    ci = CaseImport.objects.latest("pk")
    mapping_url = resp.url
    # The service adds a further attribute, and the person maps "Notes" to it.
    from yjaudit.cases.models import AttributeDefinition

    AttributeDefinition.objects.create(service=derby, key="note", label="Note")
    wanted = {**ci.mapping, "extra:note": "Notes"}
    page = qa.post(mapping_url, wanted)
    assert page.status_code == 200
    assert "needs the file again" in page.content.decode()
    other = qa.post(mapping_url, {**wanted, "file": SimpleUploadedFile("x.csv", b"a,b\n1,2\n")})
    assert "not the file you uploaded" in other.content.decode()
    done = qa.post(mapping_url, {**wanted, "file": SimpleUploadedFile("one.csv", data)})
    assert done.status_code == 302
    ci.refresh_from_db()
    assert "Notes" in ci.kept_columns and "Forename" not in ci.kept_columns
    # The person chose to map Notes, so it is kept; the other columns still are not.
    assert _where_found() == ["cases_caseimport.kept_rows"]
    assert MARK + " Forename" not in json.dumps(ci.kept_rows)


def test_apps_are_all_searched():
    """Guard against a table the raw search would miss (e.g. an unmanaged model)."""
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
    assert {m._meta.db_table for m in apps.get_models() if m._meta.managed} <= tables


@pytest.mark.django_db(transaction=True)
def test_the_migration_strips_files_already_stored():
    from django.db.migrations.executor import MigrationExecutor

    before = [("cases", "0002_case_reference_unique_ignoring_case")]
    after = [("cases", "0003_import_keeps_mapped_columns_only")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        service = old.get_model("organisations", "Service").objects.create(
            code="DERBY", name="Derby", nation="england"
        )
        old_import = old.get_model("cases", "CaseImport")
        data = _csv(_rows("A"))
        mapping = {"reference": "YOT Number", "disposal_type": "Outcome Type"}
        for status, content in (
            ("committed", data),
            ("discarded", data),
            ("uploaded", data),
            ("uploaded", b"\x00\x01 " + MARK.encode()),  # unreadable: discarded
        ):
            old_import.objects.create(
                service=service,
                filename="e.csv",
                file_format="csv",
                content=content,
                sha256="0" * 64,
                mapping=mapping,
                status=status,
            )
        assert "cases_caseimport.content" in _where_found()
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        assert _where_found() == []
        new = MigrationExecutor(connection).loader.project_state(after).apps
        imports = list(new.get_model("cases", "CaseImport").objects.order_by("pk"))
        assert [i.status for i in imports] == ["committed", "discarded", "uploaded", "discarded"]
        waiting = imports[2]
        assert waiting.kept_columns == ["YOT Number", "Outcome Type"]
        assert waiting.kept_rows[0] == [2, ["A1", "Referral Order"]]
        assert "Forename" in waiting.headers
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())  # every app, as before


def test_no_victims_name_or_address_is_kept_by_any_victims_journey(qa, derby, tmp_path, confirm):
    """The victims' register: names, addresses and phone numbers in the file are never
    stored, whether the import is committed (pages, CLI), refused (API) or a dry run."""
    from yjaudit.cases import services as case_services

    children = "YOT Number,Outcome Type,Order Start\nC1,Referral Order,01/02/2024\n"
    case_services.import_file(actor=None, service=derby, filename="c.csv", data=children.encode())
    header = "Victim reference,Victim name,Address,Phone,Linked case,Consent to contact"
    good = f"{header}\nV1,Ann {MARK},1 {MARK} Lane,0{MARK},C1,Yes\n".encode()
    bad = f"{header}\nV2,Bo {MARK},2 {MARK} Lane,,C9,Yes\n".encode()
    # Pages: upload, match, check, import.
    resp = qa.post(
        reverse("cases:import_victims_upload", args=[derby.code]),
        {"file": SimpleUploadedFile("v.csv", good)},
    )
    assert resp.status_code == 302
    check = resp.url.replace("/columns/", "/check/")
    assert (
        qa.post(
            resp.url,
            {
                "reference": "Victim reference",
                "linked_case": "Linked case",
                "consent_to_contact": "Consent to contact",
            },
        ).status_code
        == 302
    )
    assert confirm(qa, check, {"action": "import"}).status_code == 302
    assert Case.objects.get(reference="V1").victim.consent_to_contact is True
    # API: refused (unknown linked case), nothing written.
    resp = qa.post(
        "/api/v1/case-imports/",
        {"file": SimpleUploadedFile("v2.csv", bad), "service": derby.code, "kind": "victims"},
    )
    assert resp.status_code == 400
    # CLI: a dry run.
    path = tmp_path / "v3.csv"
    path.write_bytes(good)
    result = CliRunner().invoke(
        main,
        ["cases", "import", str(path), "--service", derby.code, "--kind", "victims", "--dry-run"],
    )
    assert result.exit_code == 0, result.output
    assert _where_found() == []


def test_a_check_run_as_a_job_keeps_no_unmapped_column(qa, derby, settings, confirm):
    """A large file's check is a job whose result is kept: it holds counts, problems by
    file, row and field, and the ignored columns' headings, never their cells."""
    settings.YJAUDIT_CASE_CHECK_JOB_FROM_ROWS = 1
    for name, rows in (("ok.csv", _rows("K")), ("bad.csv", _rows("L", disposal="Referal"))):
        assert _upload(qa, derby, name, _csv(rows)).status_code == 302
        upload = CaseImport.objects.latest("pk")
        mapping = reverse("cases:import_mapping", args=[derby.code, upload.pk])
        job_page = confirm(qa, mapping, upload.mapping)["Location"]
        assert job_page.startswith("/jobs/")
        page = qa.get(job_page).content.decode()
        assert "Forename" in page and MARK not in page  # the heading, never a cell
    from yjaudit.jobs.models import Job

    assert Job.objects.filter(kind="cases.import_check", status="done").count() == 2
    assert _where_found() == []
