"""Issue 16 "Why": complaints that had no test that would catch them again.

Each test names the complaint it guards in its docstring; docs/dev/issue-16-why-tests.md
maps every complaint of the issue to its test. Django test client only (fast); the page
widths are in tests/browser/test_issue16_widths.py.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from audits.audit_world import AuditWorld, build_world
from cases.factories import make_people, make_service, make_user, sign_in
from yjaudit.audits.case_audits import selectors as audit_selectors
from yjaudit.audits.case_audits import services as audit_services
from yjaudit.audits.case_audits.services import AnswerInput
from yjaudit.audits.models import AuditStatus
from yjaudit.cases.codes import codes
from yjaudit.organisations.models import Role

pytestmark = pytest.mark.django_db

# A cell, heading, tag or definition whose whole text is one value.
LEAF = re.compile(r"<(td|th|dd|strong|li)\b[^>]*>\s*([^<]+?)\s*</\1>")


def _leaves(html: str) -> set[str]:
    return {m.group(2) for m in LEAF.finditer(html)}


def _register_codes() -> set[str]:
    """The register's codes that differ from their label ("dto", "female", "custody")."""
    register = codes()
    found: set[str] = set()
    for name in type(register).model_fields:
        for c in getattr(register, name).codes:
            if c.code != c.label:
                found.add(c.code)
    return found


def _answer_all(world: AuditWorld, audit: Any, value: str = "partly") -> None:
    layout = audit_selectors.audit_layout(audit)
    audit_services.save_answers(
        actor=world.users["auditor"],
        audit=audit,
        version=audit.version,
        answers=[AnswerInput(q.id, value, "seen") for s in layout for q in s.visible],
        summary="Summary for the practitioner",
    )
    audit_services.submit(actor=world.users["auditor"], audit=audit)
    audit.refresh_from_db()


@pytest.fixture
def world() -> AuditWorld:
    return build_world()


# -- Codes instead of words ------------------------------------------------------------


