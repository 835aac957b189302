"""Writes to voice: collections, one-use links, answers (online and paper), all
audit-trailed.

Anonymous answering: the trail rows of an online answer name the collection, never
the link, and keep no client address (`_anonymous`), so the trail cannot tie a
response to the person who was handed a link.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yjaudit.audittrail import context as trail_context
from yjaudit.audittrail.actors import Actor, user_of
from yjaudit.audittrail.services import record
from yjaudit.errors import DomainError
from yjaudit.organisations.models import Service
from yjaudit.questionnaires import check_answers

from .models import Collection, Link, Response, Source
from .questionnaires import questionnaire_of
from .rules import voice_rules
from .selectors import following_route, unusable_reason
from .tokens import hash_token, new_token


class VoiceError(DomainError):
    """A questionnaire change the domain refuses."""


class LinkUnusable(VoiceError):
    """A link that was used already, has expired, or whose collection is closed."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason  # "used", "expired" or "closed"


class AnswersRefused(VoiceError):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@contextmanager
def _anonymous() -> Iterator[None]:
    """Trail rows written inside keep the request id but no client address."""
    ctx = trail_context.current()
    token = trail_context._current.set(trail_context.RequestContext(request_id=ctx.request_id))
    try:
        yield
    finally:
        trail_context._current.reset(token)


def open_collection(
    *, actor: Actor, service: Service, questionnaire_id: str, name: str = ""
) -> Collection:
    questionnaire = questionnaire_of(questionnaire_id)
    if questionnaire is None:
        raise VoiceError(_("There is no questionnaire “%s”.") % questionnaire_id[:64])
    # No name: pages show the questionnaire's title in their reader's language
    # (`Collection.title`), never one language's words stored for everyone.
    label = name.strip()[:200]
    with transaction.atomic():
        collection = Collection.objects.create(
            service=service,
            questionnaire=questionnaire.id,
            name=label,
            opened_by=user_of(actor),
        )
        record(
            actor=actor,
            action="voice.collection_open",
            target=collection,
            after={"questionnaire": questionnaire.id, "name": label},
        )
    return collection


def close_collection(*, actor: Actor, collection: Collection) -> Collection:
    """No more online answers; unused links stop working. Answers already given stay."""
    with transaction.atomic():
        collection = Collection.objects.select_for_update().get(pk=collection.pk)
        if collection.closed_at is not None:
            raise VoiceError(_("This collection is closed already."))
        collection.closed_at = timezone.now()
        collection.save(update_fields=["closed_at"])
        record(actor=actor, action="voice.collection_close", target=collection)
    return collection


def issue_links(
    *, actor: Actor, collection: Collection, count: int, now: dt.datetime | None = None
) -> list[str]:
    """`count` new one-use tokens; returned once, only their hashes are kept."""
    rules = voice_rules()
    if not 1 <= count <= rules.max_links_per_batch:
        raise VoiceError(
            _("Issue between 1 and %(n)s links at a time.") % {"n": rules.max_links_per_batch}
        )
    now = now or timezone.now()
    expires = now + dt.timedelta(days=rules.link_days)
    tokens = [new_token() for _ in range(count)]
    with transaction.atomic():
        collection = Collection.objects.select_for_update().get(pk=collection.pk)
        if not collection.is_open:
            raise VoiceError(_("This collection is closed: open a new one to issue links."))
        Link.objects.bulk_create(
            Link(collection=collection, token_hash=hash_token(t), issued_at=now, expires_at=expires)
            for t in tokens
        )
        record(
            actor=actor,
            action="voice.links_issue",
            target=collection,
            after={"count": count, "expires": expires.date().isoformat()},
        )
    return tokens


def _refuse(reason: str) -> LinkUnusable:
    messages = {
        "used": _("This link has already been used to answer the questionnaire."),
        "expired": _("This link has expired."),
        "closed": _("This questionnaire is no longer taking answers."),
    }
    return LinkUnusable(messages[reason], reason)


def save_draft_answer(
    *, actor: Actor, link: Link, question_id: str, value: str, now: dt.datetime | None = None
) -> dict[str, str]:
    """Keep one answer (blank: none) on the link until the person submits; returns the
    answers so far. The trail row says how many questions are answered, not what."""
    questionnaire = questionnaire_of(link.collection.questionnaire)
    assert questionnaire is not None
    with transaction.atomic(), _anonymous():
        locked = Link.objects.select_for_update().select_related("collection").get(pk=link.pk)
        reason = unusable_reason(locked, now)
        if reason:
            raise _refuse(reason)
        answers = {str(k): str(v) for k, v in (locked.draft or {}).items()}
        if value.strip():
            answers[question_id] = value
        else:
            answers.pop(question_id, None)
        answers = following_route(questionnaire, answers)
        problems = [
            str(p) for p in check_answers(questionnaire, answers) if p.question == question_id
        ]
        if problems:
            raise AnswersRefused(problems)
        locked.draft = answers
        locked.save(update_fields=["draft"])
        record(
            actor=actor,
            action="voice.draft",
            target=locked.collection,
            after={"answered": len(answers)},
        )
    return answers


def submit_online(
    *, actor: Actor, link: Link, language: str, today: dt.date | None = None
) -> Response:
    """Store the link's answers as one response and mark the link used, in one
    transaction holding the link's row: a second submit (or a race) is refused."""
    questionnaire = questionnaire_of(link.collection.questionnaire)
    assert questionnaire is not None
    today = today or timezone.localdate()
    with transaction.atomic(), _anonymous():
        locked = Link.objects.select_for_update().select_related("collection").get(pk=link.pk)
        reason = unusable_reason(locked)
        if reason:
            raise _refuse(reason)
        answers = {str(k): str(v) for k, v in (locked.draft or {}).items()}
        problems = check_answers(questionnaire, answers)
        if problems:
            raise AnswersRefused([str(p) for p in problems])
        response = Response.objects.create(
            collection=locked.collection,
            source=Source.ONLINE,
            submitted_on=today,
            language=_language(language),
            answers=answers,
        )
        locked.used, locked.draft = True, {}
        locked.save(update_fields=["used", "draft"])
        record(
            actor=actor,
            action="voice.response_online",
            target=locked.collection,
            after={"answered": len(answers)},
        )
    return response


def enter_paper(
    *,
    actor: Actor,
    collection: Collection,
    answers: Mapping[str, str],
    submitted_on: dt.date,
    language: str = "en",
) -> Response:
    """One paper questionnaire typed in by staff (source=paper), checked like online."""
    questionnaire = questionnaire_of(collection.questionnaire)
    assert questionnaire is not None
    given = {k: v for k, v in answers.items() if str(v).strip()}
    problems = check_answers(questionnaire, given)
    if problems:
        raise AnswersRefused([str(p) for p in problems])
    if submitted_on > timezone.localdate():
        raise VoiceError(_("The date the questionnaire was filled in cannot be in the future."))
    with transaction.atomic():
        response = Response.objects.create(
            collection=collection,
            source=Source.PAPER,
            submitted_on=submitted_on,
            language=_language(language),
            answers=given,
            entered_by=user_of(actor),
        )
        record(
            actor=actor,
            action="voice.response_paper",
            target=response,
            service=collection.service_id,
            after={
                "collection": collection.pk,
                "submitted_on": submitted_on.isoformat(),
                "answered": len(given),
            },
        )
    return response


def _language(code: str) -> str:
    return "cy" if code.lower().startswith("cy") else "en"
