"""Staff pages for questionnaires: collections, one-use links (printable sheet with QR
codes), paper entry, results and free text.

`permissions` decides (voice.view, voice.manage, voice.enter, voice.free_text);
services write, selectors read. Every page here needs a signed-in user with a role in
the service: deny by default. The answering pages are in `answering.py`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yjaudit.charts.qr import qr_svg
from yjaudit.indicators.periods import Quarter
from yjaudit.organisations import permissions
from yjaudit.organisations.models import Service
from yjaudit.organisations.views_support import service_for_action
from yjaudit.questionnaires import Questionnaire

from . import presenters, selectors, services
from .forms import IssueLinksForm, OpenCollectionForm, paper_form_class
from .models import Collection
from .questionnaires import bundled, questionnaire_of, words_language


def _language() -> str:
    return words_language()


def _collection(service: Service, pk: int) -> tuple[Collection, Questionnaire]:
    collection = get_object_or_404(Collection, service=service, pk=pk)
    questionnaire = questionnaire_of(collection.questionnaire)
    if questionnaire is None:
        raise Http404
    return collection, questionnaire


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    services_ = permissions.services_for(request.user, "voice.view").order_by("name")
    if services_.count() == 1:
        return redirect("voice:service", service_code=services_[0].code)
    return render(request, "voice/index.html", {"services": services_})


@login_required
@require_http_methods(["GET", "POST"])
def service_page(request: HttpRequest, service_code: str) -> HttpResponse:
    """The service's collections and results; POST opens a collection (voice.manage)."""
    action = "voice.manage" if request.method == "POST" else "voice.view"
    service = service_for_action(request.user, service_code, action)
    form = OpenCollectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            collection = services.open_collection(
                actor=request.user,
                service=service,
                questionnaire_id=form.cleaned_data["questionnaire"],
                name=form.cleaned_data["name"],
            )
        except services.VoiceError as exc:
            form.add_error("questionnaire", str(exc))
        else:
            messages.success(request, _("Collection opened: issue links or enter paper forms."))
            return redirect("voice:collection", service_code=service.code, pk=collection.pk)
    return render(
        request,
        "voice/service.html",
        {
            "service": service,
            "rows": selectors.collections(service),
            "questionnaires": [
                {"id": q.id, "title": q.title.get(_language())} for q in bundled().values()
            ],
            "form": form,
            "can_manage": permissions.can(request.user, "voice.manage", service),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def collection_page(request: HttpRequest, service_code: str, pk: int) -> HttpResponse:
    service = service_for_action(request.user, service_code, "voice.view")
    collection, questionnaire = _collection(service, pk)
    row = next(r for r in selectors.collections(service) if r.collection.pk == collection.pk)
    return render(
        request,
        "voice/collection.html",
        {
            "service": service,
            "collection": collection,
            "questionnaire": questionnaire,
            "questionnaire_title": questionnaire.title.get(_language()),
            "row": row,
            "can_manage": permissions.can(request.user, "voice.manage", service),
            "can_enter": permissions.can(request.user, "voice.enter", service),
        },
    )


def _qr_svg(url: str, number: int) -> str:
    title = _("QR code for link %(n)s") % {"n": number}
    return qr_svg(url, title=title, size=150, css_class="yj-qr")


@login_required
@require_http_methods(["GET", "POST"])
def issue_links(request: HttpRequest, service_code: str, pk: int) -> HttpResponse:
    """GET: how many links; POST: issue them and show the printable sheet, once."""
    service = service_for_action(request.user, service_code, "voice.manage")
    collection, questionnaire = _collection(service, pk)
    form = IssueLinksForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            tokens = services.issue_links(
                actor=request.user, collection=collection, count=form.cleaned_data["count"]
            )
        except services.VoiceError as exc:
            form.add_error("count", str(exc))
        else:
            links = []
            for n, token in enumerate(tokens, start=1):
                url = request.build_absolute_uri(reverse("voice:start", kwargs={"token": token}))
                links.append({"number": n, "url": url, "qr": mark_safe(_qr_svg(url, n))})  # noqa: S308 (our QR SVG, title escaped)
            sheet = render(
                request,
                "voice/sheet.html",
                {
                    "service": service,
                    "collection": collection,
                    "questionnaire": questionnaire,
                    "links": links,
                    "language": _language(),
                },
            )
            sheet["Cache-Control"] = "no-store"  # the links are shown once, never cached
            return sheet
    return render(
        request,
        "voice/issue_links.html",
        {"service": service, "collection": collection, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def close(request: HttpRequest, service_code: str, pk: int) -> HttpResponse:
    service = service_for_action(request.user, service_code, "voice.manage")
    collection, _questionnaire = _collection(service, pk)
    try:
        services.close_collection(actor=request.user, collection=collection)
    except services.VoiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Collection closed: its unused links no longer work."))
    return redirect("voice:collection", service_code=service.code, pk=collection.pk)


@login_required
@require_http_methods(["GET", "POST"])
def paper(request: HttpRequest, service_code: str, pk: int) -> HttpResponse:
    """One paper questionnaire's answers, all questions on one page (source=paper)."""
    service = service_for_action(request.user, service_code, "voice.enter")
    collection, questionnaire = _collection(service, pk)
    form = paper_form_class(questionnaire, _language())(request.POST or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        answers = {q.id: str(data.get(q.id) or "") for q in questionnaire.questions}
        try:
            services.enter_paper(
                actor=request.user,
                collection=collection,
                answers=answers,
                submitted_on=data["submitted_on"],
                language=data["paper_language"],
            )
        except services.AnswersRefused as exc:
            problems = exc.problems
        except services.VoiceError as exc:
            form.add_error("submitted_on", str(exc))
        else:
            messages.success(request, _("Paper questionnaire saved."))
            if request.POST.get("then") == "another":
                return redirect("voice:paper", service_code=service.code, pk=collection.pk)
            return redirect("voice:collection", service_code=service.code, pk=collection.pk)
    return render(
        request,
        "voice/paper.html",
        {
            "service": service,
            "collection": collection,
            "questionnaire": questionnaire,
            "form": form,
            "problems": problems,
        },
        status=400 if (form.errors or problems) else 200,
    )


def _quarter(
    request: HttpRequest, service: Service, questionnaire: Questionnaire
) -> tuple[Quarter, list[Quarter]]:
    today = timezone.localdate()
    latest = selectors.latest_quarter(service, questionnaire, today)
    offered = selectors.offered_quarters(latest, today)
    chosen = request.GET.get("quarter", "")
    return next((q for q in offered if q.label == chosen), latest), offered


@login_required
@require_GET
def results(request: HttpRequest, service_code: str, questionnaire_id: str) -> HttpResponse:
    service = service_for_action(request.user, service_code, "voice.view")
    questionnaire = questionnaire_of(questionnaire_id)
    if questionnaire is None:
        raise Http404
    quarter, offered = _quarter(request, service, questionnaire)
    found = selectors.service_results(service, questionnaire, quarter)
    return render(
        request,
        "voice/results.html",
        {
            "service": service,
            "questionnaire": questionnaire,
            "title": questionnaire.title.get(_language()),
            "quarter": quarter,
            "quarters": offered,
            "results": found,
            "rows": presenters.result_rows(found, _language()),
            "can_read_text": permissions.can(request.user, "voice.free_text", service),
        },
    )


@login_required
@require_GET
def free_text(request: HttpRequest, service_code: str, questionnaire_id: str) -> HttpResponse:
    service = service_for_action(request.user, service_code, "voice.free_text")
    questionnaire = questionnaire_of(questionnaire_id)
    if questionnaire is None:
        raise Http404
    quarter, offered = _quarter(request, service, questionnaire)
    language = _language()
    texts: list[dict[str, Any]] = [
        {"text": q.text.get(language), "answers": answers}
        for q, answers in selectors.free_text(service, questionnaire, quarter)
    ]
    return render(
        request,
        "voice/free_text.html",
        {
            "service": service,
            "questionnaire": questionnaire,
            "title": questionnaire.title.get(language),
            "quarter": quarter,
            "quarters": offered,
            "texts": texts,
        },
    )
