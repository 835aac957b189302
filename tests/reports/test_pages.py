"""Report pages and downloads: who sees what, and what each download is."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cases.factories import make_user, sign_in
from yjaudit.organisations.models import Role
from yjaudit.reports.render import CONTENT_TYPES, FORMATS


@pytest.fixture
def derby(world: Any) -> Any:
    return world.round("DERBY", size=16)


def _client(user: Any) -> Client:
    return sign_in(Client(), user)


def test_round_page_shows_the_report_and_its_downloads(derby: Any) -> None:
    qa = make_user("qa", derby.service, Role.QA_LEAD)
    page = _client(qa).get(reverse("reports:round", kwargs={"pk": derby.pk}))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Summary of standards" in html and 'role="img"' in html
    # HTML is a direct download; PDF, Word and Excel are asked for (a background job).
    assert (
        reverse("reports:download", kwargs={"pk": derby.pk, "kind": "round", "fmt": "html"}) in html
    )
    assert reverse("reports:request_file", kwargs={"pk": derby.pk, "kind": "round"}) in html
    for fmt in ("pdf", "docx", "xlsx"):
        assert f'name="fmt" value="{fmt}"' in html
    # Inline styles would break the page's CSP: the charts lose theirs on the web page.
    assert 'style="max-width' not in html
    detail = _client(qa).get(reverse("rounds:detail", kwargs={"pk": derby.pk})).content.decode()
    assert reverse("reports:round", kwargs={"pk": derby.pk}) in detail


@pytest.mark.parametrize("fmt", FORMATS)
def test_downloads_have_their_type_and_a_file_name(derby: Any, fmt: str) -> None:
    board = make_user("board", derby.service, Role.BOARD_MEMBER)
    response = _client(board).get(
        reverse("reports:download", kwargs={"pk": derby.pk, "kind": "round", "fmt": fmt})
    )
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[fmt]
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="derby-round{derby.pk}-round.{fmt}"'
    )
    assert response["Cache-Control"] == "no-store"
    if fmt == "xlsx":
        from openpyxl import load_workbook

        load_workbook(io.BytesIO(response.content))


def test_trend_and_board_pages(world: Any, derby: Any) -> None:
    board = make_user("board", derby.service, Role.BOARD_MEMBER)
    for kind, heading in (("trend", "Trend across rounds"), ("board", "Board and scrutiny pack")):
        page = _client(board).get(
            reverse("reports:round_kind", kwargs={"pk": derby.pk, "kind": kind})
        )
        assert page.status_code == 200 and heading in page.content.decode()
    missing = reverse("reports:round_kind", kwargs={"pk": derby.pk, "kind": "secret"})
    assert _client(board).get(missing).status_code == 404


def test_other_services_and_auditors_downloads(world: Any, derby: Any) -> None:
    leeds = world.service("LEEDS")
    outsider = make_user("leeds-qa", leeds, Role.QA_LEAD)
    url = reverse("reports:round", kwargs={"pk": derby.pk})
    assert _client(outsider).get(url).status_code == 404
    auditor = make_user("auditor", derby.service, Role.AUDITOR)
    assert _client(auditor).get(url).status_code == 200  # may read the report...
    xlsx = reverse("reports:download", kwargs={"pk": derby.pk, "kind": "round", "fmt": "xlsx"})
    assert _client(auditor).get(xlsx).status_code == 404  # ...but not take it away


def test_practitioner_feedback_is_for_them_their_manager_and_qa(world: Any, derby: Any) -> None:
    svc = derby.service
    staff = world.staff["DERBY"]
    me, colleague = staff[0], staff[1]
    me.user = make_user("me", svc, Role.PRACTITIONER)
    me.save()
    colleague.user = make_user("colleague", svc, Role.PRACTITIONER)
    colleague.save()
    line_manager = world.managers["DERBY"]
    line_manager.user = make_user("line-manager", svc, Role.MANAGER)
    line_manager.save()
    other_manager = make_user("other-manager", svc, Role.MANAGER)
    qa = make_user("qa", svc, Role.QA_LEAD)
    board = make_user("board", svc, Role.BOARD_MEMBER)
    admin = make_user("admin", svc, Role.ADMINISTRATOR)
    url = reverse("reports:practitioner", kwargs={"pk": derby.pk, "staff_pk": me.pk})
    download = reverse(
        "reports:practitioner_download", kwargs={"pk": derby.pk, "staff_pk": me.pk, "fmt": "pdf"}
    )
    for user, allowed in (
        (me.user, True),
        (line_manager.user, True),
        (qa, True),
        (colleague.user, False),
        (other_manager, False),
        (board, False),
        (admin, False),
    ):
        client = _client(user)
        page = client.get(url)
        assert (page.status_code == 200) is allowed, (user.username, page.status_code)
        if allowed:
            assert f"Practitioner feedback: {me.name}" in page.content.decode()
            assert client.get(download)["Content-Type"] == "application/pdf"
        else:
            assert page.status_code in (403, 404)
            assert client.get(download).status_code in (403, 404)
    # The round page lists only the feedback each reader may open.
    links = _client(me.user).get(
        reverse("reports:practitioner", kwargs={"pk": derby.pk, "staff_pk": me.pk})
    )
    assert colleague.name not in links.content.decode()
    page = _client(line_manager.user).get(reverse("reports:round", kwargs={"pk": derby.pk}))
    assert all(s.name in page.content.decode() for s in staff)


def test_reports_index_lists_what_each_reader_may_open(world: Any, derby: Any) -> None:
    svc = derby.service
    me = world.staff["DERBY"][0]
    me.user = make_user("me", svc, Role.PRACTITIONER)
    me.save()
    board = make_user("board", svc, Role.BOARD_MEMBER)
    index = reverse("reports:index")
    page = _client(board).get(index).content.decode()
    assert reverse("reports:round", kwargs={"pk": derby.pk}) in page
    assert 'href="/reports/"' in page  # the service navigation links here
    assert "Practitioner feedback" not in page
    page = _client(me.user).get(index).content.decode()
    assert f'href="{reverse("reports:round", kwargs={"pk": derby.pk})}"' not in page
    mine = reverse("reports:practitioner", kwargs={"pk": derby.pk, "staff_pk": me.pk})
    assert mine in page
    assert world.staff["DERBY"][1].name not in page
    outsider = make_user("outsider", world.service("LEEDS"), Role.QA_LEAD)
    page = _client(outsider).get(index).content.decode()
    assert "There are no reports you can open yet." in page and derby.name not in page
