"""The victims' register: imported by the case register's own machinery, never a name."""

import json
import re

import pytest
from click.testing import CliRunner

from yjaudit.audittrail.models import AuditEvent
from yjaudit.cases import services
from yjaudit.cases.models import Case, CaseImport, CaseKind, ImportMapping, VictimDetails
from yjaudit.cli.main import main

from .factories import make_people, make_service, make_user, sign_in

pytestmark = pytest.mark.django_db

CHILDREN = (
    "YOT Number,Case Worker,Outcome Type,Order Start,Order End\n"
    "Y1,Alex Morgan,Referral Order,03/04/2024,\n"
    "Y2,Sam Patel,Youth Caution,2024-02-01,2024-08-01\n"
)
VICTIMS = (
    "Victim reference,Victim name,Address,Linked case,Consent to contact,RJ offered,RJ taken up\n"
    "V1,Pat Quill,1 High St,Y1,Yes,Yes,No\n"
    "V2,Robin Vane,2 Low Rd,y2,No,No,\n"
)


@pytest.fixture
def service():
    s = make_service()
    make_people(s)
    services.import_file(actor=None, service=s, filename="c.csv", data=CHILDREN.encode())
    return s


@pytest.fixture
def user(service):
    return make_user("qa", service)


def test_victims_import_links_cases_and_stores_no_names(service, user):
    plan = services.import_file(
        actor=user, service=service, filename="v.csv", data=VICTIMS.encode(), kind="victims"
    )
    assert (len(plan.creates), len(plan.rejects)) == (2, 0)
    assert set(plan.identifying_columns) == {"Victim name", "Address"}
    v1 = Case.objects.get(reference="V1")
    assert v1.kind == CaseKind.VICTIMS
    assert v1.victim.linked_case.reference == "Y1"
    assert (v1.victim.consent_to_contact, v1.victim.rj_offered, v1.victim.rj_taken_up) == (
        True,
        True,
        False,
    )
    # The victim's case follows its child's case: dates, disposal, case manager.
    y1 = Case.objects.get(reference="Y1")
    assert (v1.start_date, v1.disposal_type, v1.case_manager_id) == (
        y1.start_date,
        y1.disposal_type,
        y1.case_manager_id,
    )
    assert Case.objects.get(reference="V2").victim.linked_case.reference == "Y2"
    assert v1.case_attributes()["consent_to_contact"] == "yes"
    # No name or address anywhere in the register or the trail.
    dumped = json.dumps(list(AuditEvent.objects.values("before", "after")))
    assert "Pat Quill" not in dumped and "High St" not in dumped
    # The children's mapping is kept beside the victims' one.
    remembered = ImportMapping.objects.get(service=service).mapping
    assert remembered["reference"] == "YOT Number"
    assert remembered["victims:reference"] == "Victim reference"


def test_unknown_linked_case_rejects_the_whole_file(service, user):
    bad = VICTIMS + "V3,,,Y9,Maybe,No,Yes\n"
    with pytest.raises(services.ImportRejected) as caught:
        services.import_file(
            actor=user, service=service, filename="v.csv", data=bad.encode(), kind="victims"
        )
    problems = {(p.row, p.column) for p in caught.value.plan.problems}
    assert problems == {
        (4, "Linked case"),
        (4, "Consent to contact"),
        (4, "RJ taken up"),
    }
    assert not Case.objects.filter(kind=CaseKind.VICTIMS).exists()
    assert not VictimDetails.objects.exists()


def test_a_victims_reference_may_not_be_a_childs(service, user):
    bad = "Victim reference,Linked case\nY2,Y1\n"
    with pytest.raises(services.ImportRejected) as caught:
        services.import_file(
            actor=user, service=service, filename="v.csv", data=bad.encode(), kind="victims"
        )
    assert [p.column for p in caught.value.plan.problems] == ["Victim reference"]


def test_reimport_updates_victim_details(service, user):
    services.import_file(
        actor=user, service=service, filename="v.csv", data=VICTIMS.encode(), kind="victims"
    )
    changed = VICTIMS.replace("V1,Pat Quill,1 High St,Y1,Yes,Yes,No", "V1,,,Y1,Yes,Yes,Yes")
    plan = services.import_file(
        actor=user, service=service, filename="v.csv", data=changed.encode(), kind="victims"
    )
    assert [u.outcome.reference for u in plan.updates] == ["V1"]
    assert plan.updates[0].changes == {"rj_taken_up": (False, True)}
    assert Case.objects.get(reference="V1").victim.rj_taken_up is True


def test_victims_pages_upload_map_check_import(client, service, user, confirm):
    sign_in(client, user)
    response = client.get(f"/cases/{service.code}/import/victims/")
    assert response.status_code == 200
    assert "Import victims" in response.content.decode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("v.csv", VICTIMS.encode(), content_type="text/csv")
    response = client.post(f"/cases/{service.code}/import/victims/", {"file": upload})
    assert response.status_code == 302
    case_import = CaseImport.objects.get(kind="victims")
    assert "Pat Quill" not in json.dumps(case_import.kept_rows)
    mapping_page = client.get(response.url)
    assert "Linked child" in mapping_page.content.decode()
    preview = f"/cases/{service.code}/import/{case_import.pk}/check/"
    assert client.get(preview).status_code == 200
    response = confirm(client, preview, {"action": "import"})
    assert response.status_code == 302
    assert Case.objects.filter(kind=CaseKind.VICTIMS).count() == 2


def test_victims_api_and_cli(client, service, user, tmp_path):
    sign_in(client, user)
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("v.csv", (VICTIMS + "V3,,,Y9,,,\n").encode())
    response = client.post(
        "/api/v1/case-imports/", {"file": bad, "service": service.code, "kind": "victims"}
    )
    assert response.status_code == 400
    assert response.json()["problems"][0]["column"] == "Linked case"
    path = tmp_path / "v.csv"
    path.write_text(VICTIMS)
    result = CliRunner().invoke(
        main, ["cases", "import", str(path), "--service", service.code, "--kind", "victims"]
    )
    assert result.exit_code == 0, result.output
    assert "2 cases were created" in result.output


def test_the_case_list_filters_by_register(client, service, user):
    services.import_file(
        actor=user, service=service, filename="v.csv", data=VICTIMS.encode(), kind="victims"
    )
    sign_in(client, user)
    page = client.get("/cases/?kind=victims").content.decode()
    listed = set(re.findall(r'href="/cases/\d+/">([^<]+)</a>', page))
    assert listed == {"V1", "V2"}
    everything = client.get("/cases/").content.decode()
    assert set(re.findall(r'href="/cases/\d+/">([^<]+)</a>', everything)) == {
        "V1",
        "V2",
        "Y1",
        "Y2",
    }
    detail = client.get(f"/cases/{Case.objects.get(reference='V1').pk}/").content.decode()
    assert "Linked child" in detail and "Y1" in detail
