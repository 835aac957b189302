"""Imports against the database: all or nothing, re-import updates, audit trail."""

import pytest

from yjaudit.audittrail.models import AuditEvent
from yjaudit.cases import services
from yjaudit.cases.importing.reader import ImportFileError
from yjaudit.cases.models import AttributeDefinition, Case, CaseImport, ImportMapping

from .factories import make_people, make_service, make_user

pytestmark = pytest.mark.django_db

HEADER = (
    "YOT Number,Forename,Team,Case Worker,Outcome Type,"
    "Order Start,Order End,RoSH,Gender,Ethnicity\n"
)
GOOD = (
    HEADER
    + "Y1,Jo,North,Alex Morgan,Referral Order,03/04/2024,,Medium,M,White British\n"
    + "Y2,Kim,South,Sam Patel,DTO,2024-02-01,2024-08-01,High,Male,Black African\n"
    + "Y3,Lee,,Sam Patel,Youth Caution,10/01/2024,,Low,F,Mixed\n"
)


@pytest.fixture
def service():
    s = make_service()
    make_people(s)
    return s


@pytest.fixture
def user(service):
    return make_user("qa", service)


def test_clean_file_creates_cases_and_records_who(service, user):
    plan = services.import_file(actor=user, service=service, filename="e.csv", data=GOOD.encode())
    assert (len(plan.creates), len(plan.updates), len(plan.rejects)) == (3, 0, 0)
    assert plan.identifying_columns == ["Forename"]
    y2 = Case.objects.get(reference="Y2")
    assert (y2.setting, y2.disposal_category, y2.resettlement) == ("custody", "court", True)
    assert y2.team.name == "South" and y2.case_manager.name == "Sam Patel"
    y3 = Case.objects.get(reference="Y3")
    assert y3.team.name == "South"  # from the case manager's team
    assert y3.disposal_category == "out-of-court"
    # No name is stored anywhere.
    assert not any(v == "Jo" for c in Case.objects.all() for v in c.case_attributes().values())
    events = AuditEvent.objects.filter(service=service)
    assert events.filter(action="case.create").count() == 3
    commit = events.get(action="case_import.commit")
    assert commit.after["created"] == 3 and commit.actor == user
    assert ImportMapping.objects.get(service=service).mapping["reference"] == "YOT Number"


def test_reimport_updates_by_reference_with_before_and_after(service, user):
    services.import_file(actor=user, service=service, filename="e.csv", data=GOOD.encode())
    changed = GOOD.replace("03/04/2024,,Medium", "03/04/2024,01/10/2024,High")
    plan = services.import_file(
        actor=user, service=service, filename="e.csv", data=changed.encode()
    )
    assert (len(plan.creates), len(plan.updates), len(plan.unchanged)) == (0, 1, 2)
    y1 = Case.objects.get(reference="Y1")
    assert y1.rosh == "high" and y1.end_date.isoformat() == "2024-10-01"
    event = AuditEvent.objects.get(action="case.update")
    assert event.before["rosh"] == "medium" and event.after["rosh"] == "high"


@pytest.mark.parametrize(
    ("bad_row", "column", "message"),
    [
        ("Y4,Al,North,Alex Morgan,YRO,31/13/2024,,Low,M,White", "Order Start", "not a real date"),
        ("Y1,Al,North,Alex Morgan,YRO,01/01/2024,,Low,M,White", "YOT Number", "also on row 2"),
        ("Y4,Al,West,Alex Morgan,YRO,01/01/2024,,Low,M,White", "Team", "no team “West”"),
        ("Y4,Al,North,Pat Doe,YRO,01/01/2024,,Low,M,White", "Case Worker", "no case manager"),
        (
            "Y4,Al,North,Alex Morgan,Fine,01/01/2024,,Low,M,White",
            "Outcome Type",
            "unknown disposal",
        ),
        ("Y4,Al,North,Alex Morgan,YRO,01/01/2024,,Severe,M,White", "RoSH", "unknown RoSH"),
        ("Y4,Al,North,Alex Morgan,YRO,01/01/2024,,Low,Q,White", "Gender", "unknown sex"),
    ],
)
def test_any_bad_row_writes_nothing(service, user, bad_row, column, message):
    data = (GOOD + bad_row + "\n").encode()
    with pytest.raises(services.ImportRejected) as exc:
        services.import_file(actor=user, service=service, filename="e.csv", data=data)
    problems = exc.value.plan.problems
    assert len(problems) == 1
    assert problems[0].row == 5 and problems[0].column == column
    assert message in problems[0].message
    assert problems[0].format("e.csv").startswith(f"e.csv:5:{column}: ")
    assert Case.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="case").exists()


