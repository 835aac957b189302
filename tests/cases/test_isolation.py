"""A user of one service never reaches another's cases or rounds: pages, URL guessing,
exports, imports and the API all answer as if the other service's records did not exist."""

import datetime as dt

import pytest
from django.urls import reverse

from yjaudit.audits.rounds.services import create_round, draw_sample
from yjaudit.cases.models import CaseImport
from yjaudit.cases.services import start_import
from yjaudit.frameworks.selectors import get_current_edition
from yjaudit.frameworks.services import sync_bundled_frameworks
from yjaudit.organisations.models import Role, StaffMember

from .factories import make_caseload, make_people, make_service, make_user, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    derby, leeds = make_service("DERBY", "Derby YJS"), make_service("LEEDS", "Leeds YJS")
    make_people(derby)
    make_people(leeds)
    derby_cases = make_caseload(derby, 30, seed=1)
    leeds_cases = make_caseload(leeds, 30, seed=2)
    # A real edition: drawing a sample creates its case audits (the framework's rules).
    sync_bundled_frameworks()
    edition = get_current_edition("sqs-2012")
    leeds_round = create_round(
        actor=None,
        service=leeds,
        framework_edition=edition,
        name="Leeds round",
        kind="inspection",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
        sample_rule="sqs",
    )
    draw_sample(actor=None, audit_round=leeds_round, seed=1)
    leeds_import = start_import(
        actor=None,
        service=leeds,
        filename="x.csv",
        data=b"Reference,Disposal,Start date\nL1,YRO,01/01/2024\n",
    )
    return derby, leeds, derby_cases, leeds_cases, leeds_round, leeds_import


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.QA_LEAD, Role.MANAGER, Role.INSPECTOR])
def test_derby_user_never_reaches_leeds(client, world, role):
    derby, _leeds, _derby_cases, leeds_cases, leeds_round, leeds_import = world
    sign_in(client, make_user("u", derby, role))
    listing = client.get(reverse("cases:list"), {"q": "LEEDS"}).content.decode()
    assert "LEEDS-" not in listing
    assert client.get(reverse("cases:detail", args=[leeds_cases[0].pk])).status_code == 404
    for fmt in ("csv", "xlsx"):
        export = client.get(reverse("cases:export", args=[fmt]))
        if export.status_code == 200:
            assert b"LEEDS-" not in export.content
    assert client.get(reverse("cases:import_upload", args=["LEEDS"])).status_code == 404
    assert (
        client.get(reverse("cases:import_mapping", args=["LEEDS", leeds_import.pk])).status_code
        == 404
    )
    if role in (Role.ADMINISTRATOR, Role.QA_LEAD):
        # Their own service's URL with the other service's import id.
        url = reverse("cases:import_preview", args=["DERBY", leeds_import.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"action": "import"}).status_code == 404
    assert client.get(reverse("rounds:detail", args=[leeds_round.pk])).status_code == 404
    assert client.post(reverse("rounds:draw", args=[leeds_round.pk])).status_code == 404
    sampled = leeds_round.samples.first()
    swap = reverse("rounds:swap", args=[leeds_round.pk, sampled.pk])
    assert client.post(swap, {"reason": "x"}).status_code == 404
    assert "Leeds round" not in client.get(reverse("rounds:list")).content.decode()
    assert client.get(reverse("rounds:create", args=["LEEDS"])).status_code == 404
    assert CaseImport.objects.get(pk=leeds_import.pk).status == "uploaded"


def test_practitioner_sees_only_own_cases(client, world):
    derby, _leeds, derby_cases, *_ = world
    user = make_user("prac", derby, Role.PRACTITIONER)
    alex = StaffMember.objects.get(service=derby, name="Alex Morgan")
    alex.user = user
    alex.save()
    derby_cases[0].case_manager = alex
    derby_cases[0].save()
    sign_in(client, user)
    listing = client.get(reverse("cases:list")).content.decode()
    assert derby_cases[0].reference in listing and derby_cases[1].reference not in listing
    assert client.get(reverse("cases:detail", args=[derby_cases[1].pk])).status_code == 404
    assert client.get(reverse("cases:export", args=["csv"])).status_code == 403


def test_board_member_sees_no_cases(client, world):
    derby, *_ = world
    sign_in(client, make_user("board", derby, Role.BOARD_MEMBER))
    assert client.get(reverse("cases:list")).status_code == 403
    assert client.get(reverse("rounds:list")).status_code == 403


def test_anonymous_is_sent_to_sign_in(client, world):
    _derby, _leeds, _d, leeds_cases, leeds_round, _i = world
    for url in (
        reverse("cases:list"),
        reverse("cases:detail", args=[leeds_cases[0].pk]),
        reverse("rounds:detail", args=[leeds_round.pk]),
    ):
        resp = client.get(url)
        assert resp.status_code == 302 and "/accounts/" in resp.url
