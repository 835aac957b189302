"""The one page of notifications: the language a person's e-mails are written in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import services
from .forms import LanguageForm
from .selectors import language_of


@login_required
def language(request: HttpRequest) -> HttpResponse:
    form = LanguageForm(request.POST or None, initial={"language": language_of(request.user)})
    if request.method == "POST" and form.is_valid():
        services.language_set(
            actor=request.user, user=request.user, language=form.cleaned_data["language"]
        )
        messages.success(request, _("Your e-mail language is saved."))
        return redirect("accounts:account")
    return render(request, "notifications/language.html", {"form": form})
