"""Published inspection ratings: the list, the import, and a round beside them.

`permissions` decides (benchmark.view and benchmark.import, global; a round's comparison
follows its aggregate reports, report.view), services write, selectors read."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from yjaudit.cases.importing.reader import ImportFileError
from yjaudit.cases.services import max_import_bytes
from yjaudit.organisations.views_support import require_action
from yjaudit.web import listing

from . import national as national_selectors
from . import national_page, presenters, selectors, services
from .fileformat import FIXED
from .forms import ImportForm


@login_required
@require_GET
@require_action("benchmark.view")
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "benchmarking/index.html",
        {
            "inspections": _with_framework_titles(selectors.inspections()),
            "may_import": selectors.may_import(request.user),
            "rounds": selectors.rounds_for(request.user)
            .select_related("service", "framework_edition")
            .order_by("service__name", "-period_end", "-pk")[:50],
        },
    )


def _with_framework_titles(inspections: Any) -> list[tuple[Any, str]]:
    """Each published inspection with its framework's name in the reader's language
    (the id where no edition of it is held)."""
    titles = selectors.framework_titles()
    return [(p, titles.get(p.framework_id, p.framework_id)) for p in inspections]


@login_required
@require_http_methods(["GET", "POST"])
@require_action("benchmark.import")
def import_file(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        # One byte past the limit is enough for the reader to refuse the file by size.
        data = upload.read(max_import_bytes() + 1)
        try:
            batch = services.import_published(actor=request.user, filename=upload.name, data=data)
        except ImportFileError as exc:
            problems = exc.problems
        else:
            messages.success(
                request,
                _("Imported %(file)s: %(c)d added, %(u)d updated, %(n)d unchanged.")
                % {"file": batch.filename, "c": batch.created, "u": batch.updated,
                   "n": batch.unchanged},
            )  # fmt: skip
            return redirect("benchmarking:index")
    return render(
        request,
        "benchmarking/import.html",
        {
            "form": form,
            "problems": problems,
            "columns": FIXED,
            "recent": selectors.recent_imports(),
        },
        status=400 if problems or form.errors else 200,
    )


@login_required
@require_GET
def round_comparison(request: HttpRequest, pk: int) -> HttpResponse:
    audit_round = get_object_or_404(
        selectors.rounds_for(request.user).select_related("service", "framework_edition"), pk=pk
    )
    comparison = selectors.comparison(request.user, audit_round)
    return render(
        request,
        "benchmarking/round.html",
        {
            "round": audit_round,
            "comparison": comparison,
            "rows": presenters.rows(comparison),
            "rating_labels": presenters.rating_labels(comparison),
            "charts": presenters.charts(comparison),
        },
    )


def _national_lines(request: HttpRequest) -> tuple[list[national_page.Line], Any, Any]:
    filters = national_page.read_filters(request.GET)
    found = national_selectors.rows(request.user, filters, get_language() or "")
    ordered, sorting = national_page.sort_rows(found, request.GET)
    return national_page.lines(ordered), found, sorting


@login_required
@require_GET
@require_action(national_selectors.ACTION)
def national(request: HttpRequest) -> HttpResponse:
    """Every service's latest results side by side (the services the user may see)."""
    lines, found, sorting = _national_lines(request)
    page, query = listing.paginate(lines, request.GET)
    filters = national_page.read_filters(request.GET)
    boxes = national_page.date_boxes(request.GET)
    csv_query = request.GET.copy()
    csv_query.pop("page", None)
    return render(
        request,
        "benchmarking/national.html",
        {
            "page": page,
            "query": query,
            "csv_query": csv_query.urlencode(),
            "headings": listing.headings(request.GET, national_page.COLUMNS, sorting),
            "charts": national_page.charts(national_selectors.distributions(found)),
            "filters": filters,
            "date_boxes": boxes,
            "date_errors": [box for box in boxes if box.error],
            "editions": national_selectors.editions_in(request.user),
            "subjects": national_page.subjects(),
            "total": len(lines),
            "with_results": sum(1 for line in lines if line.row.summary is not None),
            "pending": sum(1 for line in lines if line.row.pending),
        },
    )


@login_required
@require_GET
@require_action(national_selectors.ACTION)
def national_csv(request: HttpRequest) -> HttpResponse:
    lines, _found, _sorting = _national_lines(request)
    response = HttpResponse(
        national_page.to_csv(lines).encode("utf-8-sig"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="national-results.csv"'
    response["Cache-Control"] = "no-store"
    return response
