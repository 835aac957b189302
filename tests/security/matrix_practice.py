"""Role matrix entries for National Standards compliance and risk forums (written out by
hand, not read from the permission table)."""

from __future__ import annotations

from typing import Any

from .matrix import SIGNED_IN, Expect, World, roles

# Figures: board members see the service's aggregate, practitioners their own cases.
VIEW = roles("administrator", "qa_lead", "manager", "practitioner", "board_member", "inspector")
# Case references (missed cases, uncovered cases, one-to-one sheets): no board members.
CASES = roles("administrator", "qa_lead", "manager", "practitioner", "inspector")
MANAGE = roles("administrator", "qa_lead")
API = {"version": "v1"}


def _service(w: World) -> dict[str, Any]:
    return {"service_code": w.service.code}


def _sheet(w: World) -> dict[str, Any]:
    # The practitioner's own staff member: practitioners may open their own sheet.
    return {"service_code": w.service.code, "staff_pk": w.own_staff.pk}


def _batch(w: World) -> dict[str, Any]:
    from yjaudit.cases.services import create_case
    from yjaudit.practice import services

    create_case(
        actor=None,
        service=w.service,
        data={"reference": "PRAC-MATRIX-1", "disposal_type": "yro", "start_date": "2025-01-06"},
    )
    batch = services.start_import(
        actor=None,
        service=w.service,
        kind="events",
        filename="e.csv",
        data=b"reference,event type,date\nPRAC-MATRIX-1,contact,2025-01-07\n",
    )
    return {"service_code": w.service.code, "pk": batch.pk}


ENTRIES: dict[str, Expect] = {
    "practice:index": Expect(get=SIGNED_IN),
    "practice:figures": Expect(get=VIEW, kwargs=_service),
    "practice:rule": Expect(
        get=VIEW, kwargs=lambda w: {**_service(w), "rule_id": "assessment-referral-order"}
    ),
    "practice:summary": Expect(get=VIEW, kwargs=_service),
    "practice:summary_download": Expect(get=VIEW, kwargs=lambda w: {**_service(w), "fmt": "docx"}),
    "practice:sheet": Expect(get=CASES, kwargs=_sheet),
    "practice:sheet_download": Expect(get=CASES, kwargs=lambda w: {**_sheet(w), "fmt": "docx"}),
    "practice:uncovered": Expect(get=CASES, kwargs=_service),
    "practice:import": Expect(get=MANAGE, post=MANAGE, kwargs=_service),
    "practice:import_check": Expect(get=MANAGE, post=MANAGE, kwargs=_batch),
}


def _api_service(w: World) -> dict[str, Any]:
    return {**API, "service_code": w.service.code}


ENTRIES.update(
    {
        "api:practice-figures": Expect(get=VIEW, kwargs=_api_service),
        "api:practice-uncovered": Expect(get=CASES, kwargs=_api_service),
        "api:practice-imports": Expect(post=MANAGE, kwargs=_api_service),
    }
)

ENTRIES["practice:settings"] = Expect(get=MANAGE, post=MANAGE, kwargs=_service)


def _uploaded(w: World) -> dict[str, Any]:
    # An import waiting for its columns to be matched (the mapping page).
    from yjaudit.practice import services

    batch = services.upload_import(
        actor=None,
        service=w.service,
        kind="events",
        filename="e.csv",
        data=b"reference,event type,date\nPRAC-MATRIX-1,contact,2025-01-07\n",
    )
    return {"service_code": w.service.code, "pk": batch.pk}


ENTRIES["practice:import_mapping"] = Expect(get=MANAGE, post=MANAGE, kwargs=_uploaded)
