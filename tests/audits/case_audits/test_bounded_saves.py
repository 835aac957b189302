"""Bounded answer saves (issue 10.2, failure 2).

The probe: a 2,000,000-character note on one answer, then the answers endpoint with a
stale version and that answer repeated 20,000 times; each duplicate conflict echoed the
note (5.4 KB request, 10 MB response) until the server was killed. Now the list, the
notes and the other texts are bounded by `settings.YJAUDIT_LIMITS`, duplicates are
refused, and a conflict response repeats at most `conflict_note_chars` of a note.
"""

from __future__ import annotations

import time

import pytest
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from audits.audit_world import build_world
from cases.factories import sign_in
from yjaudit.audits.case_audits import round_scores as results
from yjaudit.audits.case_audits import selectors as audit_selectors
from yjaudit.audits.case_audits import services as audit_services
from yjaudit.audits.case_audits.services import AnswerInput, AuditError
from yjaudit.audits.models import CaseAnswer
from yjaudit.config.limits import limit

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world(n=2)


def first_question(audit):
    return audit_selectors.audit_layout(audit)[0].visible[0].id


def api(world, who):
    return sign_in(APIClient(), world.users[who])


def test_the_probe_is_refused_at_once_with_a_small_answer(world):
    audit = world.audit()
    q = first_question(audit)
    huge = "x" * 2_000_000
    # Stored as it could be before the limit (the service refuses it now).
    CaseAnswer.objects.create(audit=audit, question_id=q, value="yes", note=huge)
    item = {"question_id": q, "value": "no", "note": "", "base_value": ""}
    started = time.perf_counter()
    r = api(world, "qa").post(
        f"/api/v1/case-audits/{audit.pk}/answers/",
        {"version": audit.version + 5, "answers": [item] * 20_000},
        format="json",
    )
    assert r.status_code == 400
    assert len(r.content) < 2_000 and time.perf_counter() - started < 5
    assert CaseAnswer.objects.get(audit=audit, question_id=q).value == "yes"


def test_a_conflict_lists_each_question_once_with_notes_cut(world):
    audit = world.audit()
    q = first_question(audit)
    CaseAnswer.objects.create(audit=audit, question_id=q, value="yes", note="y" * 2_000_000)
    item = {"question_id": q, "value": "no", "note": "", "base_value": ""}
    r = api(world, "qa").post(
        f"/api/v1/case-audits/{audit.pk}/answers/",
        {"version": audit.version + 5, "answers": [item]},
        format="json",
    )
    assert r.status_code == 409
    (conflict,) = r.json()["conflicts"]
    assert len(conflict["theirs_note"]) <= limit("conflict_note_chars") + 1
    assert conflict["notes_truncated"] is True and len(r.content) < 5_000


def test_duplicates_too_many_and_long_notes_are_refused_by_the_service(world):
    audit = world.audit()
    q = first_question(audit)
    user = world.users["auditor"]
    framework = results.round_framework(audit.round)
    with pytest.raises(AuditError, match="more than once"):
        audit_services.save_answers(
            actor=user,
            audit=audit,
            version=audit.version,
            answers=[AnswerInput(q, "yes"), AnswerInput(q, "no")],
        )
    with pytest.raises(AuditError, match="longer than"):
        audit_services.save_answers(
            actor=user,
            audit=audit,
            version=audit.version,
            answers=[AnswerInput(q, "yes", "n" * (limit("note_chars") + 1))],
        )
    # Never more answers than the framework has questions (each once: distinct ids).
    many = [AnswerInput(f"x{i}", "yes") for i in range(len(framework.questions) + 1)]
    with pytest.raises(AuditError, match="at most"):
        audit_services.save_answers(actor=user, audit=audit, version=audit.version, answers=many)
    three = override_settings(YJAUDIT_LIMITS={**_limits(), "answers_per_save": 3})
    with three, pytest.raises(AuditError, match="at most 3"):
        audit_services.save_answers(actor=user, audit=audit, version=0, answers=many[:4])
    with pytest.raises(AuditError, match="feedback is longer"):
        audit_services.save_details(
            actor=user,
            audit=audit,
            version=audit.version,
            details=audit_services.AuditDetails(True, "f" * (limit("text_chars") + 1)),
        )
    assert not CaseAnswer.objects.filter(audit=audit, question_id=q).exists()


def _limits():
    from django.conf import settings

    return dict(settings.YJAUDIT_LIMITS)


def test_api_refuses_long_notes_and_long_texts(world):
    audit = world.audit()
    q = first_question(audit)
    client = api(world, "auditor")
    long_note = "n" * (limit("note_chars") + 1)
    r = client.post(
        f"/api/v1/case-audits/{audit.pk}/answers/",
        {"version": 1, "answers": [{"question_id": q, "value": "y", "note": long_note}]},
        format="json",
    )
    assert r.status_code == 400 and not CaseAnswer.objects.filter(audit=audit, question_id=q)
    n = limit("answers_per_save") + 1
    too_many = [{"question_id": f"q{i}", "value": "yes"} for i in range(n)]
    r = client.post(
        f"/api/v1/case-audits/{audit.pk}/answers/",
        {"version": audit.version, "answers": too_many},
        format="json",
    )
    assert r.status_code == 400 and "no more than" in r.content.decode()
    r = api(world, "qa").post(
        f"/api/v1/case-audits/{audit.pk}/reopen/",
        {"text": "r" * (limit("text_chars") + 1)},
        format="json",
    )
    assert r.status_code == 400


def test_web_form_refuses_a_long_note_and_keeps_it_on_the_page(client, world):
    sign_in(client, world.users["auditor"])
    audit = world.audit()
    standard = audit_selectors.audit_layout(audit)[0]
    q = standard.visible[0].id
    note = "evidence " * (limit("note_chars") // 9 + 1)
    r = client.post(
        reverse("audits:standard", args=[audit.pk, standard.id]),
        {"version": audit.version, f"answer-{q}": "yes", f"note-{q}": note},
    )
    body = r.content.decode()
    assert r.status_code == 400 and "longer than" in body and note.strip() in body
    assert not CaseAnswer.objects.filter(audit=audit, question_id=q).exists()
    r = client.post(
        reverse("audits:details", args=[audit.pk]),
        {"version": audit.version, "summary": "s" * (limit("text_chars") + 1)},
    )
    assert r.status_code == 400


def test_other_audit_texts_are_bounded_in_the_api(world):
    client = api(world, "qa")
    long_text = "t" * (limit("text_chars") + 1)
    r = client.post(
        f"/api/v1/audit-rounds/{world.round.pk}/judgement/",
        {"standard_id": "1.1", "rating": "Good", "reason": long_text},
        format="json",
    )
    assert r.status_code == 400 and "reason" in r.json()
