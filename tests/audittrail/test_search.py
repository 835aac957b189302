"""Free-text search of the audit trail (issue 16): by what a person reads, every word must
match, bounded, honoured by the CSV export, and never wider than the reader's trail."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from yjaudit.accounts.testing import make_user, verified_login
from yjaudit.audittrail.search import MAX_LENGTH, words_of
from yjaudit.audittrail.services import record
from yjaudit.cases.models import Case
from yjaudit.organisations.models import Service, StaffMember, Team

pytestmark = pytest.mark.django_db

URL = reverse("audittrail:list")
EXPORT = reverse("audittrail:export")


@pytest.fixture
def trail():
    a = Service.objects.create(name="Alpha", code="ALPHA", nation="england")
    b = Service.objects.create(name="Beta", code="BETA", nation="wales")
    admin = make_user("admin@a.example", service=a, roles=["administrator"])
    other = make_user("admin@b.example", service=b, roles=["administrator"])
    mine = Case.objects.create(
        service=a, reference="ALPHA-123", disposal_type="referral-order",
        start_date=dt.date(2024, 3, 1),
    )  # fmt: skip
    theirs = Case.objects.create(
        service=b, reference="BETA-777", disposal_type="referral-order",
        start_date=dt.date(2024, 3, 1),
    )  # fmt: skip
    team = Team.objects.create(service=a, name="North team")
    lead = StaffMember.objects.create(service=a, team=team, name="Ruth Okafor")
    record(actor=admin, action="case.archive", target=mine, after={"archive_reason": "Moved"})
    record(actor=admin, action="role.grant", target=a, after={"role": "qa_lead"})
    record(
        actor=admin,
        action="plan.action_update",
        target=a,
        before={"lead_staff_id": None, "dob": None},
        after={"lead_staff_id": lead.pk, "dob": "2010-01-02"},
    )
    record(actor=other, action="case.archive", target=theirs, after={"archive_reason": "Moved"})
    record(actor=other, action="role.grant", target=b, after={"role": "beta-only-role"})
    return a, b, admin, other


def page(user, **params):
    response = verified_login(Client(), user).get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def csv_lines(user, **params):
    response = verified_login(Client(), user).get(EXPORT, params)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8-sig").strip().splitlines()


def test_finds_rows_by_the_words_a_person_reads(trail):
    _a, _b, admin, _other = trail
    # The action in words (stored as role.grant), in any letter case.
    html = page(admin, q="GRANTED")
    assert "1 event found for “GRANTED”" in html and "Role granted" in html
    # The target's reference.
    html = page(admin, q="alpha-123")
    assert "1 event found for “alpha-123”" in html and "Case archived" in html
    # A change's value and a field shown in other words (dob is "Date of birth").
    assert "1 event found" in page(admin, q="Moved")
    assert "1 event found for “birth”" in page(admin, q="birth")
    # A name shown in place of an id (lead_staff_id holds the staff member's id).
    html = page(admin, q="Okafor")
    assert "1 event found" in html and "Plan action changed" in html
    # The person who did it.
    assert "3 events found" in page(admin, q="admin@a")


def test_every_word_must_match(trail):
    _a, _b, admin, _other = trail
    assert "1 event found" in page(admin, q="case  archived   ALPHA-123")
    assert "0 events found" in page(admin, q="role granted ALPHA-123")
    # Repeated words count once.
    assert "1 event found" in page(admin, q="granted Granted")


def test_no_match_says_so_and_keeps_the_search(trail):
    _a, _b, admin, _other = trail
    html = page(admin, q="zebra")
    assert "0 events found for “zebra”" in html
    assert "No events match “zebra”." in html
    assert 'value="zebra"' in html and 'type="search"' in html


def test_an_overlong_search_is_refused_and_ignored(trail):
    _a, _b, admin, _other = trail
    long = "ALPHA-123 " + "x" * MAX_LENGTH
    html = page(admin, q=long)
    assert f"Search must be {MAX_LENGTH} characters or fewer" in html
    assert "3 events" in html and "found for" not in html  # the whole (scoped) trail
    assert words_of(long) == []  # and the selector ignores it too
    html = page(admin, q=" ".join("abcdefghi"))
    assert "Search for 8 words or fewer" in html


def test_the_csv_export_honours_the_search(trail):
    _a, _b, admin, _other = trail
    lines = csv_lines(admin, q="granted")
    assert len(lines) == 2 and "Role granted,role.grant" in lines[1]
    assert len(csv_lines(admin, q="zebra")) == 1  # the heading only
    assert len(csv_lines(admin)) == 4


def test_a_search_never_finds_another_services_rows(trail):
    _a, b, admin, other = trail
    for words in ("BETA-777", "beta-only-role", "admin@b", "Beta"):
        html = page(admin, q=words)
        assert "0 events found" in html, words
        assert len(csv_lines(admin, q=words)) == 1, words
    # Naming the other service in the filter does not widen it either.
    assert "admin@b.example" not in page(admin, q="BETA-777", service=b.pk)
    # Beta's administrator finds their own.
    assert "1 event found" in page(other, q="BETA-777")


def test_a_search_does_not_find_a_reference_the_reader_may_not_see(trail):
    # Platform operators see that changes happened, not the values: the search must not
    # reveal, by what it finds, a reference (or a value) the page hides.
    root = make_user("root@example.org", is_superuser=True, is_staff=True)
    assert "5 events" in page(root)
    for hidden in ("ALPHA-123", "BETA-777", "Moved", "Okafor", "birth", "beta-only-role"):
        html = page(root, q=hidden)
        assert "0 events found" in html, hidden
        assert len(csv_lines(root, q=hidden)) == 1, hidden
    # What they may read still matches.
    assert "2 events found" in page(root, q="case archived")


def test_a_welsh_reader_finds_rows_by_the_welsh_words(trail):
    from django.conf import settings

    _a, _b, admin, _other = trail
    client = verified_login(Client(), admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    html = client.get(URL, {"q": "rôl rhoddwyd"}).content.decode().replace("&#x27;", "'")
    assert "1 digwyddiad wedi'i ganfod ar gyfer “rôl rhoddwyd”" in html
    assert "Chwilio'r llwybr archwilio" in html
