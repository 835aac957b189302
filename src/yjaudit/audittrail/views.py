from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from yjaudit.interchange.csvtable import escape_cell
from yjaudit.organisations import permissions
from yjaudit.organisations.views_support import require_action

from .forms import EventFilterForm
from .presenters import rows
from .selectors import actions_seen, events_for, mark_readable

PAGE_SIZE = 50
EXPORT_BATCH = 500


def _filtered(request: HttpRequest) -> tuple[EventFilterForm, Any]:
    services = permissions.services_for(request.user, "audittrail.view")
    form = EventFilterForm(
        request.GET or None, services=services, actions=actions_seen(request.user)
    )
    filters = form.cleaned_data if form.is_valid() else {}
    service = filters.get("service")
    events = events_for(
        request.user,
        service_id=service.pk if service is not None else None,
        action=filters.get("action") or "",
        actor=filters.get("actor") or "",
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
        search=filters.get("q") or "",
    )
    return form, events


@require_GET
@require_action("audittrail.view")
def event_list(request: HttpRequest) -> HttpResponse:
    form, events = _filtered(request)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    # Values (before, after, the object's description) only where the reader may see the
    # service's cases; others see that a change happened, by whom, when and to what kind.
    shown = rows(mark_readable(page.object_list, request.user))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audittrail/event_list.html",
        {
            "form": form,
            "page": page,
            "rows": shown,
            "query": query.urlencode(),
            "searched": form.cleaned_data.get("q", "") if form.is_bound and form.is_valid() else "",
        },
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@require_GET
@require_action("audittrail.view")
def event_export(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered trail as CSV, in words, with the same hiding of values as the page."""
    _form, events = _filtered(request)
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff" + writer.writerow(
            [
                _("When (UTC)"),
                _("Who"),
                _("Action"),
                _("Action code"),
                _("What"),
                _("Object id"),
                _("Description"),
                _("Service"),
                _("Changes"),
            ]
        )
        paginator = Paginator(events, EXPORT_BATCH)
        for number in paginator.page_range:
            batch = list(paginator.page(number).object_list)
            for row in rows(mark_readable(batch, request.user)):
                changes = "; ".join(f"{c.field}: {c.before} -> {c.after}" for c in row.changes)
                if row.values_hidden:
                    changes = _("Not shown: you may not see this service's cases.")
                cells = [
                    row.event.timestamp.astimezone(dt.UTC).isoformat(timespec="seconds"),
                    row.who,
                    row.action,
                    row.event.action,
                    row.what,
                    row.event.object_id,
                    row.description,
                    row.service,
                    changes,
                ]
                yield writer.writerow([escape_cell(str(c)) for c in cells])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="audit-trail-{stamp}.csv"'
    return response
