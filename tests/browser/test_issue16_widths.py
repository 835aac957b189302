"""Issue 16 "Why", the widths: "splits tables 761 px wide on a phone"; the audit trail
"1,908 px wide at a 1,280 px window" and "1,524 px wide on a phone". Each page must fit
its window: `document.documentElement.scrollWidth` is no wider than the viewport."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for audits.audit_world

from audits.audit_world import build_world
from cases.factories import make_user
from yjaudit.audits.case_audits import selectors as audit_selectors
from yjaudit.audits.case_audits import services as audit_services
from yjaudit.audits.case_audits.services import AnswerInput
from yjaudit.audittrail.services import record
from yjaudit.organisations.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WINDOWS = {"wide": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 800}}


def _width(page: Any) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


@pytest.mark.parametrize("window", list(WINDOWS))
def test_splits_and_audit_trail_fit_the_window(
    page: Any, login: Any, assert_accessible: Any, window: str
) -> None:
    world = build_world(n=12)
    auditor = world.users["auditor"]
    for audit in world.audits:
        layout = audit_selectors.audit_layout(audit)
        audit_services.save_answers(
            actor=auditor,
            audit=audit,
            version=audit.version,
            answers=[AnswerInput(q.id, "yes", "seen") for s in layout for q in s.visible],
        )
        audit_services.submit(actor=auditor, audit=audit)
    admin = make_user("admin-16", world.service, Role.ADMINISTRATOR)
    # A trail row with long field names and values, as a plan action's change has.
    record(
        actor=admin,
        action="plan.action_update",
        target=world.service,
        before={"lead_staff_id": None, "description": "x" * 20, "measures": ["2.1", "3.1"]},
        after={"lead_staff_id": 1, "description": "y" * 200, "measures": ["2.1.1a", "2.2"]},
        service=world.service.pk,
    )
    size = WINDOWS[window]
    page.set_viewport_size(size)

    login(page, world.users["qa"])
    page.goto(f"/audits/round/{world.round.pk}/results/?show=splits")
    assert page.locator("table[id^=split-]").count() >= 3
    assert _width(page) <= size["width"], f"splits {_width(page)} px at {size['width']} px"
    assert_accessible(page)

    login(page, admin)
    page.goto("/audit-trail/")
    assert page.get_by_text("Plan action changed").count() >= 1
    assert _width(page) <= size["width"], f"trail {_width(page)} px at {size['width']} px"
    assert_accessible(page)
