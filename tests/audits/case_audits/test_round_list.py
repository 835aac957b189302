"""A round's case-audit list: sorting, search, filters and paging from the query string
(issue 16 item 7), references only for who may see them, bad values ignored."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audits.audit_world import build_world, grant
from cases.factories import make_user, sign_in
from yjaudit.audits.case_audits import selectors as audit_selectors
from yjaudit.audits.case_audits import services as audit_services
from yjaudit.audits.case_audits.services import AnswerInput
from yjaudit.audits.models import AuditStatus, CaseAudit
from yjaudit.organisations import permissions
from yjaudit.organisations.models import Role
from yjaudit.web import listing

pytestmark = pytest.mark.django_db

ROW = re.compile(r'<th scope="row" class="govuk-table__header"><a [^>]*>([^<]*)</a>')


@pytest.fixture
def world():
    """Six case audits, DERBY-0000 to DERBY-0005, in several states:
    0 draft, auditor; 1 submitted, auditor, waiting for second marking;
    2 signed off, second (as auditor), second-marked; 3 returned, nobody; 4, 5 draft, nobody."""
    w = build_world(n=6)
    by_ref = {a.case.reference: a for a in w.audits}
    auditor, second = w.users["auditor"], w.users["second"]
    changes = {
        "DERBY-0000": {"auditor": auditor},
        "DERBY-0001": {
            "auditor": auditor,
            "status": AuditStatus.SUBMITTED,
            "moderation_selected": True,
            "second_marker": second,
        },
        "DERBY-0002": {
            "auditor": second,
            "status": AuditStatus.SIGNED_OFF,
            "moderation_selected": True,
            "second_marking_done": True,
        },
        "DERBY-0003": {"status": AuditStatus.RETURNED},
    }
    for ref, fields in changes.items():
        CaseAudit.objects.filter(pk=by_ref[ref].pk).update(**fields)
    w.extra["by_ref"] = by_ref
    return w


def _url(world, **query):
    base = reverse("audits:round", args=[world.round.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _refs(html: str) -> list[str]:
    return ROW.findall(html)


def _main(html: str) -> str:
    """The page's main part (the footer links back to the page's own address)."""
    return html[html.index("<main") : html.index("</main>")]


def _get(client, world, user="qa", **query):
    sign_in(client, world.users[user])
    response = client.get(_url(world, **query))
    assert response.status_code == 200
    return response.content.decode()


ALL = [f"DERBY-000{i}" for i in range(6)]


def test_default_order_is_by_reference_with_a_count_and_sort_headings(client, world):
    html = _get(client, world)
    assert _refs(html) == ALL
    assert "6 case audits" in html
    assert 'aria-sort="ascending"><a class="govuk-link" href="?sort=-reference">Reference' in html
    assert 'aria-sort="none"><a class="govuk-link" href="?sort=status">Status' in html
    # Words, not codes: statuses and second marking as the other pages show them.
    assert "Returned with comments" in html and "Signed off" in html
    assert "Chosen for second marking" in html and "Second-marked" in html


def test_sort_by_reference_descending(client, world):
    html = _get(client, world, sort="-reference")
    assert _refs(html) == ALL[::-1]
    assert 'aria-sort="descending"><a class="govuk-link" href="?sort=reference">' in html


def test_sort_by_status_follows_the_workflow_both_ways(client, world):
    # draft, returned, submitted, moderated, signed off; ties by reference
    order = ["DERBY-0000", "DERBY-0004", "DERBY-0005", "DERBY-0003", "DERBY-0001", "DERBY-0002"]
    assert _refs(_get(client, world, sort="status")) == order
    down = _refs(_get(client, world, sort="-status"))
    assert down[0] == "DERBY-0002" and down[1] == "DERBY-0001" and down[-1] in order[:3]


def test_sort_by_auditor_and_second_marker(client, world):
    up = _refs(_get(client, world, sort="auditor"))
    # Nobody first (""), then "DERBY-auditor", then "DERBY-second".
    assert up[:3] == ["DERBY-0003", "DERBY-0004", "DERBY-0005"]
    assert up[3:] == ["DERBY-0000", "DERBY-0001", "DERBY-0002"]
    down = _refs(_get(client, world, sort="-auditor"))
    assert down[0] == "DERBY-0002" and set(down[3:]) == {"DERBY-0003", "DERBY-0004", "DERBY-0005"}
    assert _refs(_get(client, world, sort="-second_marker"))[0] == "DERBY-0001"


def test_sort_by_last_changed(client, world):
    CaseAudit.objects.filter(pk=world.extra["by_ref"]["DERBY-0004"].pk).update(
        summary="touched later"
    )
    audit = world.extra["by_ref"]["DERBY-0004"]
    audit.refresh_from_db()
    audit.save()  # auto_now: the newest change
    assert _refs(_get(client, world, sort="-updated"))[0] == "DERBY-0004"
    assert _refs(_get(client, world, sort="updated"))[-1] == "DERBY-0004"


def test_sort_by_answered_both_ways(client, world):
    audit = world.extra["by_ref"]["DERBY-0005"]
    audit.refresh_from_db()
    layout = audit_selectors.audit_layout(audit)
    audit_services.save_answers(
        actor=world.users["qa"],
        audit=audit,
        version=audit.version,
        answers=[AnswerInput(q.id, "yes", "") for q in layout[0].visible],
    )
    assert _refs(_get(client, world, sort="-answered"))[0] == "DERBY-0005"
    up = _refs(_get(client, world, sort="answered"))
    assert up[-1] == "DERBY-0005" and up[:5] == ALL[:5]  # ties keep reference order


def test_search_by_reference(client, world):
    html = _get(client, world, q="0003")
    assert _refs(html) == ["DERBY-0003"] and "1 case audit" in html
    assert _refs(_get(client, world, q="derby-000")) == ALL  # any case, any part


def test_filter_by_status(client, world):
    assert _refs(_get(client, world, status="signed-off")) == ["DERBY-0002"]
    assert _refs(_get(client, world, status="draft")) == ["DERBY-0000", "DERBY-0004", "DERBY-0005"]


def test_filter_by_auditor_and_not_assigned(client, world):
    html = _get(client, world)
    assert '<option value="none">Not assigned</option>' in html
    auditor = world.users["auditor"]
    assert f'<option value="{auditor.pk}">DERBY-auditor</option>' in html
    assert _refs(_get(client, world, auditor=auditor.pk)) == ["DERBY-0000", "DERBY-0001"]
    assert _refs(_get(client, world, auditor="none")) == ["DERBY-0003", "DERBY-0004", "DERBY-0005"]


def test_filter_by_second_marking(client, world):
    assert _refs(_get(client, world, moderation="waiting")) == ["DERBY-0001"]
    assert _refs(_get(client, world, moderation="done")) == ["DERBY-0002"]
    assert _refs(_get(client, world, moderation="not-chosen")) == [
        "DERBY-0000",
        "DERBY-0003",
        "DERBY-0004",
        "DERBY-0005",
    ]


def test_filters_combine_and_sort_links_keep_them(client, world):
    html = _get(client, world, status="draft", auditor="none", sort="-reference")
    assert _refs(html) == ["DERBY-0005", "DERBY-0004"]
    # A heading sorts the same filtered list; the form keeps the sort.
    assert 'href="?status=draft&amp;auditor=none&amp;sort=reference"' in html
    assert '<input type="hidden" name="sort" value="-reference">' in html


def test_nothing_matches_says_so_with_a_way_back(client, world):
    html = _get(client, world, q="nope")
    assert "0 case audits" in html and "No case audits match." in html
    assert f'href="{_url(world)}">Clear filters</a></p>' in html
    assert "No sample has been drawn yet." not in html


def test_pages_of_results_keep_the_filters(client, world, monkeypatch):
    monkeypatch.setattr(listing, "PAGE_SIZE", 2)
    first = _get(client, world, sort="-reference")
    assert _refs(first) == ["DERBY-0005", "DERBY-0004"] and "6 case audits" in first
    assert 'href="?sort=-reference&amp;page=2"' in first
    assert _refs(_get(client, world, sort="-reference", page=3)) == ["DERBY-0001", "DERBY-0000"]
    draft = _get(client, world, status="draft", page=2)
    assert _refs(draft) == ["DERBY-0005"] and "3 case audits" in draft


@pytest.mark.parametrize(
    "query",
    [
        {"sort": "nonsense"},
        {"sort": "-"},
        {"sort": "--reference"},
        {"sort": "x" * 500},
        {"page": "abc"},
        {"page": "-1"},
        {"page": "99999999999999999999"},
        {"status": "bogus"},
        {"auditor": "abc"},
        {"auditor": "99999999"},
        {"auditor": "-1"},
        {"moderation": "maybe"},
        {"q": "x" * 500},
        {"q": "%00"},
    ],
)
def test_bad_query_values_are_ignored(client, world, query):
    html = _get(client, world, **query)
    assert len(_refs(html)) >= 1
    assert "govuk-error-message" not in html and "govuk-error-summary" not in html


def test_who_may_not_see_references_neither_sees_nor_searches_them(client, world, monkeypatch):
    """Every role on this page may see references today; should one not (say inspectors,
    if "case.view" no longer included them), the list shows each case by its place in
    the sample and its search box goes."""
    inspector = make_user("DERBY-inspector", world.service, Role.INSPECTOR)
    world.users["inspector"] = inspector
    case_view = permissions.ACTIONS["case.view"]
    monkeypatch.setitem(
        permissions.ACTIONS,
        "case.view",
        permissions.Rule(case_view.roles - {Role.INSPECTOR.value}, case_view.own_only),
    )
    html = _get(client, world, user="inspector")
    assert "DERBY-00" not in html
    assert _refs(html) == [f"Sampled case {i}" for i in range(1, 7)]
    assert 'name="q"' not in html and ">Case</a>" in html and ">Reference<" not in html
    searched = _get(client, world, user="inspector", q="DERBY-0003")
    assert len(_refs(searched)) == 6 and "DERBY-00" not in _main(searched)
    # Sorting by the hidden reference sorts by place in the sample instead.
    down = _get(client, world, user="inspector", sort="-reference")
    assert _refs(down)[0] == "Sampled case 6"


def test_board_member_and_other_services_are_refused(client, world):
    sign_in(client, world.users["board"])
    response = client.get(_url(world, q="DERBY-0001"))
    # Board members see results only (aggregates): the list is not theirs, as before.
    assert response.status_code in (403, 404) and "DERBY-0001" not in _main(
        response.content.decode()
    )
    sign_in(client, world.users["practitioner"])
    assert client.get(_url(world)).status_code in (403, 404)
    other = build_world(n=2, code="LEEDS")
    sign_in(client, other.users["qa"])
    response = client.get(_url(world, sort="status"))
    assert response.status_code == 404 and "DERBY-" not in _main(response.content.decode())


def test_queries_do_not_grow_with_the_rows(client, world):
    """A fixed number of queries per page, whatever the number of rows or people."""
    small = build_world(n=2, code="LEEDS")
    for w in (small, world):
        grant(w.users["qa"], w.service, Role.QA_LEAD)
        CaseAudit.objects.filter(round=w.round).update(
            auditor=w.users["auditor"], second_marker=w.users["second"]
        )
    counts = []
    for w in (small, world):
        sign_in(client, w.users["qa"])
        client.get(_url(w))  # warm caches (framework, sessions)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(_url(w, sort="auditor")).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
