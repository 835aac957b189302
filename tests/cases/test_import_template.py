"""The import pages list the expected columns (from fields.py) and offer a template in
CSV and Excel whose example row the import then accepts."""

import csv
import io
import re
from html import escape

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from yjaudit.cases import services
from yjaudit.cases.codes import codes
from yjaudit.cases.importing.fields import FIELDS, VICTIM_FIELDS
from yjaudit.cases.models import AttributeDefinition, Case, CaseImport, CaseKind
from yjaudit.organisations.models import Role

from .factories import make_people, make_service, make_user, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def service():
    s = make_service()
    make_people(s)
    return s


@pytest.fixture
def qa_client(client, service):
    return sign_in(client, make_user("qa", service, Role.QA_LEAD))


def _rows(body: str) -> list[str]:
    table = body[body.index('id="expected-columns"') :]
    return re.findall(
        r"<tr class=\"govuk-table__row\">(.*?)</tr>", table[: table.index("</table>")], re.S
    )[1:]


def test_the_page_lists_every_field_with_required_values_and_example(qa_client, service):
    body = qa_client.get(reverse("cases:import_upload", args=[service.code])).content.decode()
    rows = _rows(body)
    assert len(rows) == len(FIELDS)
    for f, row in zip(FIELDS, rows, strict=True):
        assert escape(str(f.label)) in row
        assert ("Required" if f.required else "Optional") in row.split("</td>")[1]
    disposal = rows[[f.key for f in FIELDS].index("disposal_type")]
    assert "One of: " + ", ".join(c.label for c in codes().disposal_types.codes) in disposal
    assert "dd/mm/yyyy" in rows[[f.key for f in FIELDS].index("start_date")]
    assert "North, South" in rows[[f.key for f in FIELDS].index("team")]
    assert reverse("cases:import_template", args=[service.code, "xlsx"]) in body
    assert reverse("cases:import_template", args=[service.code, "csv"]) in body


def test_the_victims_page_lists_the_victims_fields(qa_client, service):
    url = reverse("cases:import_victims_upload", args=[service.code])
    body = qa_client.get(url).content.decode()
    rows = _rows(body)
    assert all(escape(str(f.label)) in r for f, r in zip(VICTIM_FIELDS, rows, strict=True))
    assert len(rows) == len(VICTIM_FIELDS)
    assert reverse("cases:import_victims_template", args=[service.code, "csv"]) in body


def _download(client, name, service, fmt):
    response = client.get(reverse(name, args=[service.code, fmt]))
    assert response.status_code == 200
    assert f'.{fmt}"' in response["Content-Disposition"]
    return response.content


def _headers_and_rows(data: bytes, fmt: str) -> list[list[str]]:
    if fmt == "csv":
        return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(data)).active
    return [[c or "" for c in row] for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_template_round_trips_through_the_import(qa_client, service, fmt):
    AttributeDefinition.objects.create(
        service=service,
        key="mappa",
        label="MAPPA level",
        type="choice",
        choices=["1", "2", "3"],
        required=True,
    )
    data = _download(qa_client, "cases:import_template", service, fmt)
    table = _headers_and_rows(data, fmt)
    assert len(table) == 2 and len(table[0]) == len(FIELDS) + 1 and table[0][-1] == "MAPPA level"
    plan = services.import_file(actor=None, service=service, filename=f"t.{fmt}", data=data)
    assert (len(plan.creates), len(plan.rejects)) == (1, 0)
    case = Case.objects.get(reference="YJ/2025/0001")
    assert case.team.name == "North" and case.case_manager.name == "Alex Morgan"
    assert case.extra == {"mappa": "1"}
    # the victims' template links to that case and round-trips too
    victims = _download(qa_client, "cases:import_victims_template", service, fmt)
    plan = services.import_file(
        actor=None, service=service, filename=f"v.{fmt}", data=victims, kind=CaseKind.VICTIMS
    )
    assert (len(plan.creates), len(plan.rejects)) == (1, 0)
    assert Case.objects.get(kind=CaseKind.VICTIMS).victim.linked_case == case


def test_a_service_with_no_teams_or_staff_still_gets_a_template_it_accepts(client):
    bare = make_service("BARE", "Bare YJS")
    sign_in(client, make_user("lead", bare, Role.QA_LEAD))
    data = _download(client, "cases:import_template", bare, "csv")
    plan = services.import_file(actor=None, service=bare, filename="t.csv", data=data)
    assert (len(plan.creates), len(plan.rejects)) == (1, 0)


def test_the_page_journey_accepts_the_template(qa_client, service, confirm):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = _download(qa_client, "cases:import_template", service, "xlsx")
    upload = qa_client.post(
        reverse("cases:import_upload", args=[service.code]),
        {"file": SimpleUploadedFile("template.xlsx", data)},
    )
    assert upload.status_code == 302
    # every field is matched to its template column without the user choosing
    case_import = CaseImport.objects.get()
    assert set(case_import.mapping) == {f.key for f in FIELDS}
    mapped = qa_client.post(upload.url, case_import.mapping)
    assert mapped.status_code == 302
    preview = qa_client.get(mapped.url).content.decode()
    assert "There is a problem" not in preview
    done = confirm(qa_client, mapped.url, {"action": "import"})
    assert done.status_code == 302 and done.url.startswith("/jobs/")
    assert reverse("cases:list") in qa_client.get(done.url).content.decode()
    assert Case.objects.filter(reference="YJ/2025/0001", service=service).exists()


def test_bad_format_is_404_and_an_auditor_is_refused(client, service):
    sign_in(client, make_user("qa2", service, Role.QA_LEAD))
    assert (
        client.get(reverse("cases:import_template", args=[service.code, "pdf"])).status_code == 404
    )
    client.logout()
    sign_in(client, make_user("aud", service, Role.AUDITOR))
    assert (
        client.get(reverse("cases:import_template", args=[service.code, "csv"])).status_code == 403
    )
