"""The new-round form: the newest framework edition in use is chosen, and "Number of
cases" is explained as belonging to the rule that uses it and ignored for the others."""

import re

import pytest
import time_machine
from django.urls import reverse

from cases.factories import make_user, sign_in
from yjaudit.audits.models import AuditRound
from yjaudit.audits.rounds.selectors import sample_rules
from yjaudit.frameworks.selectors import editions_for_choosing
from yjaudit.organisations.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead_client(client, service, edition):
    return sign_in(client, make_user("lead", service, Role.QA_LEAD))


def _form(**extra):
    return {
        "name": "Self-audit 2024",
        "kind": "self-audit",
        "period_start_0": "1",
        "period_start_1": "1",
        "period_start_2": "2024",
        "period_end_0": "31",
        "period_end_1": "12",
        "period_end_2": "2024",
        **extra,
    }


@time_machine.travel("2026-01-15 09:00Z", tick=False)
def test_the_newest_edition_in_use_is_chosen_and_listed_first(lead_client, service):
    body = lead_client.get(reverse("rounds:create", args=[service.code])).content.decode()
    newest = editions_for_choosing()[0]
    assert newest.effective_from.isoformat() == "2025-04-01"
    checked = re.findall(r'name="framework_edition" value="(\d+)" checked', body) or re.findall(
        r'<option value="(\d+)" selected', body
    )
    assert checked == [str(newest.pk)]
    values = re.findall(r'name="framework_edition" value="(\d+)"', body) or re.findall(
        r'<option value="(\d+)"', body
    )
    assert values[0] == str(newest.pk)
    assert "2009" not in body[: body.index(str(newest))]


def test_the_number_of_cases_names_its_rule_and_the_script_is_a_file(lead_client, service):
    body = lead_client.get(reverse("rounds:create", args=[service.code])).content.decode()
    needs = [r for r in sample_rules().values() if r.needs_requested_size]
    assert needs and all(r.name in body for r in needs)
    assert "ignored for the other rules" in body
    assert f'data-size-rules="{" ".join(r.id for r in needs)} "' in body
    assert re.search(r'<script type="module" src="[^"]*audits/round_form[^"]*\.js"></script>', body)
    assert "<script>" not in body  # no inline script (CSP)


def test_a_number_with_another_rule_is_ignored_not_an_error(lead_client, service, edition):
    url = reverse("rounds:create", args=[service.code])
    response = lead_client.post(
        url,
        _form(
            framework_edition=edition.pk,
            sample_rule="yjb-national-standards",
            requested_size="not a number",
        ),
    )
    assert response.status_code == 302
    assert AuditRound.objects.get().requested_size is None


def test_the_fixed_number_rule_still_needs_and_checks_its_number(lead_client, service, edition):
    url = reverse("rounds:create", args=[service.code])
    missing = lead_client.post(url, _form(framework_edition=edition.pk, sample_rule="fixed-n"))
    assert "Enter the number of cases to sample." in missing.content.decode()
    bad = lead_client.post(
        url, _form(framework_edition=edition.pk, sample_rule="fixed-n", requested_size="0")
    )
    assert "There is a problem" in bad.content.decode()
    ok = lead_client.post(
        url, _form(framework_edition=edition.pk, sample_rule="fixed-n", requested_size="25")
    )
    assert ok.status_code == 302 and AuditRound.objects.get().requested_size == 25
