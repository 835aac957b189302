"""Saves that never fail silently (issue 9.3): who changed what, and failed saves shown.

"Someone else changed" only when someone else did: a person's own earlier saves (two
quick autosaves racing with one version number) are never reported as another's, on
SQLite and PostgreSQL alike (run this file with DATABASE_URL for the latter). A save the
database cannot take is shown as not saved, with what was typed kept.
"""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse

from audits.audit_world import build_world
from cases.factories import sign_in
from yjaudit.audits.case_audits import selectors as audit_selectors
from yjaudit.audits.case_audits import services as audit_services
from yjaudit.audits.case_audits.services import AnswerInput, StaleEdit
from yjaudit.audits.models import CaseAnswer

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world(n=2)


def questions(audit, n=3):
    return [q.id for s in audit_selectors.audit_layout(audit) for q in s.visible][:n]


def save(world, who, audit, version, *items):
    return audit_services.save_answers(
        actor=world.users[who], audit=audit, version=version, answers=list(items)
    )


def stored(audit, q):
    row = CaseAnswer.objects.filter(audit=audit, question_id=q).first()
    return (row.value, row.note) if row else None


def test_own_racing_saves_of_one_question_are_not_a_conflict(world):
    audit = world.audit()
    (q,) = questions(audit, 1)
    v0 = audit.version
    # Two autosaves sent before the first answered: both name v0 and the base "".
    save(world, "auditor", audit, v0, AnswerInput(q, "yes", "first", "", ""))
    second = save(world, "auditor", audit, v0, AnswerInput(q, "no", "second", "", ""))
    assert second.saved == [q] and not second.merged
    assert stored(audit, q) == ("no", "second")


def test_own_racing_saves_of_two_questions_are_not_someone_elses_change(world):
    audit = world.audit()
    q1, q2 = questions(audit, 2)
    v0 = audit.version
    save(world, "auditor", audit, v0, AnswerInput(q1, "yes", "", "", ""))
    outcome = save(world, "auditor", audit, v0, AnswerInput(q2, "no", "", "", ""))
    assert outcome.saved == [q2] and not outcome.merged


def test_someone_elses_save_between_is_reported_as_merged(world):
    audit = world.audit()
    q1, q2 = questions(audit, 2)
    v0 = audit.version
    save(world, "qa", audit, v0, AnswerInput(q1, "yes", "", "", ""))
    outcome = save(world, "auditor", audit, v0, AnswerInput(q2, "no", "", "", ""))
    assert outcome.merged
    # Their save, then mine, then my own older racing request: I was told once; the
    # last change is mine, so the racing one is not reported again.
    again = save(world, "auditor", audit, v0, AnswerInput(q2, "partly", "", "no", ""))
    assert not again.merged


def test_someone_elses_change_of_the_same_question_still_conflicts(world):
    audit = world.audit()
    (q,) = questions(audit, 1)
    v0 = audit.version
    save(world, "auditor", audit, v0, AnswerInput(q, "yes", "mine", "", ""))
    save(world, "qa", audit, audit.version, AnswerInput(q, "no", "QA's", "yes", "mine"))
    with pytest.raises(StaleEdit) as exc:
        save(world, "auditor", audit, v0 + 1, AnswerInput(q, "partly", "", "yes", "mine"))
    (conflict,) = exc.value.conflicts
    assert conflict.by == world.users["qa"].get_username() and conflict.theirs_value == "no"
    assert stored(audit, q) == ("no", "QA's")


def test_own_cleared_answer_is_not_a_conflict_but_someone_elses_is(world):
    audit = world.audit()
    q1, q2 = questions(audit, 2)
    v0 = audit.version
    save(world, "auditor", audit, v0, AnswerInput(q1, "yes", "", "", ""))
    save(world, "auditor", audit, v0 + 1, AnswerInput(q1, "", "", "yes", ""))  # cleared
    # A request sent before the clearing was answered: base "yes", version v0 + 1.
    outcome = save(world, "auditor", audit, v0 + 1, AnswerInput(q1, "no", "", "yes", ""))
    assert outcome.saved == [q1] and stored(audit, q1) == ("no", "")

    save(world, "auditor", audit, audit.version, AnswerInput(q2, "yes", "", "", ""))
    mine = audit.version
    save(world, "qa", audit, mine, AnswerInput(q2, "", "", "yes", ""))  # QA clears it
    with pytest.raises(StaleEdit):
        save(world, "auditor", audit, mine, AnswerInput(q2, "no", "", "yes", ""))


