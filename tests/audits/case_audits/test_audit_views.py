"""The case audit pages: answering without JavaScript, conflicts, workflow, results."""

import re

import pytest
from django.urls import reverse

from audits.audit_world import build_world
from cases.factories import sign_in
from yjaudit.audits.case_audits import selectors as audit_selectors
from yjaudit.audits.case_audits import services as audit_services
from yjaudit.audits.case_audits.services import AnswerInput
from yjaudit.audits.models import AuditStatus, CaseAnswer

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def without_charts(html: str) -> str:
    """The page's text with the charts' SVG left out (their axes print 0% to 100%)."""
    return re.sub(r"<svg.*?</svg>", "", html, flags=re.S)


def form_for(audit, standard, value="yes"):
    data = {"version": audit.version}
    for q in standard.visible:
        data[f"answer-{q.id}"] = value
        data[f"note-{q.id}"] = f"seen in {q.id}"
        data[f"base-{q.id}"] = q.answer.value if q.answer else ""
        data[f"basenote-{q.id}"] = q.answer.note if q.answer else ""
    return data


def test_auditor_answers_every_standard_without_js_and_submits(client, world):
    sign_in(client, world.users["auditor"])
    audit = world.audit()
    page = client.get(reverse("audits:round", args=[world.round.pk]))
    assert page.status_code == 200 and audit.case.reference in page.content.decode()
    r = client.post(reverse("audits:submit", args=[audit.pk]))
    assert r.status_code == 400 and 'id="missing"' in r.content.decode()
    for standard in audit_selectors.audit_layout(audit):
        url = reverse("audits:standard", args=[audit.pk, standard.id])
        assert client.get(url).status_code == 200
        audit.refresh_from_db()
        r = client.post(url, form_for(audit, standard))
        assert r.status_code == 302, r.content.decode()[:2000]
    r = client.post(
        reverse("audits:details", args=[audit.pk]),
        {"version": audit.version + 4, "case_manager_present": "yes", "summary": "Good plan"},
    )
    audit.refresh_from_db()
    r = client.post(
        reverse("audits:details", args=[audit.pk]),
        {"version": audit.version, "case_manager_present": "yes", "summary": "Good plan"},
    )
    assert r.status_code == 302
    r = client.post(reverse("audits:submit", args=[audit.pk]))
    audit.refresh_from_db()
    assert audit.status == AuditStatus.SUBMITTED
    assert audit.case_manager_present is True


def test_stale_page_save_shows_other_change_and_keeps_mine(client, world):
    sign_in(client, world.users["auditor"])
    audit = world.audit()
    standard = audit_selectors.audit_layout(audit)[0]
    stale = form_for(audit, standard, "no")
    q = standard.visible[0].id
    audit_services.save_answers(
        actor=world.users["qa"],
        audit=audit,
        version=audit.version,
        answers=[AnswerInput(q, "yes", "QA's view")],
    )
    r = client.post(reverse("audits:standard", args=[audit.pk, standard.id]), stale)
    body = r.content.decode()
    assert r.status_code == 409
    assert "QA&#x27;s view" in body or "QA's view" in body
    assert world.users["qa"].username in body
    # Both answers in words ("Yes", "No"), never as codes.
    assert "saved &ldquo;Yes&rdquo;" in body and "Your answer, &ldquo;No&rdquo;" in body
    assert CaseAnswer.objects.get(audit=audit, question_id=q).value == "yes"
    # Nothing else of the stale form was written: all or nothing.
    assert not CaseAnswer.objects.filter(audit=audit, value="no").exists()


def test_autosave_json(client, world):
    sign_in(client, world.users["auditor"])
    audit = world.audit()
    standard = audit_selectors.audit_layout(audit)[0]
    q = standard.visible[0].id
    url = reverse("audits:autosave", args=[audit.pk, standard.id])
    r = client.post(
        url,
        {
            "version": audit.version,
            f"answer-{q}": "partly",
            f"note-{q}": "x",
            f"base-{q}": "",
            f"basenote-{q}": "",
        },
    )
    assert r.status_code == 200 and r.json()["ok"] and r.json()["saved"] == [q]
    r2 = client.post(
        url,
        {
            "version": audit.version,
            f"answer-{q}": "no",
            f"note-{q}": "y",
            f"base-{q}": "",
            f"basenote-{q}": "",
        },
    )
    # The same person's stale version (two autosaves racing) is their own earlier save:
    # saved, and not reported as someone else's change (issue 9).
    assert r2.status_code == 200 and r2.json()["saved"] == [q] and not r2.json()["merged"]
    mine = r2.json()["version"]
    audit.refresh_from_db()
    audit_services.save_answers(
        actor=world.users["qa"],
        audit=audit,
        version=audit.version,
        answers=[AnswerInput(q, "partly", "QA", "no", "y")],
    )
    r3 = client.post(
        url,
        {
            "version": mine,
            f"answer-{q}": "yes",
            f"note-{q}": "z",
            f"base-{q}": "no",
            f"basenote-{q}": "y",
        },
    )
    assert r3.status_code == 409 and r3.json()["conflicts"][0]["theirs_value"] == "partly"


