"""A round's case-audit pages: its audits, results, moderation, judgements, inspection."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_http_methods

from yjaudit.audits.case_audits import presenters, round_listing
from yjaudit.audits.case_audits import round_scores as results
from yjaudit.audits.case_audits import selectors as audit_selectors
from yjaudit.audits.case_audits import services as audit_services
from yjaudit.audits.case_audits.forms import (
    InspectionForm,
    JudgementForm,
    OverrideForm,
    RoundAuditFilterForm,
    SelectionForm,
)
from yjaudit.audits.case_audits.services import (
    AuditError,
)
from yjaudit.audits.disclosure import disclosure_for
from yjaudit.audits.models import AuditRound
from yjaudit.organisations import permissions
from yjaudit.spec.model import RatedBy
from yjaudit.web import listing

from .lookups import _need, _round


def _audit_columns(references: bool) -> tuple[listing.Column, ...]:
    """The list's columns. Who may not see case references sees each case by its place
    in the sample, and may sort by that, never by the reference."""
    first = (
        listing.Column("reference", _l("Reference"), ("case__reference",))
        if references
        else listing.Column("reference", _l("Case"), ("sampled_case__position",))
    )
    return (
        first,
        listing.Column("disposal", _l("Disposal"), ("case__disposal_type", *first.fields)),
        listing.Column("manager", _l("Case manager"), ("case__case_manager__name", *first.fields)),
        listing.Column("auditor", _l("Auditor"), ("auditor_name", *first.fields)),
        # Worked out per case from the framework's rules: sorted in Python (see below).
        listing.Column("answered", _l("Answered"), ("answered",), numeric=True),
        listing.Column("status", _l("Status"), ("status_rank", *first.fields)),
        listing.Column(
            "moderation",
            _l("Moderation"),
            ("moderation_selected", "second_marking_done", *first.fields),
        ),
        listing.Column("second_marker", _l("Second marker"), ("second_marker_name", *first.fields)),
        listing.Column("updated", _l("Last changed"), ("updated_at",)),
    )


@login_required
def round_audits(request: HttpRequest, round_pk: int) -> HttpResponse:
    """The round's case audits, sorted, searched, filtered and paged from the query string
    (every view of the list has its own address; bad values are ignored)."""
    audit_round = _round(request, round_pk)
    _need(request, "audit.review", audit_round)
    framework = results.round_framework(audit_round)
    references = permissions.may_see_case_references_in(request.user, audit_round.service_id)
    columns = _audit_columns(references)
    query_in = request.GET.copy()
    if not references:  # no search by reference, nor one carried along in the links
        query_in.pop("q", None)
    sorting = listing.read_sort(query_in, columns, "reference")
    form = RoundAuditFilterForm(
        query_in or None,
        auditors=round_listing.auditors_in(audit_round),
        references=references,
    )
    chosen = form.filters()
    audits = round_listing.audits_listed(
        audit_round,
        chosen,
        () if sorting.key == "answered" else listing.order_fields(columns, sorting),
    )
    if sorting.key == "answered":
        # Answered counts come from each case's questions: rows for every match (no
        # query per row), sorted by the share answered; ties keep reference order.
        every = presenters.audit_rows(
            audit_round,
            request.user,
            list(
                audits.order_by("case__reference" if references else "sampled_case__position", "pk")
            ),
        )
        every.sort(key=lambda r: (r.share_answered, r.answered), reverse=sorting.descending)
        page, query = listing.paginate(every, query_in)
        rows = list(page.object_list)
    else:
        page, query = listing.paginate(audits, query_in)
        rows = presenters.audit_rows(audit_round, request.user, list(page.object_list))
    can = {
        a: permissions.can(request.user, f"audit.{a}", audit_round.service)
        for a in ("moderate", "judge", "results", "answer")
    }
    judged = [s for s in framework.standards if s.rated_by is RatedBy.JUDGEMENT]
    return render(
        request,
        "audits/audit/round.html",
        {
            "round": audit_round,
            "rows": rows,
            "page": page,
            "query": query,
            "form": form,
            "filtered": bool(chosen),
            "references": references,
            "sort": listing.param(query_in, "sort"),
            "headings": listing.headings(query_in, columns, sorting),
            "can": can,
            "judged": judged,
        },
    )


@login_required
def results_page(request: HttpRequest, round_pk: int) -> HttpResponse:
    audit_round = _round(request, round_pk, "audit.results")
    section = request.GET.get("show", "overview")
    if section not in presenters.RESULT_SECTIONS:
        section = "overview"
    shown = disclosure_for(request.user, audit_round.service)
    page = presenters.results_page(audit_round, section, shown)
    return render(
        request,
        "audits/audit/results.html",
        {
            "round": audit_round,
            "page": page,
            "section": section,
            "shown": shown,
            "can_judge": permissions.can(request.user, "audit.judge", audit_round.service),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def moderation(request: HttpRequest, round_pk: int) -> HttpResponse:
    audit_round = _round(request, round_pk, "audit.moderate")
    audits = list(audit_selectors.audits_in_round(audit_round))
    form = SelectionForm(
        request.POST or None,
        choices=[(a.pk, a.case.reference) for a in audits if not a.moderation_selected],
    )
    if request.method == "POST" and form.is_valid():
        share = form.cleaned_data.get("share")
        try:
            chosen = audit_services.select_for_moderation(
                actor=request.user,
                audit_round=audit_round,
                audit_ids=form.cleaned_data.get("audits") or (),
                share=share / 100 if share else None,
                seed=form.cleaned_data.get("seed"),
            )
        except AuditError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("%(n)d cases chosen for second marking.") % {"n": len(chosen)}
            )
            return redirect("audits:moderation", round_pk=audit_round.pk)
    return render(
        request,
        "audits/audit/moderation.html",
        {
            "round": audit_round,
            "form": form,
            "selected": [a for a in audits if a.moderation_selected],
            "agreement": presenters.agreement_tables(audit_round),
        },
    )


@login_required
def judgements(request: HttpRequest, round_pk: int) -> HttpResponse:
    audit_round = _round(request, round_pk, "audit.results")
    return render(
        request,
        "audits/audit/judgements.html",
        {
            "round": audit_round,
            "rows": presenters.judgement_rows(
                audit_round, disclosure_for(request.user, audit_round.service)
            ),
            "can_judge": permissions.can(request.user, "audit.judge", audit_round.service),
        },
    )


def _ratings(audit_round: AuditRound, standard_id: str) -> list[str]:
    framework = results.round_framework(audit_round)
    try:
        standard = framework.standard(standard_id)
    except KeyError:
        raise Http404 from None
    scheme = framework.rating_scheme(standard.rating_scheme)
    if scheme is None:
        raise Http404
    return [b.label for b in scheme.bands]


@login_required
@require_http_methods(["GET", "POST"])
def judgement_edit(request: HttpRequest, round_pk: int, standard_id: str) -> HttpResponse:
    audit_round = _round(request, round_pk, "audit.judge")
    framework = results.round_framework(audit_round)
    ratings = _ratings(audit_round, standard_id)
    standard = framework.standard(standard_id)
    if standard.rated_by is not RatedBy.JUDGEMENT:
        raise Http404
    current = audit_round.judgements.filter(standard_id=standard_id).first()
    initial = (
        {"rating": current.rating, "evidence": current.evidence, "reasons": current.reasons}
        if current
        else None
    )
    form = JudgementForm(request.POST or None, initial=initial, ratings=ratings)
    if request.method == "POST" and form.is_valid():
        try:
            audit_services.set_judgement(
                actor=request.user,
                audit_round=audit_round,
                standard_id=standard_id,
                **form.cleaned_data,
            )
        except AuditError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Rating saved."))
            return redirect("audits:judgements", round_pk=audit_round.pk)
    return render(
        request,
        "audits/audit/judgement_form.html",
        {"round": audit_round, "standard": standard, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def override_edit(request: HttpRequest, round_pk: int, standard_id: str) -> HttpResponse:
    audit_round = _round(request, round_pk, "audit.judge")
    framework = results.round_framework(audit_round)
    ratings = _ratings(audit_round, standard_id)
    standard = framework.standard(standard_id)
    current = audit_round.overrides.filter(standard_id=standard_id).first()
    initial = {"rating": current.rating, "reason": current.reason} if current else None
    form = OverrideForm(
        request.POST or None,
        initial=initial,
        ratings=ratings,
        blank=_("No override: the computed rating stands"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            audit_services.set_override(
                actor=request.user,
                audit_round=audit_round,
                standard_id=standard_id,
                rating=form.cleaned_data["rating"],
                reason=form.cleaned_data["reason"],
            )
        except AuditError as exc:
            form.add_error("reason", str(exc))
        else:
            messages.success(request, _("Override saved."))
            return redirect("audits:results", round_pk=audit_round.pk)
    computed = presenters.computed_rating(audit_round, standard_id)
    return render(
        request,
        "audits/audit/override_form.html",
        {"round": audit_round, "standard": standard, "form": form, "computed": computed},
    )


@login_required
@require_http_methods(["GET", "POST"])
def inspection(request: HttpRequest, round_pk: int) -> HttpResponse:
    audit_round = _round(request, round_pk, "audit.results")
    can_judge = permissions.can(request.user, "audit.judge", audit_round.service)
    form = InspectionForm(request.POST or None)
    if request.method == "POST":
        if not can_judge:
            raise PermissionDenied
        if form.is_valid():
            try:
                findings = presenters.parse_findings(form.cleaned_data["findings"])
                audit_services.import_inspection(
                    actor=request.user,
                    audit_round=audit_round,
                    findings=findings,
                    source=form.cleaned_data["source"],
                )
            except AuditError as exc:
                form.add_error("findings", str(exc))
            else:
                messages.success(request, _("Inspection findings saved."))
                return redirect("audits:inspection", round_pk=audit_round.pk)
    return render(
        request,
        "audits/audit/inspection.html",
        {
            "round": audit_round,
            "form": form,
            "can_judge": can_judge,
            "rows": presenters.inspection_rows(
                audit_round, disclosure_for(request.user, audit_round.service)
            ),
        },
    )