def test_page_save_after_own_autosave_does_not_say_someone_else(client, world):
    """The no-JavaScript form posts the version the page loaded; an autosave of the same
    person in between must not make it say "Someone else also changed"."""
    sign_in(client, world.users["auditor"])
    audit = world.audit()
    standard = audit_selectors.audit_layout(audit)[0]
    q1, q2 = (q.id for q in standard.visible[:2])
    v0 = audit.version
    save(world, "auditor", audit, v0, AnswerInput(q1, "yes", "", "", ""))
    url = reverse("audits:standard", args=[audit.pk, standard.id])
    data = {"version": v0, f"answer-{q2}": "no", f"note-{q2}": "", f"base-{q2}": ""}
    data[f"basenote-{q2}"] = ""
    r = client.post(url, data, follow=True)
    body = r.content.decode()
    assert "Answers saved." in body and "Someone else" not in body
    # Someone else's change in between is reported.
    save(world, "qa", audit, audit.version, AnswerInput(q1, "partly", "", "yes", ""))
    data.update({f"answer-{q2}": "partly", f"base-{q2}": "no", "version": v0 + 1})
    r = client.post(url, data, follow=True)
    assert "Someone else also changed other answers" in r.content.decode()


def test_page_save_the_database_refuses_keeps_the_typed_answers(client, world):
    sign_in(client, world.users["auditor"])
    audit = world.audit()
    standard = audit_selectors.audit_layout(audit)[0]
    q = standard.visible[0].id
    url = reverse("audits:standard", args=[audit.pk, standard.id])
    data = {"version": audit.version, f"answer-{q}": "partly", f"note-{q}": "typed evidence"}
    locked = OperationalError("database is locked")
    with mock.patch.object(audit_services, "save_answers", side_effect=locked):
        r = client.post(url, data)
    body = r.content.decode()
    assert r.status_code == 503
    assert "Not saved: the database was busy" in body and "Answers saved" not in body
    assert "typed evidence" in body and 'value="partly" checked' in body
    assert stored(audit, q) is None


def test_autosave_the_database_refuses_is_503_for_the_script_to_retry(client, world):
    sign_in(client, world.users["auditor"])
    audit = world.audit()
    standard = audit_selectors.audit_layout(audit)[0]
    q = standard.visible[0].id
    url = reverse("audits:autosave", args=[audit.pk, standard.id])
    data = {"version": audit.version, f"answer-{q}": "yes", f"note-{q}": ""}
    locked = OperationalError("database is locked")
    with mock.patch.object(audit_services, "save_answers", side_effect=locked):
        r = client.post(url, data)
    assert r.status_code == 503
    assert r.json()["ok"] is False and r.json()["retry"] is True
    r = client.post(url, data)
    assert r.status_code == 200 and r.json()["saved"] == [q]


def test_api_save_the_database_refuses_is_503_not_500(world):
    from rest_framework.test import APIClient

    audit = world.audit()
    (q,) = questions(audit, 1)
    client = sign_in(APIClient(), world.users["auditor"])
    body = {"version": audit.version, "answers": [{"question_id": q, "value": "yes"}]}
    url = f"/api/v1/case-audits/{audit.pk}/answers/"
    locked = OperationalError("database is locked")
    with mock.patch.object(audit_services, "save_answers", side_effect=locked):
        r = client.post(url, body, format="json")
    assert r.status_code == 503 and "Not saved" in r.json()["detail"]
    assert client.post(url, body, format="json").status_code == 200
