"""The public answering pages: one question per page, no account, no JavaScript.

A one-use link's token is the only key: answers so far wait on the link (`draft`)
until the check-your-answers page submits them, which marks the link used in the same
transaction. A used, expired or closed link answers 410 with a polite page; an unknown
one 404. Every POST is CSRF-protected, bounded in size and rate-limited per link and
per client address (`rules.yaml`). Question text follows the page's language (English
or Welsh, switched on the page).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from yjaudit.questionnaires import Question, QuestionKind, Questionnaire

from . import ratelimit, selectors, services
from .models import Link
from .questionnaires import questionnaire_of, words_language
from .rules import voice_rules


def _language() -> str:
    return words_language()


def _link(token: str) -> tuple[Link, Questionnaire]:
    link = selectors.find_link(token)
    if link is None:
        raise Http404
    questionnaire = questionnaire_of(link.collection.questionnaire)
    if questionnaire is None:
        raise Http404
    return link, questionnaire


def _unusable(request: HttpRequest, reason: str) -> HttpResponse:
    return render(request, "voice/public/unusable.html", {"reason": reason}, status=410)


def _refused_post(request: HttpRequest, link: Link) -> HttpResponse | None:
    """413 for an oversized body, 429 past the rate limit; None when the POST may go on."""
    try:
        size = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        size = 0
    if size > voice_rules().max_post_bytes:
        return render(request, "voice/public/refused.html", {"kind": "size"}, status=413)
    address = request.META.get("REMOTE_ADDR") or "unknown"
    if not (ratelimit.allow("link", link.token_hash) and ratelimit.allow("address", address)):
        return render(request, "voice/public/refused.html", {"kind": "rate"}, status=429)
    return None


def _context(questionnaire: Questionnaire, token: str, **extra: Any) -> dict[str, Any]:
    language = _language()
    return {
        "token": token,
        "language": language,
        "title": questionnaire.title.get(language),
        **extra,
    }


@require_GET
def start(request: HttpRequest, token: str) -> HttpResponse:
    link, questionnaire = _link(token)
    reason = selectors.unusable_reason(link)
    if reason:
        return _unusable(request, reason)
    first = selectors.next_question(questionnaire, link.draft or {}, None)
    language = _language()
    description = questionnaire.description.get(language) if questionnaire.description else ""
    return render(
        request,
        "voice/public/start.html",
        _context(questionnaire, token, description=description, first=first),
    )


def _choices(questionnaire: Questionnaire, question: Question, language: str) -> list[Any]:
    scale = questionnaire.scale_of(question)
    return [(o.value, o.text.get(language)) for o in scale.options] if scale else []


@require_http_methods(["GET", "POST"])
def question(request: HttpRequest, token: str, question_id: str) -> HttpResponse:
    link, questionnaire = _link(token)
    reason = selectors.unusable_reason(link)
    if reason:
        return _unusable(request, reason)
    answers = {str(k): str(v) for k, v in (link.draft or {}).items()}
    route = {q.id: q for q in selectors.asked_route(questionnaire, answers)}
    current = route.get(question_id)
    if current is None:
        raise Http404  # not a question, or one the route skips
    language = _language()
    error = ""
    value = answers.get(current.id, "")
    if request.method == "POST":
        refused = _refused_post(request, link)
        if refused is not None:
            return refused
        value = str(request.POST.get("answer", ""))
        if (
            current.kind is QuestionKind.CHOICE
            and value
            and value not in dict(_choices(questionnaire, current, language))
        ):
            error = _("Select one of the answers, or leave it blank to skip")
        elif current.kind is QuestionKind.TEXT and len(value) > current.max_length:
            error = _("Your answer must be %(n)s characters or fewer") % {"n": current.max_length}
        elif current.required and not value.strip():
            error = _("Answer this question to continue")
        else:
            try:
                answers = services.save_draft_answer(
                    actor=AnonymousUser(), link=link, question_id=current.id, value=value
                )
            except services.LinkUnusable as exc:
                return _unusable(request, exc.reason)
            except services.AnswersRefused:
                error = _("Select one of the answers, or leave it blank to skip")
            else:
                following = selectors.next_question(questionnaire, answers, current.id)
                if following is None or request.POST.get("then") == "check":
                    return redirect("voice:check", token=token)
                return redirect("voice:question", token=token, question_id=following.id)
    previous = selectors.previous_question(questionnaire, answers, current.id)
    number = list(route).index(current.id) + 1
    return render(
        request,
        "voice/public/question.html",
        _context(
            questionnaire,
            token,
            question=current,
            text=current.text.get(language),
            hint=current.hint.get(language) if current.hint else "",
            choices=_choices(questionnaire, current, language),
            is_text=current.kind is QuestionKind.TEXT,
            value=value,
            error=error,
            previous=previous,
            number=number,
            then="check" if "check" in (request.GET.get("then"), request.POST.get("then")) else "",
        ),
        status=400 if error else 200,
    )


@require_http_methods(["GET", "POST"])
def check(request: HttpRequest, token: str) -> HttpResponse:
    link, questionnaire = _link(token)
    reason = selectors.unusable_reason(link)
    if reason:
        return _unusable(request, reason)
    language = _language()
    problems: list[str] = []
    if request.method == "POST":
        refused = _refused_post(request, link)
        if refused is not None:
            return refused
        try:
            services.submit_online(actor=AnonymousUser(), link=link, language=language)
        except services.LinkUnusable as exc:
            return _unusable(request, exc.reason)
        except services.AnswersRefused as exc:
            problems = exc.problems
        else:
            return redirect("voice:thanks")
    answers = {str(k): str(v) for k, v in (link.draft or {}).items()}
    rows = []
    for q in selectors.asked_route(questionnaire, answers):
        given = answers.get(q.id, "")
        shown = dict(_choices(questionnaire, q, language)).get(given, given)
        rows.append({"question": q, "text": q.text.get(language), "answer": shown})
    last = rows[-1]["question"] if rows else None
    return render(
        request,
        "voice/public/check.html",
        _context(questionnaire, token, rows=rows, problems=problems, last=last),
        status=400 if problems else 200,
    )


@require_GET
def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "voice/public/thanks.html")
