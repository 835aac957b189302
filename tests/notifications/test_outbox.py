"""Notifications from the audits workflow reach a real SMTP server once, in the
recipient's language, in plain text and HTML, and carry no child's data."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import time_machine
from click.testing import CliRunner
from django.utils import timezone

from audits.audit_world import build_world
from yjaudit.accounts import services as account_services
from yjaudit.audits.case_audits import selectors as audit_selectors
from yjaudit.audits.case_audits import services as audit_services
from yjaudit.audits.case_audits.services import AnswerInput
from yjaudit.audits.models import AuditRound, CaseAudit, SampledCase
from yjaudit.audittrail.models import AuditEvent
from yjaudit.cli.main import main
from yjaudit.notifications import services
from yjaudit.notifications.kinds import Kind
from yjaudit.notifications.models import Notification, Status
from yjaudit.notifications.selectors import language_of
from yjaudit.notifications.services import NotificationError, notify, send_pending

from .conftest import free_port, start_sink, text_and_html

pytestmark = pytest.mark.django_db

PLANTED_REFERENCE = "PLANTED-REF-7731"
PLANTED_NAME = "Jordan Plantedname"


@pytest.fixture
def world() -> Any:
    w = build_world(n=4)
    for key, user in w.users.items():
        user.email = f"{key}@derby.example"
        user.save()
    audit = w.audit()
    audit.case.reference = PLANTED_REFERENCE
    audit.case.save()
    return w


def _submitted(world: Any) -> CaseAudit:
    audit = world.audit()
    layout = audit_selectors.audit_layout(audit)
    audit_services.save_answers(
        actor=world.users["auditor"],
        audit=audit,
        version=audit.version,
        answers=[
            AnswerInput(q.id, "yes", f"Seen {PLANTED_NAME} at home")
            for s in layout
            for q in s.visible
        ],
    )
    return audit_services.submit(actor=world.users["auditor"], audit=audit)


def _returned(world: Any) -> CaseAudit:
    return audit_services.return_with_comments(
        actor=world.users["qa"],
        audit=_submitted(world),
        comments=f"Check the plan for {PLANTED_NAME} ({PLANTED_REFERENCE}).",
    )


def _trail_text() -> str:
    rows = AuditEvent.objects.filter(action__startswith="notification.")
    return json.dumps([[r.object_repr, r.before, r.after] for r in rows])


def test_a_returned_audit_reaches_the_auditor_over_smtp_with_a_link_only(smtp_sink, world):
    audit = _returned(world)
    assert len(smtp_sink.raw) == 1
    assert smtp_sink.rcpt == [["auditor@derby.example"]]
    message = smtp_sink.messages[0]
    assert message["Subject"] == "A case audit was returned to you"
    text, html = text_and_html(message)
    link = f"https://yjaudit.example/audits/{audit.pk}/"
    assert link in text and f'href="{link}"' in html
    assert "Derby YJS" in text and '<html lang="en">' in html
    # The planted reference, the child's name and the comments are nowhere: not in the
    # e-mail as sent over the wire, nor in the outbox, nor in the audit trail's rows.
    wire = b"".join(smtp_sink.raw)
    stored = json.dumps(list(Notification.objects.values("key", "values")))
    for planted in (PLANTED_REFERENCE, PLANTED_NAME, "Check the plan"):
        assert planted.encode() not in wire
        assert planted not in stored
        assert planted not in _trail_text()
    row = Notification.objects.get(kind=Kind.AUDIT_RETURNED)
    assert (row.status, row.attempts, row.sender) == (Status.SENT, 1, "django")
    rows = AuditEvent.objects.filter(object_type="notifications.notification", object_id=row.pk)
    actions = list(rows.values_list("action", flat=True))
    assert sorted(actions) == ["notification.queue", "notification.send"]


def test_sign_off_tells_the_auditor_once_however_often_the_sender_runs(smtp_sink, world):
    audit = audit_services.complete_moderation(actor=world.users["qa"], audit=_submitted(world))
    audit_services.sign_off(actor=world.users["qa"], audit=audit)
    assert send_pending().sent == 0
    assert send_pending().sent == 0
    subjects = [m["Subject"] for m in smtp_sink.messages]
    assert subjects == ["A case audit was signed off"]
    # The same event again (same key) queues nothing.
    again = notify(
        actor=None,
        key=Notification.objects.get().key,
        kind=Kind.AUDIT_SIGNED_OFF,
        email="auditor@derby.example",
        values={"link": "x", "service": "y"},
    )
    assert again is None and len(smtp_sink.raw) == 1


def test_new_case_audits_tell_each_auditor_how_many(smtp_sink, world):
    later = AuditRound.objects.create(
        service=world.service,
        framework_edition=world.round.framework_edition,
        name="Quarter 2",
        kind="self-audit",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 3, 31),
        sample_rule="fixed-n",
        requested_size=3,
        status="in-progress",
    )
    for i, audit in enumerate(world.audits[:3]):
        SampledCase.objects.create(round=later, case=audit.case, stratum="all", position=i + 1)
    assert audit_services.ensure_audits(actor=world.users["qa"], audit_round=later) == 3
    assert sorted(r[0] for r in smtp_sink.rcpt) == [
        "auditor@derby.example",
        "second@derby.example",
    ]
    text, _html = text_and_html(smtp_sink.messages[0])
    assert "3 case audits are ready for you in Derby YJS" in text
    assert f"https://yjaudit.example/audits/round/{later.pk}/" in text
    assert PLANTED_REFERENCE.encode() not in b"".join(smtp_sink.raw)
    # Nothing new to audit: nobody is told again.
    assert audit_services.ensure_audits(actor=world.users["qa"], audit_round=later) == 0
    assert len(smtp_sink.raw) == 2


def test_a_welsh_speaker_gets_the_welsh_e_mail(smtp_sink, world):
    services.language_set(actor=world.users["auditor"], user=world.users["auditor"], language="cy")
    _returned(world)
    message = smtp_sink.messages[0]
    assert message["Subject"] == "Mae archwiliad achos wedi'i ddychwelyd atoch"
    text, html = text_and_html(message)
    assert "wedi'i ddychwelyd gyda sylwadau" in text and '<html lang="cy">' in html
    assert AuditEvent.objects.filter(action="notification.language").count() == 1
    with pytest.raises(NotificationError):
        services.language_set(actor=None, user=world.users["auditor"], language="fr")


def test_dates_are_written_in_the_recipients_language(smtp_sink, world):
    for language in ("en", "cy"):
        notify(
            actor=None,
            key=f"due-{language}",
            kind=Kind.ACTION_OVERDUE,
            email="manager@derby.example",
            language=language,
            values={"link": "https://yjaudit.example/plans/", "action": "2.1", "due": "2026-12-10"},
        )
    english, welsh = (m["Subject"] for m in smtp_sink.messages)
    assert english == "Overdue: action 2.1 (due 10 December 2026)"
    assert welsh == "Yn hwyr: cam gweithredu 2.1 (erbyn 10 Rhagfyr 2026)"


@pytest.mark.parametrize(
    "values",
    [
        {"link": "https://x/", "service": "S", "reference": PLANTED_REFERENCE},
        {"link": "https://x/", "service": "S", "comments": PLANTED_NAME},
        {"link": "https://x/", "service": "S" * 5000},
        {"link": ["a"], "service": "S"},
    ],
)
def test_a_value_not_on_the_list_is_refused_and_nothing_is_queued(values):
    with pytest.raises(NotificationError):
        notify(actor=None, key="k", kind=Kind.AUDIT_RETURNED, email="a@b.example", values=values)
    assert not Notification.objects.exists()


def test_a_failed_send_is_kept_retried_later_and_given_up_after_the_limit(settings):
    port = free_port()  # nobody listens: the connection is refused
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    values = {"link": "https://x/", "service": "Derby YJS"}
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        row = notify(
            actor=None, key="r", kind=Kind.AUDIT_RETURNED, email="a@b.example", values=values
        )
        assert row is not None
        assert (row.status, row.attempts, row.last_error) == (
            Status.PENDING,
            1,
            "ConnectionRefusedError",
        )
        assert send_pending().sent == 0  # not yet: the retry waits 5 minutes
        sink, controller = start_sink(port)
        try:
            clock.shift(dt.timedelta(minutes=6))
            assert send_pending().sent == 1
        finally:
            controller.stop()
        assert len(sink.raw) == 1
        row.refresh_from_db()
        assert row.status == Status.SENT and row.attempts == 2

        # A second one never gets through: given up after five attempts.
        notify(actor=None, key="r2", kind=Kind.AUDIT_RETURNED, email="a@b.example", values=values)
        for _ in range(6):
            clock.shift(dt.timedelta(hours=2))
            send_pending()
    failed = Notification.objects.get(key="r2")
    assert (failed.status, failed.attempts) == (Status.FAILED, 5)
    assert AuditEvent.objects.filter(action="notification.fail").count() == 6


def test_an_invitation_link_is_sent_then_removed_from_the_outbox(smtp_sink, world):
    account_services.invite(
        actor=world.users["qa"],
        email="new.person@derby.example",
        service=world.service,
        role="auditor",
        accept_url=lambda token: f"https://yjaudit.example/accounts/invitation/{token}/",
    )
    text, _html = text_and_html(smtp_sink.messages[0])
    assert "https://yjaudit.example/accounts/invitation/" in text
    assert "Auditor" in text
    row = Notification.objects.get(kind=Kind.INVITATION)
    assert row.status == Status.SENT and "link" not in row.values
    assert "/accounts/invitation/" not in _trail_text()


def test_with_a_queue_nothing_is_sent_until_send_pending_or_the_cli(smtp_sink, settings, world):
    settings.YJAUDIT_NOTIFICATIONS_QUEUED = True
    _returned(world)
    assert smtp_sink.raw == [] and Notification.objects.get().status == Status.PENDING
    result = CliRunner().invoke(main, ["notifications", "send"], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.output.strip() == "sent 1, to retry 0, failed 0; still waiting 0"
    assert len(smtp_sink.raw) == 1


def test_a_person_chooses_welsh_on_the_language_page(client, world):
    from yjaudit.accounts.testing import verified_login

    verified_login(client, world.users["auditor"])
    page = client.get("/notifications/language/")
    assert page.status_code == 200 and b'value="en" checked' in page.content
    answer = client.post("/notifications/language/", {"language": "cy"})
    assert answer.status_code == 302 and answer["Location"] == "/accounts/"
    assert b"Cymraeg" in client.get("/accounts/").content
    assert language_of(world.users["auditor"]) == "cy"
    assert client.post("/notifications/language/", {"language": "xx"}).status_code == 200
    assert language_of(world.users["auditor"]) == "cy"
