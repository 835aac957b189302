from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from yjaudit.organisations import permissions
from yjaudit.organisations.views_support import require_action

from .forms import EventFilterForm
from .selectors import events_for, mark_readable

PAGE_SIZE = 50


@require_GET
@require_action("audittrail.view")
def event_list(request: HttpRequest) -> HttpResponse:
    services = permissions.services_for(request.user, "audittrail.view")
    form = EventFilterForm(request.GET or None, services=services)
    filters = form.cleaned_data if form.is_valid() else {}
    service = filters.get("service")
    events = events_for(
        request.user,
        service_id=service.pk if service is not None else None,
        action=filters.get("action") or "",
        actor=filters.get("actor") or "",
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    # Values (before, after, the object's description) only where the reader may see the
    # service's cases; others see that a change happened, by whom, when and to what kind.
    page.object_list = mark_readable(page.object_list, request.user)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audittrail/event_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )
