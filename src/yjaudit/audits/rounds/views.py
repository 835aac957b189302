"""Pages for audit rounds and their samples. Permissions decide; services write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_http_methods, require_POST

from yjaudit.audits.models import AuditRound, SampledCase, SampleStatus
from yjaudit.audits.rounds import closing
from yjaudit.audits.rounds import selectors as round_selectors
from yjaudit.audits.rounds import services as round_services
from yjaudit.audits.rounds.forms import DrawForm, RoundFilterForm, RoundForm, SwapForm
from yjaudit.organisations import permissions
from yjaudit.organisations.views_support import (
    get_scoped_object_or_404,
    require_action,
    service_for_action,
)
from yjaudit.web import listing
from yjaudit.web.archiving import ArchivePage, archive_flow, restore_flow

ROUND_COLUMNS = (
    listing.Column("name", _l("Round"), ("name",)),
    listing.Column("service", _l("Service"), ("service__name", "name")),
    listing.Column("kind", _l("Kind"), ("kind", "name")),
    listing.Column("subject", _l("What is audited"), ("subject", "name")),
    listing.Column("period", _l("Period"), ("period_start", "period_end", "name")),
    listing.Column("status", _l("Status"), ("status", "name")),
)


@require_action("round.view")
def round_list(request: HttpRequest) -> HttpResponse:
    """Rounds, sorted, searched, filtered (status, framework, subject, archived) and
    paged, all from the query string so every view of the list has its own address."""
    sorting = listing.read_sort(request.GET, ROUND_COLUMNS, "-period")
    visible = permissions.scope(AuditRound.objects.all(), request.user, "round.view")
    form = RoundFilterForm(request.GET or None, editions=round_selectors.editions_in(visible))
    chosen = form.filters()
    rounds = round_selectors.rounds_listed(
        visible, order_by=listing.order_fields(ROUND_COLUMNS, sorting), **chosen
    )
    page, query = listing.paginate(rounds, request.GET)
    return render(
        request,
        "audits/round_list.html",
        {
            "page": page,
            "query": query,
            "form": form,
            "filtered": bool(chosen),
            "sort": listing.param(request.GET, "sort"),
            "headings": listing.headings(request.GET, ROUND_COLUMNS, sorting),
            "manageable": permissions.services_for(request.user, "round.manage"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest, service_code: str) -> HttpResponse:
    service = service_for_action(request.user, service_code, "round.manage")
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            audit_round = round_services.create_round(
                actor=request.user, service=service, **form.cleaned_data
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Round created. Now draw its sample."))
            return redirect("rounds:detail", pk=audit_round.pk)
    return render(request, "audits/round_form.html", {"form": form, "service": service})


def _round(request: HttpRequest, pk: int, action: str = "round.view") -> AuditRound:
    return get_scoped_object_or_404(
        AuditRound.objects.select_related("service", "framework_edition"),
        request.user,
        action,
        pk=pk,
    )


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    audit_round = _round(request, pk)
    rule = round_selectors.sample_rules().get(audit_round.sample_rule)
    # Fixed at the draw once drawn (cases imported later do not move it).
    figures = round_selectors.caseload_figures(audit_round)
    planned: int | str | None = None
    if rule is not None and figures.size and not rule.per_stratum:
        planned = round_services.planned_size(audit_round, figures.size)
    elif rule is not None and rule.per_stratum:
        planned = _("%(n)s for each manager") % {"n": rule.size or audit_round.requested_size}
    sample = round_selectors.active_sample(audit_round)
    swapped = audit_round.samples.filter(status=SampleStatus.SWAPPED_OUT).select_related(
        "case", "replaced_by__case"
    )
    return render(
        request,
        "audits/round_detail.html",
        {
            "round": audit_round,
            "rule": rule,
            "caseload": figures.size,
            "caseload_fixed": figures.fixed,
            "planned": planned,
            "sample": sample,
            # Cases whose audit holds work cannot be swapped (nor replaced by a redraw).
            "held_ids": set(round_selectors.work_held(sample)) if sample else set(),
            "swapped": swapped,
            "archived": round_selectors.archived_sample(audit_round),
            "comparison": round_selectors.comparison(audit_round) if sample else [],
            # An archived round is read-only: nothing to draw until it is restored.
            "can_draw": audit_round.archived_at is None
            and permissions.can(request.user, "sample.draw", audit_round.service),
            "may_archive": permissions.can(request.user, "round.archive", audit_round.service),
            "may_close": audit_round.archived_at is None and closing.may_close(audit_round),
            "draw_form": DrawForm(),
        },
    )


@login_required
@require_POST
def round_draw(request: HttpRequest, pk: int) -> HttpResponse:
    """Draw the sample; drawing again first shows what would change (a confirmation
    page, which writes nothing) and replaces only untouched cases once confirmed."""
    audit_round = _round(request, pk)
    if not permissions.can(request.user, "sample.draw", audit_round.service):
        return render(request, "403.html", status=403)
    form = DrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a seed from 0 to 2147483647, or leave it empty."))
        return redirect("rounds:detail", pk=pk)
    confirmed = form.cleaned_data["confirm"]
    try:
        round_services.draw_sample(
            actor=request.user,
            audit_round=audit_round,
            seed=form.cleaned_data["seed"],
            replace_untouched=confirmed,
            expected_replace=form.cleaned_data["replace"] if confirmed else None,
        )
    except (round_services.ConfirmationNeeded, round_services.NothingToReplace) as exc:
        return render(
            request,
            "audits/redraw_confirm.html",
            {
                "round": audit_round,
                "plan": exc.plan,
                "seed": form.cleaned_data["seed"],
                "replace_ids": ",".join(str(i) for i in sorted(exc.plan.replace_ids)),
            },
        )
    except round_services.SampleError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Sample drawn."))
    return redirect("rounds:detail", pk=pk)


@login_required
@require_POST
def sample_restore(request: HttpRequest, pk: int, sample_pk: int) -> HttpResponse:
    audit_round = _round(request, pk)
    if not permissions.can(request.user, "sample.draw", audit_round.service):
        return render(request, "403.html", status=403)
    sampled = get_object_or_404(
        SampledCase.objects.select_related("case"),
        pk=sample_pk,
        round=audit_round,
        status=SampleStatus.ARCHIVED,
    )
    try:
        round_services.restore_case(actor=request.user, sampled=sampled)
    except round_services.SampleError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Case %(ref)s is back in the sample.") % {"ref": sampled.case.reference}
        )
    return redirect("rounds:detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def sample_swap(request: HttpRequest, pk: int, sample_pk: int) -> HttpResponse:
    audit_round = _round(request, pk)
    if not permissions.can(request.user, "sample.draw", audit_round.service):
        return render(request, "403.html", status=403)
    sampled = get_object_or_404(
        SampledCase.objects.select_related("case"),
        pk=sample_pk,
        round=audit_round,
        status=SampleStatus.ACTIVE,
    )
    form = SwapForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new = round_services.swap_case(
                actor=request.user, sampled=sampled, reason=form.cleaned_data["reason"]
            )
        except round_services.SampleError as exc:
            form.add_error(None, str(exc))
        except ValidationError as error:
            form.add_error("reason", error.message_dict.get("reason", error.messages))
        else:
            messages.success(
                request,
                _("Case %(old)s swapped for %(new)s.")
                % {"old": sampled.case.reference, "new": new.case.reference},
            )
            return redirect("rounds:detail", pk=pk)
    return render(
        request,
        "audits/sample_swap.html",
        {"round": audit_round, "sampled": sampled, "form": form},
    )


def _round_page(audit_round: AuditRound) -> ArchivePage:
    back = reverse("rounds:detail", kwargs={"pk": audit_round.pk})
    return ArchivePage(
        kind=_("audit round"),
        name=audit_round.name,
        back_url=back,
        effects=[
            _("the round is read-only: no answers, draws, second marking or sign-offs"),
            _("it leaves everyone's work lists, the home page counts and rounds in progress"),
            _(
                "reports, trends and benchmarks keep its signed-off results, and its reports "
                "can still be opened"
            ),
        ],
        crumbs=[
            (_("Home"), reverse("web:home")),
            (_("Audit rounds"), reverse("rounds:list")),
            (audit_round.name, back),
        ],
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_archive(request: HttpRequest, pk: int) -> HttpResponse:
    audit_round = _round(request, pk)
    if not permissions.can(request.user, "round.archive", audit_round.service):
        return render(request, "403.html", status=403)
    return archive_flow(
        request,
        _round_page(audit_round),
        audit_round,
        lambda reason: round_services.archive_round(
            actor=request.user, audit_round=audit_round, reason=reason
        ),
        done=_("Round archived. It is read-only until it is restored."),
        done_url=reverse("rounds:detail", kwargs={"pk": pk}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_unarchive(request: HttpRequest, pk: int) -> HttpResponse:
    audit_round = _round(request, pk)
    if not permissions.can(request.user, "round.archive", audit_round.service):
        return render(request, "403.html", status=403)
    return restore_flow(
        request,
        _round_page(audit_round),
        audit_round,
        lambda reason: round_services.restore_round(
            actor=request.user, audit_round=audit_round, reason=reason
        ),
        done=_("Round restored."),
        done_url=reverse("rounds:detail", kwargs={"pk": pk}),
    )
