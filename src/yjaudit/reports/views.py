"""Report pages and downloads. Permissions decide (`selectors`); `make` builds."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from yjaudit.audits.disclosure import FULL, disclosure_for
from yjaudit.audits.models import AuditRound, CaseAudit
from yjaudit.organisations import permissions
from yjaudit.organisations.models import StaffMember
from yjaudit.organisations.views_support import get_scoped_object_or_404
from yjaudit.web import listing

from . import selectors
from .benchmarks import BenchmarkFileError
from .case_audit_report import build_case_audit_report, case_audit_filename
from .make import build_document, filename
from .render import CONTENT_TYPES, FORMATS
from .render import render as render_format
from .render.html import render_fragment
from .services import request_report_file

ROUND_KINDS = ("round", "trend", "board")
# Files made by a background job (the page asks, then waits on the job's page); HTML
# stays a direct download, as small as the page itself.
JOB_FORMATS = ("pdf", "docx", "xlsx")


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Every report the user may open: rounds' reports, and practitioner feedback."""
    rounds = selectors.rounds_for(request.user).order_by("service__name", "-period_end", "-pk")
    # Paged: the inspectorate may see every service's rounds (1,240 at national scale).
    page, query = listing.paginate(rounds, request.GET)
    feedback = []
    for r in selectors.practitioner_rounds(request.user).order_by("-period_end", "-pk"):
        people = list(selectors.sampled_practitioners(request.user, r))
        if people:
            feedback.append((r, people))
    return render(
        request,
        "reports/index.html",
        {"rounds": page, "page": page, "query": query, "feedback": feedback},
    )


def _round(request: HttpRequest, pk: int, action: str) -> AuditRound:
    return get_object_or_404(selectors.rounds_for(request.user, action), pk=pk)


def _download(data: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


def _page(
    request: HttpRequest, audit_round: AuditRound, kind: str, staff: StaffMember | None
) -> HttpResponse:
    shown = FULL if staff is not None else disclosure_for(request.user, audit_round.service)
    try:
        doc = build_document(audit_round, kind, staff=staff, shown=shown)
    except BenchmarkFileError as exc:
        return render(
            request, "reports/problem.html", {"round": audit_round, "problem": str(exc)}, status=500
        )
    return render(
        request,
        "reports/report_page.html",
        {
            "round": audit_round,
            "doc": doc,
            "kind": kind,
            "staff": staff,
            "body": mark_safe(render_fragment(doc)),  # noqa: S308 - our autoescaped template
            "formats": FORMATS,
            "job_formats": JOB_FORMATS,
            "kinds": ROUND_KINDS,
            "can_export": staff is not None
            or permissions.can(request.user, "report.export", audit_round.service),
            "practitioners": selectors.sampled_practitioners(request.user, audit_round),
        },
    )


@login_required
@require_GET
def round_report(request: HttpRequest, pk: int, kind: str = "round") -> HttpResponse:
    if kind not in ROUND_KINDS:
        raise Http404
    return _page(request, _round(request, pk, "report.view"), kind, None)


@login_required
@require_GET
def download(request: HttpRequest, pk: int, kind: str, fmt: str) -> HttpResponse:
    if kind not in ROUND_KINDS or fmt not in FORMATS:
        raise Http404
    audit_round = _round(request, pk, "report.export")
    doc = build_document(audit_round, kind, shown=disclosure_for(request.user, audit_round.service))
    return _download(render_format(doc, fmt), fmt, filename(audit_round, kind, fmt))


@login_required
@require_POST
def request_file(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """Ask for a PDF, Word or Excel file of a round's report; its job page follows."""
    fmt = request.POST.get("fmt", "")
    if kind not in ROUND_KINDS:
        raise Http404
    audit_round = _round(request, pk, "report.export")
    if fmt not in JOB_FORMATS:
        return render(
            request,
            "reports/problem.html",
            {"round": audit_round, "problem": _("Choose PDF, Word or Excel.")},
            status=400,
        )
    job = request_report_file(actor=request.user, audit_round=audit_round, kind=kind, fmt=fmt)
    return redirect("jobs:job", pk=job.pk)


def _practitioner(request: HttpRequest, pk: int, staff_pk: int) -> tuple[AuditRound, StaffMember]:
    audit_round = get_object_or_404(selectors.practitioner_rounds(request.user), pk=pk)
    staff = get_object_or_404(selectors.practitioners_for(request.user, audit_round), pk=staff_pk)
    return audit_round, staff


@login_required
@require_GET
def practitioner_report(request: HttpRequest, pk: int, staff_pk: int) -> HttpResponse:
    audit_round, staff = _practitioner(request, pk, staff_pk)
    return _page(request, audit_round, "practitioner", staff)


@login_required
@require_GET
def practitioner_download(request: HttpRequest, pk: int, staff_pk: int, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    audit_round, staff = _practitioner(request, pk, staff_pk)
    doc = build_document(audit_round, "practitioner", staff=staff)
    return _download(
        render_format(doc, fmt), fmt, filename(audit_round, "practitioner", fmt, staff)
    )


# -- one case audit, printable -----------------------------------------------------------


def _printable(request: HttpRequest, pk: int) -> CaseAudit:
    """The case audit, if the reader may print it: out of scope is 404 (existence does not
    leak), a second marker who must mark blind is refused (403)."""
    audit = get_scoped_object_or_404(
        CaseAudit.objects.select_related(
            "round",
            "round__service",
            "round__framework_edition",
            "case",
            "auditor",
            "second_marker",
            "signed_off_by",
        ),
        request.user,
        "audit.review",
        service_field="case__service",
        staff_field="case__case_manager",
        pk=pk,
    )
    if not permissions.may_print_case_audit(request.user, audit):
        raise PermissionDenied(_("Second markers see the first marks only once they finish."))
    return audit


@login_required
@require_GET
def case_audit(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable case audit: the GOV.UK page on screen, A4 without navigation in print."""
    audit = _printable(request, pk)
    doc = build_case_audit_report(
        audit, show_reference=permissions.may_see_case_reference(request.user, audit)
    )
    return render(
        request,
        "reports/case_audit_page.html",
        {
            "audit": audit,
            "doc": doc,
            "body": mark_safe(render_fragment(doc)),  # noqa: S308 - our autoescaped template
        },
    )


@login_required
@require_GET
def case_audit_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The same document as a PDF (one case: a second or so, so no background job)."""
    audit = _printable(request, pk)
    doc = build_case_audit_report(
        audit, show_reference=permissions.may_see_case_reference(request.user, audit)
    )
    return _download(render_format(doc, "pdf"), "pdf", case_audit_filename(audit, "pdf"))