def test_missing_required_column_is_a_file_problem(service, user):
    data = GOOD.replace("Order Start", "Begun").encode()
    with pytest.raises(services.ImportRejected) as exc:
        services.import_file(actor=user, service=service, filename="e.csv", data=data)
    assert "No column is chosen for Start date" in exc.value.plan.problems[0].message
    assert Case.objects.count() == 0


def test_wrong_columns_entirely(service, user):
    with pytest.raises(services.ImportRejected) as exc:
        services.import_file(
            actor=user, service=service, filename="e.csv", data=b"Colour,Size\nred,9\n"
        )
    assert len(exc.value.plan.problems) == 3  # reference, disposal type, start date
    assert Case.objects.count() == 0


def test_unreadable_file_writes_nothing(service, user):
    with pytest.raises(ImportFileError):
        services.start_import(actor=user, service=service, filename="e.xlsx", data=GOOD.encode())
    assert not CaseImport.objects.exists()


def test_dry_run_writes_nothing(service, user):
    plan = services.import_file(
        actor=user, service=service, filename="e.csv", data=GOOD.encode(), dry_run=True
    )
    assert len(plan.creates) == 3
    assert Case.objects.count() == 0


def test_staged_upload_then_commit(service, user):
    ci = services.start_import(actor=user, service=service, filename="e.csv", data=GOOD.encode())
    assert ci.mapping["reference"] == "YOT Number"
    plan = services.preview_import(ci)
    assert len(plan.creates) == 3
    services.commit_import(actor=user, case_import=ci)
    ci.refresh_from_db()
    assert (ci.status, ci.created) == ("committed", 3)
    with pytest.raises(services.ImportAlreadyCommitted):
        services.commit_import(actor=user, case_import=ci)


def test_service_attributes_validated(service, user):
    AttributeDefinition.objects.create(
        service=service,
        key="mappa_level",
        label="MAPPA level",
        type="choice",
        choices=["1", "2", "3"],
        required=False,
    )
    data = GOOD.replace("Ethnicity\n", "Ethnicity,MAPPA level\n", 1)
    lines = data.splitlines()
    lines[1] += ",2"
    lines[2] += ",4"
    lines[3] += ","
    with pytest.raises(services.ImportRejected) as exc:
        services.import_file(
            actor=user, service=service, filename="e.csv", data="\n".join(lines).encode()
        )
    [problem] = exc.value.plan.problems
    assert (problem.row, problem.column) == (3, "MAPPA level")
    lines[2] = lines[2][:-1] + "3"
    services.import_file(
        actor=user, service=service, filename="e.csv", data="\n".join(lines).encode()
    )
    assert Case.objects.get(reference="Y1").case_attributes()["mappa_level"] == "2"


def test_other_services_cases_are_not_touched(service, user):
    other = make_service("LEEDS", "Leeds YJS")
    make_people(other)
    services.import_file(actor=user, service=other, filename="e.csv", data=GOOD.encode())
    plan = services.import_file(actor=user, service=service, filename="e.csv", data=GOOD.encode())
    assert len(plan.creates) == 3
    assert Case.objects.filter(reference="Y1").count() == 2