def test_blind_second_marker_cannot_see_first_marks(client, world):
    audit = world.audit()
    layout = audit_selectors.audit_layout(audit)
    audit_services.save_answers(
        actor=world.users["auditor"],
        audit=audit,
        version=audit.version,
        answers=[AnswerInput(q.id, "yes", "FIRSTNOTE") for s in layout for q in s.visible],
    )
    audit_services.submit(actor=world.users["auditor"], audit=audit)
    audit_services.select_for_moderation(
        actor=world.users["qa"], audit_round=world.round, audit_ids=[audit.pk]
    )
    sign_in(client, world.users["second"])
    assert client.get(reverse("audits:detail", args=[audit.pk])).status_code == 403
    assert client.get(reverse("audits:history", args=[audit.pk])).status_code == 403
    r = client.get(reverse("audits:second_mark", args=[audit.pk, layout[0].id]))
    assert r.status_code == 200 and "FIRSTNOTE" not in r.content.decode()
    assert "checked" not in r.content.decode()


def test_results_and_practitioner_view(client, world):
    audit = next(a for a in world.audits if a.case.case_manager == world.staff[0])
    layout = audit_selectors.audit_layout(audit)
    audit_services.save_answers(
        actor=world.users["auditor"],
        audit=audit,
        version=audit.version,
        answers=[AnswerInput(q.id, "yes", "well evidenced") for s in layout for q in s.visible],
        summary="Strong assessment",
    )
    url = reverse("audits:results", args=[world.round.pk])
    sign_in(client, world.users["qa"])
    # A draft is in progress: shown apart, never in a figure.
    draft = without_charts(client.get(url).content.decode())
    assert "100%" not in draft and 'id="in-progress"' in draft
    sign_in(client, world.users["practitioner"])
    assert client.get(reverse("audits:feedback", args=[audit.pk])).status_code == 404  # draft
    audit_services.submit(actor=world.users["auditor"], audit=audit)
    sign_in(client, world.users["qa"])
    r = client.get(url)
    assert r.status_code == 200 and "100%" in r.content.decode()
    splits = client.get(url + "?show=splits")
    assert 'id="split-team"' in splits.content.decode()
    assert 'id="split-case_manager"' in splits.content.decode()
    questions = client.get(url + "?show=questions")
    assert "2.1.1a" in questions.content.decode()
    # A board member sees aggregates only: one case is below the minimum cell size.
    sign_in(client, world.users["board"])
    board = client.get(url)
    assert board.status_code == 200 and "100%" not in without_charts(board.content.decode())
    assert 'id="split-case_manager"' not in client.get(url + "?show=splits").content.decode()
    sign_in(client, world.users["practitioner"])
    mine = client.get(reverse("audits:mine")).content.decode()
    assert audit.case.reference in mine
    other = next(a for a in world.audits if a.case.case_manager != world.staff[0])
    assert other.case.reference not in mine
    r = client.get(reverse("audits:feedback", args=[audit.pk]))
    assert r.status_code == 200 and "Strong assessment" in r.content.decode()
    assert client.get(reverse("audits:feedback", args=[other.pk])).status_code == 404
    assert client.get(reverse("audits:detail", args=[audit.pk])).status_code in (403, 404)


def test_second_mark_is_offered_only_to_who_may_take_it(client, world):
    """The round's audits page offers "Second-mark" to an auditor who did not first-mark,
    never to a manager (whose role may not second-mark: they would then be refused)."""
    audit = world.audit()
    layout = audit_selectors.audit_layout(audit)
    audit_services.save_answers(
        actor=world.users["auditor"],
        audit=audit,
        version=audit.version,
        answers=[AnswerInput(q.id, "yes", "") for s in layout for q in s.visible],
    )
    audit_services.submit(actor=world.users["auditor"], audit=audit)
    audit_services.select_for_moderation(
        actor=world.users["qa"], audit_round=world.round, audit_ids=[audit.pk]
    )
    url = reverse("audits:round", args=[world.round.pk])
    link = reverse("audits:second_done", args=[audit.pk])
    sign_in(client, world.users["second"])
    assert link in client.get(url).content.decode()
    sign_in(client, world.users["manager"])
    page = client.get(url).content.decode()
    assert link not in page and "Chosen for second marking" in page


def test_a_read_only_standard_shows_answers_in_words_and_people_by_name(client, world):
    audit = world.audit()
    standard = audit_selectors.audit_layout(audit)[0]
    qa = world.users["qa"]
    qa.username, qa.first_name, qa.last_name = "qa.lead@derby.example", "Quinn", "Ashby"
    qa.save()
    q = standard.visible[0].id
    stale = form_for(audit, standard, "no")  # the auditor's page, loaded before the change
    audit_services.save_answers(
        actor=qa, audit=audit, version=audit.version, answers=[AnswerInput(q, "partly", "n")]
    )
    # A stale save by the auditor: the conflict names the QA lead by name, not e-mail.
    sign_in(client, world.users["auditor"])
    body = client.post(reverse("audits:standard", args=[audit.pk, standard.id]), stale)
    text = body.content.decode()
    assert body.status_code == 409, (body.status_code, body.get("Location"))
    assert "Quinn Ashby saved &ldquo;Partly&rdquo;" in text
    assert "qa.lead@derby.example" not in text
    # Read-only once submitted: the answer in words, not its code.
    type(audit).objects.filter(pk=audit.pk).update(status=AuditStatus.SUBMITTED)
    sign_in(client, qa)
    page = client.get(reverse("audits:standard", args=[audit.pk, standard.id]))
    shown = page.content.decode()
    assert page.status_code == 200 and 'type="radio"' not in shown
    assert "<strong>Partly</strong>" in shown and "<strong>partly</strong>" not in shown
