"""The archive and restore pages every archivable thing shares (GOV.UK patterns, no JS).

Archiving: a page asking why, then a check-your-answers page saying what archiving does,
then the archive itself (a POST with `confirm`). Restoring: one confirmation page. The
domain view checks permissions and passes the service call; this module only asks,
shows and reports.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from yjaudit.audittrail.actors import person_label
from yjaudit.audittrail.archiving import REASON_MAX_CHARS
from yjaudit.errors import DomainError


class ArchiveReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you archiving it?"),
        help_text=_("This is kept with it and in the audit trail."),
        max_length=REASON_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for archiving.")},
    )


class RestoreReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you restoring it? (optional)"),
        max_length=REASON_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


@dataclass
class ArchivePage:
    """What the pages say: the kind of thing, its name, and what archiving it means."""

    kind: str | Promise  # "audit round"
    name: str  # the thing's own name or number
    back_url: str
    effects: Sequence[str | Promise] = field(default_factory=list)
    crumbs: Sequence[tuple[str | Promise, str]] = field(default_factory=list)
    # Why it cannot be archived or restored now (e.g. its plan is archived): the pages
    # say so instead of asking for a reason that would only be refused.
    blocked: str | Promise = ""


def person(user: Any) -> str:
    """A name for a page, never an e-mail address."""
    return person_label(user)


def _error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


def archive_flow(
    request: HttpRequest,
    page: ArchivePage,
    target: Any,
    act: Callable[[str], Any],
    *,
    done: str,
    done_url: str,
) -> HttpResponse:
    """GET: ask why. POST: check your answers; POST with `confirm`: archive (`act`), then
    back to `done_url` with the success message `done`. A refusal is shown, never lost."""
    form = ArchiveReasonForm(request.POST if request.method == "POST" else None)
    context: dict[str, Any] = {"page": page, "form": form, "target": target}
    if page.blocked:
        context["error"] = page.blocked
        status = 400 if request.method == "POST" else 200
        return render(request, "web/archive_reason.html", context, status=status)
    if request.method != "POST":
        return render(request, "web/archive_reason.html", context)
    if not form.is_valid():
        return render(request, "web/archive_reason.html", context, status=400)
    if request.POST.get("step") == "change":
        return render(request, "web/archive_reason.html", context)
    if request.POST.get("confirm") != "yes":
        return render(request, "web/archive_check.html", context)
    try:
        act(form.cleaned_data["reason"])
    except (DomainError, ValidationError) as exc:
        context["error"] = _error_text(exc)
        return render(request, "web/archive_check.html", context, status=400)
    messages.success(request, done)
    return redirect(done_url)


def restore_flow(
    request: HttpRequest,
    page: ArchivePage,
    target: Any,
    act: Callable[[str], Any],
    *,
    done: str,
    done_url: str,
) -> HttpResponse:
    """GET: a confirmation page showing who archived it, when and why. POST: restore."""
    form = RestoreReasonForm(request.POST if request.method == "POST" else None)
    context: dict[str, Any] = {
        "page": page,
        "form": form,
        "target": target,
        "archived_by": person(target.archived_by),
    }
    if page.blocked:
        context["error"] = page.blocked
        status = 400 if request.method == "POST" else 200
        return render(request, "web/restore_confirm.html", context, status=status)
    if request.method == "POST":
        if form.is_valid():
            try:
                act(form.cleaned_data["reason"])
            except (DomainError, ValidationError) as exc:
                context["error"] = _error_text(exc)
            else:
                messages.success(request, done)
                return redirect(done_url)
        return render(request, "web/restore_confirm.html", context, status=400)
    return render(request, "web/restore_confirm.html", context)
