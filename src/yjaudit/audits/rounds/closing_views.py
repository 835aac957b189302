"""Closing a round once its case audits are all signed off, and reopening it with a
reason: each a confirmation page (GET writes nothing) and a POST through the service."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_http_methods

from yjaudit.audits.models import AuditRound
from yjaudit.audits.rounds import closing
from yjaudit.organisations.views_support import get_scoped_object_or_404


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_l("Why is the round being reopened?"),
        help_text=_l("For example, a case audit needs a correction after sign-off."),
        max_length=closing.REASON_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _l("Say why the round is being reopened.")},
    )


def _round(request: HttpRequest, pk: int) -> AuditRound:
    return get_scoped_object_or_404(
        AuditRound.objects.select_related("service", "framework_edition"),
        request.user,
        "round.manage",
        pk=pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    audit_round = _round(request, pk)
    error = ""
    if request.method == "POST":
        try:
            closing.close_round(actor=request.user, audit_round=audit_round)
        except closing.RoundClosingError as exc:
            error = str(exc)
        else:
            messages.success(request, _("The round is closed. Its results are final."))
            return redirect("rounds:detail", pk=pk)
    left = closing.open_work(audit_round)
    return render(
        request,
        "audits/round_close.html",
        {"round": audit_round, "left": left, "error": error},
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    audit_round = _round(request, pk)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            closing.reopen_round(
                actor=request.user, audit_round=audit_round, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_error("reason", exc.message_dict.get("reason", exc.messages))
        except closing.RoundClosingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("The round is open again. Close it when its case audits are signed off.")
            )
            return redirect("rounds:detail", pk=pk)
    status = 400 if form.errors else 200
    return render(
        request, "audits/round_reopen.html", {"round": audit_round, "form": form}, status=status
    )
