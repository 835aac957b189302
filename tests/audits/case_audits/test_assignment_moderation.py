"""Issue 16: assigning auditors and second markers, moderation per standard with
accept-all, counts that follow the resolutions, and confirmation pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from audits.audit_world import build_world
from cases.factories import sign_in
from yjaudit.audits.case_audits import selectors as audit_selectors
from yjaudit.audits.case_audits import services as audit_services
from yjaudit.audits.case_audits.services import AnswerInput, AuditError
from yjaudit.audits.models import AuditStatus, CaseAnswer, Resolution
from yjaudit.audittrail.models import AuditEvent
from yjaudit.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = build_world()
    names = {"qa": ("Quinn", "Lead"), "auditor": ("Ada", "Auditor"), "second": ("Sam", "Second")}
    for key, (first, last) in names.items():
        user = w.users[key]
        user.first_name, user.last_name, user.email = first, last, f"{key}@example.org"
        user.save()
    return w


def _marked(world: Any, second_value: str = "partly", n_diff: int = 3) -> Any:
    """A submitted case audit second-marked by "second", differing on the first `n_diff`
    questions of the first standard (and on the first question of the second)."""
    audit = world.audit()
    layout = audit_selectors.audit_layout(audit)
    auditor, second, qa = world.users["auditor"], world.users["second"], world.users["qa"]
    audit_services.assign(actor=qa, audit=audit, auditor=auditor, second_marker=second)
    audit.refresh_from_db()
    audit_services.save_answers(
        actor=auditor,
        audit=audit,
        version=audit.version,
        answers=[AnswerInput(q.id, "yes", "first note") for s in layout for q in s.visible],
    )
    audit_services.submit(actor=auditor, audit=audit)
    differ = {q.id for q in layout[0].visible[:n_diff]} | {layout[1].visible[0].id}
    audit_services.save_second_marks(
        actor=second,
        audit=audit,
        marks=[
            AnswerInput(q.id, second_value if q.id in differ else "yes", "second note")
            for s in layout
            for q in s.visible
        ],
    )
    audit_services.finish_second_marking(actor=second, audit=audit)
    audit.refresh_from_db()
    return audit


# -- assignment ------------------------------------------------------------------------


def test_assign_one_records_the_trail_and_tells_the_people_named(world):
    audit = world.audit()
    qa, auditor, second = world.users["qa"], world.users["auditor"], world.users["second"]
    audit_services.assign(actor=qa, audit=audit, auditor=auditor, second_marker=second)
    audit.refresh_from_db()
    assert (audit.auditor, audit.second_marker) == (auditor, second)
    assert audit.moderation_selected
    event = AuditEvent.objects.filter(action="audit.assign", object_id=str(audit.pk)).get()
    assert event.after["second_marker_id"] == second.pk
    told = set(
        Notification.objects.filter(key__startswith="audit_assigned_to:").values_list(
            "recipient_id", flat=True
        )
    )
    assert told == {auditor.pk, second.pk}
    # The same again changes nothing and records nothing.
    audit_services.assign(actor=qa, audit=audit, auditor=auditor, second_marker=second)
    assert AuditEvent.objects.filter(action="audit.assign").count() == 1


def test_assign_refuses_wrong_people(world):
    audit = world.audit()
    qa, auditor = world.users["qa"], world.users["auditor"]
    with pytest.raises(AuditError, match="must not be the auditor"):
        audit_services.assign(actor=qa, audit=audit, auditor=auditor, second_marker=auditor)
    with pytest.raises(AuditError, match="need that role"):
        audit_services.assign(actor=qa, audit=audit, auditor=world.users["board"])
    audit.refresh_from_db()
    assert audit.auditor is None and not AuditEvent.objects.filter(action="audit.assign")


def test_bulk_assign_all_or_none(world):
    qa, auditor, second = world.users["qa"], world.users["auditor"], world.users["second"]
    ids = [a.pk for a in world.audits[:4]]
    done = audit_services.assign_many(
        actor=qa, audit_round=world.round, audit_ids=ids, auditor=auditor
    )
    assert len(done) == 4
    assert {a.auditor_id for a in done} == {auditor.pk}
    assert AuditEvent.objects.filter(action="audit.assign").count() == 4
    # One notification for the batch, with its count.
    note = Notification.objects.get(key__startswith="audit_assigned_to:", recipient=auditor)
    assert note.values["count"] == 4
    # Second marker = the auditor on these: refused for all, nothing changed.
    with pytest.raises(AuditError):
        audit_services.assign_many(
            actor=qa, audit_round=world.round, audit_ids=ids, second_marker=auditor
        )
    assert AuditEvent.objects.filter(action="audit.assign").count() == 4
    audit_services.assign_many(
        actor=qa, audit_round=world.round, audit_ids=ids, second_marker=second
    )
    assert AuditEvent.objects.filter(action="audit.assign").count() == 8


def test_named_second_marker_is_the_only_one_who_may_mark(world):
    audit = world.audit()
    qa, auditor, second = world.users["qa"], world.users["auditor"], world.users["second"]
    audit_services.assign(actor=qa, audit=audit, auditor=auditor, second_marker=second)
    layout = audit_selectors.audit_layout(audit)
    audit.refresh_from_db()
    audit_services.save_answers(
        actor=auditor,
        audit=audit,
        version=audit.version,
        answers=[AnswerInput(q.id, "yes") for s in layout for q in s.visible],
    )
    audit_services.submit(actor=auditor, audit=audit)
    audit.refresh_from_db()
    assert audit_services.can_second_mark(second, audit)
    assert not audit_services.can_second_mark(qa, audit)


def test_bulk_assignment_page(client, world):
    sign_in(client, world.users["qa"])
    url = reverse("audits:assign", args=[world.round.pk])
    page = client.get(url).content.decode()
    # Names, never logins or e-mail addresses, in the choices.
    assert "Ada Auditor" in page and "Sam Second" in page and "@example.org" not in page
    # Nothing ticked: the GOV.UK error summary links to the first tick box.
    r = client.post(url, {"auditor": str(world.users["auditor"].pk)})
    body = r.content.decode()
    assert r.status_code == 400 and "govuk-error-summary" in body and "#id_audits_0" in body
    ids = [a.pk for a in world.audits[:3]]
    r = client.post(
        url,
        {
            "audits": [str(i) for i in ids],
            "auditor": str(world.users["auditor"].pk),
            "second_marker": str(world.users["second"].pk),
        },
    )
    assert r.status_code == 302
    page = client.get(url).content.decode()
    assert page.count("Ada Auditor") >= 4  # 3 rows and the choice
    assert AuditEvent.objects.filter(action="audit.assign").count() == 3
    round_page = client.get(reverse("audits:round", args=[world.round.pk])).content.decode()
    # 3 rows and the auditor filter's choice; the second marker in each row.
    assert round_page.count("Ada Auditor") == 4 and round_page.count("Sam Second") == 3


def test_one_assignment_page_and_names_on_the_case_page(client, world):
    audit = world.audit()
    sign_in(client, world.users["qa"])
    url = reverse("audits:assign_one", args=[audit.pk])
    assert client.get(url).status_code == 200
    r = client.post(url, {"auditor": str(world.users["auditor"].pk), "second_marker": ""})
    assert r.status_code == 302
    page = client.get(reverse("audits:detail", args=[audit.pk])).content.decode()
    assert 'id="auditor">Ada Auditor<' in page
    assert world.users["auditor"].get_username() not in page


# -- moderation per standard ----------------------------------------------------------


def test_resolve_per_question_and_accept_all_update_the_counts(world):
    audit = _marked(world)
    qa = world.users["qa"]
    diffs = audit_selectors.differences(audit)
    assert len(diffs) == 4
    first_standard = diffs[0].standard_id
    audit_services.resolve_differences(
        actor=qa, audit=audit, choices=[AnswerInput(diffs[0].question_id, "no", "why")]
    )
    assert CaseAnswer.objects.get(audit=audit, question_id=diffs[0].question_id).value == "no"
    done = audit_services.accept_marker(
        actor=qa, audit=audit, standard_id=first_standard, marker="second"
    )
    assert len(done) == 2  # the two still open in that standard; the chosen one stays
    assert Resolution.objects.get(audit=audit, question_id=diffs[0].question_id).value == "no"
    for d in diffs[1:3]:
        assert CaseAnswer.objects.get(audit=audit, question_id=d.question_id).value == "partly"
    still = [d for d in audit_selectors.differences(audit) if d.resolved_value is None]
    assert [d.question_id for d in still] == [diffs[3].question_id]
    with pytest.raises(AuditError):
        audit_services.accept_marker(
            actor=qa, audit=audit, standard_id=first_standard, marker="first"
        )
    assert AuditEvent.objects.filter(action="audit.resolve").count() == 3


def test_differences_pages_words_errors_and_counts(client, world):
    audit = _marked(world)
    diffs = audit_selectors.differences(audit)
    sid = diffs[0].standard_id
    sign_in(client, world.users["qa"])
    case_page = client.get(reverse("audits:detail", args=[audit.pk])).content.decode()
    assert "4 differences between the markers still to resolve" in case_page
    assert 'id="moderate"' not in case_page  # not offered while differences are open
    overview = client.get(reverse("audits:differences", args=[audit.pk])).content.decode()
    url = reverse("audits:differences_standard", args=[audit.pk, sid])
    assert url in overview and "Ada Auditor" in overview and "Sam Second" in overview
    page = client.get(url).content.decode()
    # One standard's differences only, answers in the framework's words.
    assert page.count('class="govuk-summary-card__title"') == 3
    assert "<strong>Partly</strong>" in page and "<strong>Yes</strong>" in page
    assert "<strong>partly</strong>" not in page
    # "Save" with nothing chosen: the error summary says so (nothing written).
    r = client.post(url, {"accept": ""})
    body = r.content.decode()
    assert r.status_code == 400 and "govuk-error-summary" in body
    assert "Choose the answer that stands" in body
    assert not Resolution.objects.filter(audit=audit).exists()
    # One question chosen: back to the same standard's place.
    r = client.post(url, {f"value-{diffs[0].question_id}": "no", "accept": ""})
    assert r.status_code == 302 and r["Location"] == f"{url}#standard-{sid.replace('.', '')}"
    # Accept all of the first marker for the rest of the standard.
    r = client.post(url, {"accept": "first"})
    assert r.status_code == 302
    page = client.get(url).content.decode()
    assert "0 differences still to resolve in this standard" in page
    assert 'id="next-standard"' in page
    case_page = client.get(reverse("audits:detail", args=[audit.pk])).content.decode()
    assert "1 difference between the markers still to resolve" in case_page
    assert "4 differences between the markers still to resolve" not in case_page
    # The last one: then "mark as moderated" is offered, through a confirmation page.
    other = diffs[3]
    r = client.post(
        reverse("audits:differences_standard", args=[audit.pk, other.standard_id]),
        {"accept": "second"},
    )
    assert r.status_code == 302
    case_page = client.get(reverse("audits:detail", args=[audit.pk])).content.decode()
    assert "All 4 differences between the markers are resolved" in case_page
    assert 'id="moderate"' in case_page


def test_moderate_confirmation_get_never_writes(client, world):
    audit = _marked(world, n_diff=0)
    sign_in(client, world.users["qa"])
    url = reverse("audits:moderate", args=[audit.pk])
    page = client.get(url).content.decode()
    audit.refresh_from_db()
    # One difference is left (the second standard's first question): not offered.
    assert audit.status == AuditStatus.SUBMITTED and 'id="blocked"' in page
    assert 'id="confirm-moderate"' not in page
    d = audit_selectors.differences(audit)[0]
    audit_services.accept_marker(
        actor=world.users["qa"], audit=audit, standard_id=d.standard_id, marker="first"
    )
    page = client.get(url).content.decode()
    assert 'id="confirm-moderate"' in page and "Ada Auditor" in page
    audit.refresh_from_db()
    assert audit.status == AuditStatus.SUBMITTED
    r = client.post(url, {"version": audit.version})
    assert r.status_code == 302
    audit.refresh_from_db()
    assert audit.status == AuditStatus.MODERATED


def test_moderate_before_second_marking_is_refused_on_the_page(client, world):
    audit = world.audit()
    layout = audit_selectors.audit_layout(audit)
    auditor = world.users["auditor"]
    audit_services.save_answers(
        actor=auditor,
        audit=audit,
        version=audit.version,
        answers=[AnswerInput(q.id, "yes") for s in layout for q in s.visible],
    )
    audit_services.submit(actor=auditor, audit=audit)
    audit_services.select_for_moderation(
        actor=world.users["qa"], audit_round=world.round, audit_ids=[audit.pk]
    )
    sign_in(client, world.users["qa"])
    assert (
        'id="moderate"'
        not in client.get(reverse("audits:detail", args=[audit.pk])).content.decode()
    )
    r = client.post(reverse("audits:moderate", args=[audit.pk]), {"version": audit.version})
    assert r.status_code == 400 and "govuk-error-summary" in r.content.decode()
    audit.refresh_from_db()
    assert audit.status == AuditStatus.SUBMITTED
