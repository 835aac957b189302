"""The home page lists the plan actions a person leads, due and overdue (not completed)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.test import Client
from django.urls import reverse

from yjaudit.accounts.testing import make_user, verified_login
from yjaudit.improvement import services
from yjaudit.improvement.models import Status


def _actions_section(client: Client) -> str:
    html = client.get(reverse("web:home")).content.decode()
    found = re.search(r'data-work="actions">(.*?)</section>', html, re.S)
    assert found
    return found.group(1)


def test_home_lists_my_open_actions_with_overdue_marked(
    inspection_plan: Any, manager: Any, manager_staff: Any, settings: Any
) -> None:
    rec = services.add_recommendation(actor=manager, plan=inspection_plan, text="Oversight")

    def add(description: str, due: dt.date, **kw: Any) -> Any:
        return services.add_action(
            actor=manager,
            plan=inspection_plan,
            recommendation=rec,
            description=description,
            due_date=due,
            **kw,
        )

    late = add("Audit supervision notes", dt.date(2026, 1, 31), lead_staff=manager_staff)
    add("Refresh the induction pack", dt.date(2026, 6, 30), lead_staff=manager_staff)
    done = add("Appoint a QA lead", dt.date(2026, 1, 15), lead_staff=manager_staff)
    done.status = Status.COMPLETED
    done.save()
    add("Someone else's action", dt.date(2026, 1, 31), lead_name="Someone")
    settings.YJAUDIT_PLAN_TODAY = "2026-02-01"

    section = _actions_section(verified_login(Client(), manager))
    assert "Audit supervision notes" in section
    assert "Overdue: due 31 January 2026" in section
    assert reverse("plans:action", args=[late.pk]) in section
    assert "Refresh the induction pack" in section
    assert "Due 30 June 2026" in section
    assert "Appoint a QA lead" not in section
    assert "Someone else" not in section
    assert ">2<" in section


def test_home_says_so_when_no_action_is_mine(inspection_plan: Any, service: Any) -> None:
    qa = make_user("qa@cov.example", service=service, roles=["qa_lead"])
    section = _actions_section(verified_login(Client(), qa))
    assert "No open plan actions are led by you." in section
