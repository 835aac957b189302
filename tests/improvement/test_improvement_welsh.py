"""The improvement pages in Welsh: headings, labels and buttons speak Welsh, not English.

Plan text (titles, recommendations, actions) is what people typed, so it stays as typed;
this checks the words the improvement package itself puts on a page.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from yjaudit.accounts.testing import verified_login
from yjaudit.improvement import services

pytestmark = pytest.mark.django_db


def _text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


@time_machine.travel(dt.datetime(2026, 11, 2, 12, tzinfo=dt.UTC), tick=False)
def test_improvement_pages_in_welsh(manager: Any, manager_staff: Any, inspection_plan: Any) -> None:
    client = verified_login(Client(), manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    rec = services.add_recommendation(actor=manager, plan=inspection_plan, text="Assessment")
    action = services.add_action(
        actor=manager,
        plan=inspection_plan,
        recommendation=rec,
        description="Workshop",
        lead_staff=manager_staff,
    )
    plan = {"pk": inspection_plan.pk}
    # page -> (Welsh that must show, English of this package that must be gone)
    pages = {
        reverse("plans:list"): (
            ["Cynlluniau gwella", "Hidlo cynlluniau", "Adroddiad wedi'i gyhoeddi"],
            ["Improvement plans", "Search plans by title", "Report published", "Overdue"],
        ),
        reverse("plans:detail", kwargs=plan): (
            ["Camau gweithredu fesul argymhelliad", "A weithiodd?", "Llywodraethu"],
            ["Actions by recommendation", "Did it work?", "Governance", "Not submitted"],
        ),
        reverse("plans:action", kwargs={"pk": action.pk}): (
            ["Cam gweithredu 1", "Cofnodi cynnydd", "Dyddiad dyledus"],
            ["Record progress", "Due date", "Edit the action", "No progress recorded"],
        ),
        reverse("plans:progress_add", kwargs={"pk": action.pk}): (
            ["Cofnodi cynnydd ar gam gweithredu 1", "Ffeil dystiolaeth (dewisol)"],
            ["Record progress on action", "Date of the update", "Evidence file"],
        ),
        reverse("plans:my_actions"): (
            ["Fy nghamau gweithredu", "Camau gweithredu rydych chi'n eu harwain"],
            ["My actions", "Actions you lead", "Due"],
        ),
        reverse("plans:overdue"): (
            ["Camau gweithredu hwyr", "2 Tachwedd 2026"],
            ["Overdue actions", "No action is overdue", "November"],
        ),
        reverse("plans:create", kwargs={"service_code": inspection_plan.service.code}): (
            ["Creu cynllun gwella", "Cyd-destun a chrynodeb", "28 diwrnod ar ôl cyhoeddi"],
            ["Create an improvement plan", "Context and summary", "Leave empty for"],
        ),
        reverse("plans:action_add", kwargs=plan): (
            ["Ychwanegu cam gweithredu", "Mesur llwyddiant", "Amcanion dysgu"],
            ["Add an action", "Success measure", "Learning objectives", "Expected outcome"],
        ),
        reverse("plans:import", kwargs=plan): (
            ["Mewnforio camau gweithredu o Excel", "Llyfr gwaith Excel (.xlsx)"],
            ["Import actions from Excel", "Excel workbook", "A sheet with the columns"],
        ),
    }
    for url, (welsh, english) in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert '<html lang="cy"' in response.content.decode(), url
        text = _text(response.content.decode())
        for words in welsh:
            assert words in text, (url, words)
        for words in english:
            assert words not in text, (url, words)
