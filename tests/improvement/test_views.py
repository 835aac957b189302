"""Pages: create a plan, add a recommendation and actions, progress, approval, lists."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from yjaudit.accounts.testing import make_user, verified_login
from yjaudit.improvement import services
from yjaudit.improvement.models import Action, ImprovementPlan, Recommendation, Status

from . import fakes
from .coventry import build_xlsx

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def client(manager: Any) -> Client:
    return verified_login(Client(), manager)


def _date(prefix: str, d: dt.date) -> dict[str, str]:
    return {f"{prefix}_0": str(d.day), f"{prefix}_1": str(d.month), f"{prefix}_2": str(d.year)}


def test_the_plan_journey_through_the_pages(
    client: Client, service: Any, manager_staff: Any, settings: Any
) -> None:
    response = client.post(
        reverse("plans:create", kwargs={"service_code": service.code}),
        {
            "title": "Inspection plan 2026",
            "source_kind": "inspection",
            "inspection_name": "Youth justice inspection",
            **_date("published_on", dt.date(2026, 10, 1)),
        },
    )
    plan = ImprovementPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/plans/{plan.pk}/"
    assert plan.submission_due == dt.date(2026, 10, 29)
    client.post(
        reverse("plans:recommendation_add", kwargs={"pk": plan.pk}),
        {"text": "Improve oversight", "owner_role": "YOS Manager"},
    )
    rec = plan.recommendations.get()
    client.post(
        reverse("plans:action_add", kwargs={"pk": plan.pk}),
        {
            "recommendation": rec.pk,
            "description": "Workshop on oversight",
            "timescale": "November",
            **_date("due_date", dt.date(2026, 11, 30)),
            "lead_staff": manager_staff.pk,
            "lead_organisation": "YOS",
            "expected_outcome": "Managers sign off every plan",
        },
    )
    action = Action.objects.get()
    response = client.post(
        reverse("plans:action_add", kwargs={"pk": plan.pk}),
        {"recommendation": rec.pk, "parent": action.pk, "description": "Audit two per worker"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("plans:progress_add", kwargs={"pk": action.pk}),
        {
            "status": "in_progress",
            "note": "Dates set",
            "evidence": SimpleUploadedFile("register.pdf", PDF),
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == Status.IN_PROGRESS
    page = client.get(reverse("plans:detail", kwargs={"pk": plan.pk})).content.decode()
    for text in (
        "Improve oversight",
        "1.1",
        "Workshop on oversight",
        "YOS Ops Manager",
        "Dates set",
    ):
        assert text in page
    settings.YJAUDIT_PLAN_TODAY = "2026-12-01"
    page = client.get(reverse("plans:detail", kwargs={"pk": plan.pk})).content.decode()
    assert "Overdue" in page
    assert "Workshop on oversight" in client.get(reverse("plans:overdue")).content.decode()
    assert "Workshop on oversight" in client.get(reverse("plans:my_actions")).content.decode()


def test_a_bad_evidence_file_is_an_error_on_the_field(
    client: Client, inspection_plan: Any, manager: Any
) -> None:
    rec = services.add_recommendation(actor=manager, plan=inspection_plan, text="R")
    act = services.add_action(
        actor=manager, plan=inspection_plan, recommendation=rec, description="A"
    )
    response = client.post(
        reverse("plans:progress_add", kwargs={"pk": act.pk}),
        {"status": "completed", "evidence": SimpleUploadedFile("x.pdf", b"MZ not a pdf")},
    )
    assert response.status_code == 200
    assert "is not a real PDF file" in response.content.decode()
    act.refresh_from_db()
    assert act.status == Status.NOT_STARTED and not act.updates.exists()


def test_import_page_lists_problems_by_file_row_and_column(
    client: Client, inspection_plan: Any
) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["", "Action", "Timescale", "Lead", "Outcome", "Progress"])
    ws.append(["1", "Before any heading", "", "", "", ""])
    buffer = io.BytesIO()
    wb.save(buffer)
    url = reverse("plans:import", kwargs={"pk": inspection_plan.pk})
    response = client.post(url, {"file": SimpleUploadedFile("old.xlsx", buffer.getvalue())})
    assert response.status_code == 200
    assert "old.xlsx:2:-: An action needs a recommendation" in response.content.decode()
    assert not inspection_plan.actions.exists()
    response = client.post(url, {"file": SimpleUploadedFile("cov.xlsx", build_xlsx())})
    assert response.status_code == 302
    assert inspection_plan.actions.count() == 17


@pytest.mark.parametrize(("fmt", "magic"), [("xlsx", b"PK"), ("docx", b"PK"), ("pdf", b"%PDF")])
def test_exports_download(client: Client, inspection_plan: Any, fmt: str, magic: bytes) -> None:
    response = client.get(reverse("plans:export", kwargs={"pk": inspection_plan.pk, "fmt": fmt}))
    assert response.status_code == 200
    assert response.content.startswith(magic)
    assert f'.{fmt}"' in response["Content-Disposition"]
    assert client.get(f"/plans/{inspection_plan.pk}/export/exe/").status_code == 404


def test_practitioners_record_progress_only_on_actions_they_lead(
    inspection_plan: Any, manager: Any, service: Any
) -> None:
    from yjaudit.organisations.models import StaffMember

    prac = make_user("prac@cov.example", service=service, roles=["practitioner"])
    own = StaffMember.objects.create(service=service, name="Pat", user=prac)
    rec = services.add_recommendation(actor=manager, plan=inspection_plan, text="R")
    mine = services.add_action(
        actor=manager, plan=inspection_plan, recommendation=rec, description="A", lead_staff=own
    )
    theirs = services.add_action(
        actor=manager, plan=inspection_plan, recommendation=rec, description="B"
    )
    client = verified_login(Client(), prac)
    assert client.get(reverse("plans:progress_add", kwargs={"pk": mine.pk})).status_code == 200
    assert client.get(reverse("plans:progress_add", kwargs={"pk": theirs.pk})).status_code == 403
    assert client.get(reverse("plans:action_edit", kwargs={"pk": mine.pk})).status_code == 403


def test_approval_page_shows_the_kept_version(client: Client, inspection_plan: Any) -> None:
    rec = Recommendation.objects.create(plan=inspection_plan, position=1, text="Plan well")
    for number, status in ((1, Status.IN_PROGRESS), (2, Status.NOT_STARTED)):
        Action.objects.create(
            plan=inspection_plan, recommendation=rec, number=number, status=status
        )
    url = reverse("plans:approval_add", kwargs={"pk": inspection_plan.pk})
    response = client.post(
        url,
        {
            "approved_by": "YJ Management Board",
            **_date("approved_on", dt.date(2016, 9, 1)),
            "minute_reference": "YJMB 16/42",
        },
    )
    assert response.status_code == 302
    approval = inspection_plan.approvals.get()
    page = client.get(reverse("plans:approval", kwargs={"pk": approval.pk})).content.decode()
    assert "Version 1, as approved" in page and "YJMB 16/42" in page
    assert "&quot;title&quot;: &quot;CYOS SQS Action Plan 2016&quot;" in page
    # Each action's status in words in the table; the code only in the JSON copy.
    statuses = {a["status"] for r in approval.snapshot["recommendations"] for a in r["actions"]}
    assert statuses, "the plan has actions with a status"
    table = page.split("The version as data (JSON)")[0]
    for code in statuses:
        assert f">{code}<" not in table, code
        assert f">{dict(Status.choices)[code]}<" in table


def test_impact_and_findings_from_round_results(
    client: Client, service: Any, manager: Any, audit_round: Any, edition: Any
) -> None:
    from .conftest import make_round

    spec = edition.spec()
    later = make_round(service, edition, "Quarter 3 2026", dt.date(2026, 9, 30))
    make_round(service, edition, "Quarter 4 2025", dt.date(2025, 12, 31))  # before baseline
    fakes.RESULTS[audit_round.pk] = fakes.scored(spec, 10, 9, low={"2.1.1": 4})
    fakes.RESULTS[later.pk] = fakes.scored(spec, 12, 11, low={"2.1.1": 9})
    plan = services.create_plan(
        actor=manager,
        service=service,
        title="Q1 plan",
        source_kind="self-audit",
        audit_round=audit_round,
    )
    rec = services.add_recommendation(actor=manager, plan=plan, text="Assessment", concerns=["2.1"])
    services.add_action(
        actor=manager, plan=plan, recommendation=rec, description="Workshop", measures=["2.1.1"]
    )
    response = client.post(reverse("plans:findings_pull", kwargs={"pk": plan.pk}))
    assert response.status_code == 302
    improvements = list(plan.findings.filter(kind="improvement").values_list("text", flat=True))
    assert improvements == [
        "2.1.1 Less than half of the relevant cases (40%, 4 of 10): Does the assessment "
        "analyse well "
        "enough how to support the child's desistance?"
    ]
    assert plan.findings.filter(kind="strength").exists()
    # Pulling again adds nothing twice.
    before = plan.findings.count()
    client.post(reverse("plans:findings_pull", kwargs={"pk": plan.pk}))
    assert plan.findings.count() == before
    page = client.get(reverse("plans:detail", kwargs={"pk": plan.pk})).content.decode()
    table = page[page.index('id="impact-211"') :]
    table = table[: table.index("</table>")]
    assert "Quarter 1 2026" in table and "Baseline" in table and "Quarter 3 2026" in table
    assert "Quarter 4 2025" not in table
    assert "40%" in table and "75%" in table  # 4/10, then 9/12
    assert "16.8% &ndash; 68.7%" in table  # Wilson 95% interval of 4/10


def test_the_submission_deadline_is_editable_per_plan(
    client: Client, inspection_plan: Any, settings: Any
) -> None:
    settings.YJAUDIT_PLAN_TODAY = "2016-09-20"
    detail = reverse("plans:detail", kwargs={"pk": inspection_plan.pk})
    assert "Not submitted: late" in client.get(detail).content.decode()
    url = reverse("plans:edit", kwargs={"pk": inspection_plan.pk})
    form = client.get(url).content.decode()
    assert 'name="submission_due_2" type="text" inputmode="numeric" value="2016"' in form
    response = client.post(
        url,
        {
            "title": inspection_plan.title,
            "source_kind": "inspection",
            "inspection_name": inspection_plan.inspection_name,
            **_date("published_on", dt.date(2016, 8, 10)),
            **_date("submission_due", dt.date(2016, 10, 3)),
            **_date("submitted_on", dt.date(2016, 9, 30)),
        },
    )
    assert response.status_code == 302
    inspection_plan.refresh_from_db()
    assert inspection_plan.submission_due == dt.date(2016, 10, 3)
    assert "Submitted 30 September 2016" in client.get(detail).content.decode()


def test_a_write_the_service_refuses_shows_its_error_on_the_form(
    client: Client, inspection_plan: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(**_: Any) -> None:
        raise ValidationError({"text": "Refused by the service's own rule"})

    monkeypatch.setattr(services, "add_recommendation", refuse)
    response = client.post(
        reverse("plans:recommendation_add", kwargs={"pk": inspection_plan.pk}),
        {"text": "Improve planning", "owner_role": "YOS Manager"},
    )
    assert response.status_code == 200  # the form again, not a redirect
    page = response.content.decode()
    assert "Refused by the service&#x27;s own rule" in page
    assert "govuk-error-summary" in page
    assert not inspection_plan.recommendations.exists()


def test_a_board_member_sees_no_small_cell_in_did_it_work(
    client: Client, service: Any, manager: Any, audit_round: Any, edition: Any
) -> None:
    """Aggregate means aggregate on the plan page too: a round's figure from fewer cases
    than the disclosure minimum (5) is not shown to a reader without case access."""
    from yjaudit.accounts.testing import make_user

    from .conftest import make_round

    spec = edition.spec()
    later = make_round(service, edition, "Quarter 3 2026", dt.date(2026, 9, 30))
    fakes.RESULTS[audit_round.pk] = fakes.scored(spec, 10, 9, low={"2.1.1": 4})
    fakes.RESULTS[later.pk] = fakes.scored(spec, 3, 2, low={"2.1.1": 2})  # three cases
    plan = services.create_plan(
        actor=manager,
        service=service,
        title="Q1 plan",
        source_kind="self-audit",
        audit_round=audit_round,
    )
    rec = services.add_recommendation(actor=manager, plan=plan, text="Assessment")
    services.add_action(
        actor=manager, plan=plan, recommendation=rec, description="Workshop", measures=["2.1.1"]
    )
    url = reverse("plans:detail", kwargs={"pk": plan.pk})

    def impact_table(page: str) -> str:
        table = page[page.index('id="impact-211"') :]
        return table[: table.index("</table>")]

    manager_view = impact_table(client.get(url).content.decode())
    assert "40%" in manager_view and "67%" in manager_view  # 4 of 10, then 2 of 3
    board = make_user("board@cov.example", service=service, roles=["board_member"])
    client.force_login(board)  # board members need no two-factor
    board_view = impact_table(client.get(url).content.decode())
    assert "40%" in board_view  # ten cases: shown
    assert "67%" not in board_view and "Not shown: fewer than 5 cases." in board_view
