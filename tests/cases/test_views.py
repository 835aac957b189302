"""Register pages: list, filters, detail, export, and the import journey."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from yjaudit.cases.models import Case, CaseImport
from yjaudit.organisations.models import Role, StaffMember

from .factories import make_caseload, make_people, make_service, make_user, sign_in

pytestmark = pytest.mark.django_db

MESSY = (
    "YOT Number,Forename,Team,Case Worker,Outcome Type,Order Start,RoSH,Gender,Ethnicity\n"
    "Y1,Jo,North,Alex Morgan,Referral Order,03/04/2024,Medium,M,White British\n"
    "Y2,Kim,North,Alex Morgan,Referal,2024-02-01,High,Male,Black African\n"
    "Y3,Lee,,Sam Patel,Youth Caution,10/13/2024,Low,F,Mixed\n"
)


@pytest.fixture
def service():
    s = make_service()
    make_people(s)
    return s


@pytest.fixture
def qa_client(client, service):
    return sign_in(client, make_user("qa", service, Role.QA_LEAD))


def test_list_filters_and_paginates(qa_client, service):
    make_caseload(service, 120)
    page = qa_client.get(reverse("cases:list"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "120 cases" in body
    assert 'aria-current="page"' in body  # pagination (50 a page)
    court = Case.objects.filter(disposal_category="court").count()
    filtered = qa_client.get(reverse("cases:list"), {"disposal_category": "court"})
    assert f"{court} cases" in filtered.content.decode()
    one = qa_client.get(reverse("cases:list"), {"q": "DERBY-0007"})
    assert "1 case<" in one.content.decode()
    second = qa_client.get(reverse("cases:list"), {"page": 2})
    assert second.status_code == 200


def test_detail_shows_no_name_field(qa_client, service):
    [case] = make_caseload(service, 1)
    page = qa_client.get(reverse("cases:detail", args=[case.pk]))
    assert page.status_code == 200
    assert case.reference in page.content.decode()
    assert not any(f.name in {"name", "first_name", "surname"} for f in Case._meta.get_fields())


def test_import_journey_rejects_then_imports_fixed_file(qa_client, service, confirm):
    upload_url = reverse("cases:import_upload", args=[service.code])
    page = qa_client.get(upload_url)
    assert page.status_code == 200
    resp = qa_client.post(upload_url, {"file": _file("export.csv", MESSY.encode())})
    assert resp.status_code == 302
    ci = CaseImport.objects.get()
    mapping = qa_client.get(resp.url)
    assert mapping.status_code == 200
    assert 'value="YOT Number" selected' in mapping.content.decode()
    resp = qa_client.post(resp.url, {**ci.mapping})
    assert resp.status_code == 302
    preview = qa_client.get(resp.url).content.decode()
    assert "The file has 2 problems" in preview
    assert "unknown disposal type “Referal”" in preview
    assert "“10/13/2024” is not a real date" in preview
    assert "Forename" in preview  # named as ignored
    assert "Import these cases" not in preview
    # Posting anyway writes nothing.
    confirm(qa_client, resp.url, {"action": "import"})
    assert Case.objects.count() == 0
    fixed = MESSY.replace("Referal", "Referral order").replace("10/13/2024", "13/10/2024")
    resp = qa_client.post(upload_url, {"file": _file("export.csv", fixed.encode())})
    ci2 = CaseImport.objects.latest("pk")
    assert ci2.mapping["reference"] == "YOT Number"
    preview_url = reverse("cases:import_preview", args=[service.code, ci2.pk])
    assert "Import these cases" in qa_client.get(preview_url).content.decode()
    done = confirm(qa_client, preview_url, {"action": "import"})
    assert done.status_code == 302
    assert Case.objects.count() == 3


def test_upload_problems_shown_on_the_form(qa_client, service, settings):
    upload_url = reverse("cases:import_upload", args=[service.code])
    from openpyxl import Workbook

    wb = Workbook()
    buf = io.BytesIO()
    wb.save(buf)
    page = qa_client.post(upload_url, {"file": _file("export.csv", buf.getvalue())})
    assert page.status_code == 200
    assert "named .csv but its content is an Excel workbook" in page.content.decode()
    settings.YJAUDIT_IMPORT_MAX_BYTES = 1024
    page = qa_client.post(upload_url, {"file": _file("export.csv", b"a" * 2048)})
    assert "larger than" in page.content.decode()
    assert not CaseImport.objects.exists()


def test_export_neutralises_formulas(qa_client, service):
    Case.objects.create(
        service=service,
        reference="R1",
        disposal_type="yro",
        disposal_category="court",
        setting="community",
        start_date="2024-01-01",
    )
    StaffMember.objects.filter(name="Alex Morgan").update(name='=HYPERLINK("http://x")')
    Case.objects.update(case_manager=StaffMember.objects.get(name__startswith="="))
    body = qa_client.get(reverse("cases:export", args=["csv"])).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[1][3] == '\'=HYPERLINK("http://x")'
    xlsx = qa_client.get(reverse("cases:export", args=["xlsx"])).content
    ws = load_workbook(io.BytesIO(xlsx)).active
    assert ws.cell(row=2, column=4).value == '\'=HYPERLINK("http://x")'
    assert ws.cell(row=2, column=4).data_type == "s"


def _file(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_user_with_roles_in_two_services_sees_both_and_can_filter(client):
    from yjaudit.organisations.models import RoleGrant

    derby, leeds = make_service("DERBY", "Derby YJS"), make_service("LEEDS", "Leeds YJS")
    make_caseload(derby, 3, seed=1)
    make_caseload(leeds, 4, seed=2)
    user = make_user("both", derby, Role.INSPECTOR)
    RoleGrant.objects.create(user=user, service=leeds, role=Role.INSPECTOR)
    sign_in(client, user)
    body = client.get(reverse("cases:list")).content.decode()
    assert "7 cases" in body and "Service</a></th>" in body
    only = client.get(reverse("cases:list"), {"service": leeds.pk}).content.decode()
    assert "4 cases" in only and "DERBY-" not in only
