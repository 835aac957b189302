"""One submit (issue 9.4): the feedback and "case manager present" typed on the case
audit page are saved with the submission, never dropped; sign-off and return show what
they act on before they act, and work without JavaScript."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audits.audit_world import build_world
from cases.factories import sign_in
from yjaudit.audits.case_audits import selectors as audit_selectors
from yjaudit.audits.case_audits import services as audit_services
from yjaudit.audits.case_audits.services import AnswerInput, AuditDetails, AuditError, Incomplete
from yjaudit.audits.models import AuditStatus
from yjaudit.audittrail.models import AuditEvent

pytestmark = pytest.mark.django_db

FEEDBACK = "Clear plan; record the victim's views next time."


@pytest.fixture
def world():
    return build_world(n=2)


def answer_all(world, audit):
    items = [
        AnswerInput(q.id, "yes", "seen")
        for s in audit_selectors.audit_layout(audit)
        for q in s.visible
    ]
    audit_services.save_answers(
        actor=world.users["auditor"], audit=audit, version=audit.version, answers=items
    )


def test_submit_service_saves_the_details_with_it(world):
    audit = world.audit()
    answer_all(world, audit)
    done = audit_services.submit(
        actor=world.users["auditor"],
        audit=audit,
        version=audit.version,
        details=AuditDetails(True, FEEDBACK),
    )
    done.refresh_from_db()
    assert done.status == AuditStatus.SUBMITTED
    assert (done.summary, done.case_manager_present) == (FEEDBACK, True)
    assert AuditEvent.objects.filter(action="audit.update", object_id=str(audit.pk)).exists()


def test_refused_submission_keeps_the_details(world):
    audit = world.audit()
    with pytest.raises(Incomplete):
        audit_services.submit(
            actor=world.users["auditor"],
            audit=audit,
            version=audit.version,
            details=AuditDetails(False, FEEDBACK),
        )
    audit.refresh_from_db()
    assert audit.status == AuditStatus.DRAFT
    assert (audit.summary, audit.case_manager_present) == (FEEDBACK, False)


def test_submit_button_on_the_page_saves_the_typed_feedback(client, world):
    sign_in(client, world.users["auditor"])
    audit = world.audit()
    url = reverse("audits:details", args=[audit.pk])
    form = {"version": audit.version, "case_manager_present": "yes", "summary": FEEDBACK}
    # Not all answered: refused, with the feedback saved and shown again.
    r = client.post(url, {**form, "submit": "1"})
    body = r.content.decode()
    assert r.status_code == 400 and 'id="missing"' in body and 'id="details-saved"' in body
    assert FEEDBACK.replace("'", "&#x27;") in body
    audit.refresh_from_db()
    assert audit.summary == FEEDBACK and audit.status == AuditStatus.DRAFT
    answer_all(world, audit)
    audit.refresh_from_db()
    changed = {**form, "version": audit.version, "summary": FEEDBACK + " Well done."}
    r = client.post(url, {**changed, "submit": "1"})
    # Saved, then a confirmation page (issue 16): nothing is submitted before confirming.
    confirm = reverse("audits:submit", args=[audit.pk])
    assert r.status_code == 302 and r["Location"] == confirm
    audit.refresh_from_db()
    assert audit.status == AuditStatus.DRAFT and audit.summary == FEEDBACK + " Well done."
    page = client.get(confirm).content.decode()
    assert 'id="confirm-submit"' in page and "Well done." in page
    audit.refresh_from_db()
    assert audit.status == AuditStatus.DRAFT  # a GET never writes
    r = client.post(confirm, {"version": audit.version})
    assert r.status_code == 302
    audit.refresh_from_db()
    assert audit.status == AuditStatus.SUBMITTED and audit.summary == FEEDBACK + " Well done."
    assert audit.case_manager_present is True


def test_the_case_audit_page_has_one_form_for_details_and_submit(client, world):
    sign_in(client, world.users["auditor"])
    audit = world.audit()
    body = client.get(reverse("audits:detail", args=[audit.pk])).content.decode()
    form = body[body.index('<form method="post" action="/audits/') :]
    form = form[: form.index("</form>")]
    assert 'name="summary"' in form and 'id="submit-audit"' in form


def moderated(world):
    audit = world.audit()
    answer_all(world, audit)
    audit_services.save_details(
        actor=world.users["auditor"],
        audit=audit,
        version=audit.version,
        details=AuditDetails(True, FEEDBACK),
    )
    audit_services.submit(actor=world.users["auditor"], audit=audit)
    audit_services.complete_moderation(actor=world.users["qa"], audit=audit)
    audit.refresh_from_db()
    return audit


def test_sign_off_asks_first_saying_what_is_signed_off(client, world):
    audit = moderated(world)
    sign_in(client, world.users["qa"])
    url = reverse("audits:signoff", args=[audit.pk])
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200 and audit.case.reference in body
    assert world.users["auditor"].get_username() in body and 'id="what"' in body
    assert "Not second-marked" in body and "Yes" in body
    audit.refresh_from_db()
    assert audit.status == AuditStatus.MODERATED  # a GET changes nothing
    r = client.post(url, {"version": audit.version})
    assert r.status_code == 302
    audit.refresh_from_db()
    assert audit.status == AuditStatus.SIGNED_OFF


def test_sign_off_of_a_changed_case_audit_is_refused(client, world):
    audit = moderated(world)
    sign_in(client, world.users["qa"])
    shown = audit.version
    audit_services.return_with_comments(actor=world.users["qa"], audit=audit, comments="Look")
    r = client.post(reverse("audits:signoff", args=[audit.pk]), {"version": shown})
    assert r.status_code == 400 and 'id="signoff-error"' in r.content.decode()
    with pytest.raises(AuditError):
        audit_services.sign_off(actor=world.users["qa"], audit=audit, version=shown)


def test_return_page_says_what_is_returned(client, world):
    audit = moderated(world)
    sign_in(client, world.users["qa"])
    url = reverse("audits:return", args=[audit.pk])
    body = client.get(url).content.decode()
    assert 'id="what"' in body and audit.case.reference in body and "Return to the auditor" in body
    r = client.post(url, {"version": audit.version, "comments": "Check 2.1.1 again."})
    assert r.status_code == 302
    audit.refresh_from_db()
    assert audit.status == AuditStatus.RETURNED


def test_reopen_page_says_what_is_reopened(client, world):
    audit = moderated(world)
    audit_services.sign_off(actor=world.users["qa"], audit=audit)
    audit.refresh_from_db()
    sign_in(client, world.users["qa"])
    url = reverse("audits:reopen", args=[audit.pk])
    body = client.get(url).content.decode()
    assert 'id="what"' in body and "Signed off" in body and "Reopen the case audit" in body
    r = client.post(url, {"version": audit.version - 1, "reason": "Wrong case manager"})
    assert r.status_code == 400
    audit.refresh_from_db()
    assert audit.status == AuditStatus.SIGNED_OFF
    r = client.post(url, {"version": audit.version, "reason": "Wrong case manager"})
    assert r.status_code == 302
    audit.refresh_from_db()
    assert audit.status == AuditStatus.DRAFT