def test_import_check_names_disposals_in_words_not_codes() -> None:
    """'"dto", "yro-iss" on the import check': the check page shows the disposal's name."""
    service = make_service()
    make_people(service)
    client = sign_in(Client(), make_user("qa", service, Role.QA_LEAD))
    csv = (
        "Reference,Disposal,Start date\n"
        "Y1,DTO,03/04/2024\n"
        "Y2,YRO ISS,01/02/2024\n"
        "Y3,Referral Order,01/03/2024\n"
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = reverse("cases:import_upload", args=[service.code])
    r = client.post(upload, {"file": SimpleUploadedFile("c.csv", csv.encode())})
    assert r.status_code == 302
    mapping = client.get(r.url).content.decode()
    fields = dict(
        re.findall(r'<select[^>]*name="([^"]+)"[^>]*>.*?value="([^"]*)" selected', mapping, re.S)
    )
    r = client.post(r.url, fields)
    assert r.status_code == 302, fields
    check = client.get(r.url).content.decode()
    assert "Import these cases" in check
    cells = _leaves(check)
    assert "Detention and training order" in cells
    assert "YRO with intensive supervision and surveillance" in cells
    assert not cells & {"dto", "yro-iss", "referral-order"}, cells & {"dto", "yro-iss"}


def test_splits_head_their_columns_in_words(client: Client, world: AuditWorld) -> None:
    """'"community", "custody", "female", "black" in splits': column headings are labels."""
    for a in world.audits:
        _answer_all(world, a, "yes")
    sign_in(client, world.users["qa"])
    url = reverse("audits:results", args=[world.round.pk]) + "?show=splits"
    html = client.get(url).content.decode()
    tables = re.findall(r'<table class="[^"]*" id="split-[^"]+">.*?</table>', html, re.S)
    assert len(tables) >= 3, "expected several split tables"
    headings = set()
    for t in tables:
        headings |= set(re.findall(r'<th scope="col"[^>]*>\s*([^<]+?)\s*</th>', t))
    shown_codes = headings & _register_codes()
    assert not shown_codes, f"split headings show codes: {sorted(shown_codes)}"


def test_practitioner_and_inspector_views_show_answers_in_words(
    client: Client, world: AuditWorld
) -> None:
    """'"yes", "partly", "no" in the practitioner and inspector views'."""
    audit = next(a for a in world.audits if a.case.case_manager == world.staff[0])
    _answer_all(world, audit, "partly")
    sign_in(client, world.users["practitioner"])
    feedback = client.get(reverse("audits:feedback", args=[audit.pk]))
    assert feedback.status_code == 200
    page = feedback.content.decode()
    assert "Partly" in page
    assert not _leaves(page) & {"yes", "partly", "no", "na"}
    inspector = make_user("inspector-16", world.service, Role.INSPECTOR)
    sign_in(client, inspector)
    r = client.get(reverse("audits:inspection", args=[world.round.pk]))
    if r.status_code == 200:  # the inspector's round page lists the answers
        assert not _leaves(r.content.decode()) & {"yes", "partly", "no", "na"}
    detail = client.get(reverse("audits:detail", args=[audit.pk]))
    assert detail.status_code == 200
    assert not _leaves(detail.content.decode()) & {"yes", "partly", "no", "na"}


# -- No worklist ------------------------------------------------------------------------


def test_auditor_reaches_a_case_from_home_in_one_click(world: AuditWorld) -> None:
    """'Reaching a case takes Audit rounds -> round -> ... -> case': home links it."""
    audit = world.audits[0]
    audit_services.assign(actor=world.users["qa"], audit=audit, auditor=world.users["auditor"])
    html = sign_in(Client(), world.users["auditor"]).get(reverse("web:home")).content.decode()
    assert f'href="{reverse("audits:detail", args=[audit.pk])}' in html


def test_my_case_audits_is_not_offered_to_an_auditor(world: AuditWorld) -> None:
    """'"My case audits" opens the practitioner's view for an auditor'."""
    client = sign_in(Client(), world.users["auditor"])
    html = client.get(reverse("web:home")).content.decode()
    nav = re.search(r"<nav[^>]*govuk-service-navigation.*?</nav>", html, re.S)
    assert nav, "no service navigation"
    assert reverse("audits:mine") not in nav.group(0)
    practitioner = sign_in(Client(), world.users["practitioner"])
    nav = re.search(
        r"<nav[^>]*govuk-service-navigation.*?</nav>",
        practitioner.get(reverse("web:home")).content.decode(),
        re.S,
    )
    assert nav and reverse("audits:mine") in nav.group(0)


# -- Moderation -------------------------------------------------------------------------


def test_differences_page_is_one_form_for_one_standard(client: Client, world: AuditWorld) -> None:
    """'39 separate forms on a page 22,000 px tall' and 'each Resolve reloads to the top':
    one standard per page, one form for its choices, and the redirect's place exists."""
    audit = world.audit()
    layout = audit_selectors.audit_layout(audit)
    audit_services.assign(
        actor=world.users["qa"],
        audit=audit,
        auditor=world.users["auditor"],
        second_marker=world.users["second"],
    )
    audit.refresh_from_db()
    _answer_all(world, audit, "yes")
    audit_services.save_second_marks(
        actor=world.users["second"],
        audit=audit,
        marks=[AnswerInput(q.id, "no", "") for s in layout for q in s.visible],
    )
    audit_services.finish_second_marking(actor=world.users["second"], audit=audit)
    diffs = audit_selectors.differences(audit)
    assert len(diffs) > len(layout[0].visible)  # differences in several standards
    sid = layout[0].id
    sign_in(client, world.users["qa"])
    url = reverse("audits:differences_standard", args=[audit.pk, sid])
    page = client.get(url).content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    here = [d for d in diffs if d.standard_id == sid]
    assert len(here) > 2
    # Two forms however many differences: "accept all of one marker", and one form with
    # every question's choice and one Save (not a form and a Resolve per question).
    assert main.count("<form") == 2 and 'id="differences-form"' in main
    assert page.count('class="govuk-summary-card__title"') == len(here)
    anchor = f"standard-{sid.replace('.', '')}"
    assert f'id="{anchor}"' in page
    r = client.post(url, {f"value-{diffs[0].question_id}": "yes", "accept": ""})
    assert r.status_code == 302 and r["Location"].endswith(f"#{anchor}")


# -- Confirmation -----------------------------------------------------------------------


def test_sign_off_and_return_ask_first_and_a_get_writes_nothing(
    client: Client, world: AuditWorld
) -> None:
    """'No confirmation for sign-off ... and return'."""
    audit = world.audit()
    _answer_all(world, audit, "yes")
    audit_services.complete_moderation(actor=world.users["qa"], audit=audit)
    audit.refresh_from_db()
    sign_in(client, world.users["qa"])
    signoff = client.get(reverse("audits:signoff", args=[audit.pk]))
    assert signoff.status_code == 200 and 'id="confirm-sign-off"' in signoff.content.decode()
    audit.refresh_from_db()
    assert audit.status == AuditStatus.MODERATED
    other = next(a for a in world.audits if a.pk != audit.pk)
    _answer_all(world, other, "yes")
    back = client.get(reverse("audits:return", args=[other.pk]))
    assert back.status_code == 200 and "Return to the auditor" in back.content.decode()
    other.refresh_from_db()
    assert other.status == AuditStatus.SUBMITTED
    # Returning without comments is refused on the page, and writes nothing.
    r = client.post(reverse("audits:return", args=[other.pk]), {"comments": ""})
    assert r.status_code == 400 and "govuk-error-summary" in r.content.decode()
    other.refresh_from_db()
    assert other.status == AuditStatus.SUBMITTED


# -- Defaults and help ------------------------------------------------------------------


def test_a_brand_new_plan_page_is_not_late(world: AuditWorld) -> None:
    """'A brand-new plan immediately shows "Not submitted: late"'."""
    from yjaudit.improvement import services as plan_services

    manager = world.users["manager"]
    later = world.round.period_end + dt.timedelta(days=300)
    with time_machine.travel(dt.datetime(later.year, later.month, later.day, 9, tzinfo=dt.UTC)):
        plan = plan_services.create_plan(
            actor=manager,
            service=world.service,
            title="New plan",
            source_kind="self-audit",
            audit_round=world.round,
        )
        page = sign_in(Client(), manager).get(reverse("plans:detail", args=[plan.pk]))
        assert page.status_code == 200
        html = page.content.decode()
        assert 'id="submission-due"' in html
        assert "Not submitted: late" not in html
        # Made 300 days after the round ended: due four weeks from the plan's own date.
        assert plan.submission_due == later + dt.timedelta(days=28)


def test_findings_from_results_carry_their_question_numbers(world: AuditWorld) -> None:
    """'"Add findings from the round's results" adds findings without question numbers'."""
    from yjaudit.improvement import services as plan_services

    for a in world.audits:
        _answer_all(world, a, "partly")
    manager = world.users["manager"]
    plan = plan_services.create_plan(
        actor=manager,
        service=world.service,
        title="Plan",
        source_kind="self-audit",
        audit_round=world.round,
    )
    assert plan_services.pull_findings(actor=manager, plan=plan) > 0
    html = sign_in(Client(), manager).get(reverse("plans:detail", args=[plan.pk])).content.decode()
    for finding in plan.findings.all():
        assert finding.source_id
        assert finding.source_id in html, f"question {finding.source_id} not shown"


def test_framework_list_shows_no_internal_notes(client: Client) -> None:
    """'The framework list ... shows internal notes ("seed 002", "domain brief")'."""
    from yjaudit.frameworks.services import sync_bundled_frameworks

    sync_bundled_frameworks()
    html = client.get(reverse("frameworks:list")).content.decode().lower()
    for note in ("seed 0", "domain brief", "domain.md", "inferred from the brief"):
        assert note not in html, note


def test_results_say_why_a_figure_is_not_rated_once_in_words(
    client: Client, world: AuditWorld
) -> None:
    """'"Not rated not rated: ..." on results': the page gives the reason in words."""
    # Nothing submitted yet: nothing can be rated.
    sign_in(client, world.users["qa"])
    for show in ("", "?show=questions", "?show=splits"):
        html = client.get(reverse("audits:results", args=[world.round.pk]) + show)
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.content.decode())).lower()
        assert "not rated not rated" not in text, show
        assert "not rated:" not in text, show
    overview = client.get(reverse("audits:results", args=[world.round.pk])).content.decode()
    rating = re.search(r'id="overall-rating">(.*?)</dd>', overview, re.S)
    assert rating, "no overall rating"
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", rating.group(1))).strip()
    assert words.lower().count("not rated") == 1 and len(words) > len("Not rated")
