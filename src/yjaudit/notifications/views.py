"""The language a person reads yjaudit in: one choice for pages and e-mails, made on the
account page or with the switch in every page's footer."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from . import services
from .cookies import set_language_cookie
from .forms import LanguageForm
from .selectors import chosen_language, language_of, page_language, stored_language


@login_required
def language(request: HttpRequest) -> HttpResponse:
    current = chosen_language(request.user) or stored_language(translation.get_language() or "")
    form = LanguageForm(request.POST or None, initial={"language": current})
    if request.method == "POST" and form.is_valid():
        services.language_set(
            actor=request.user, user=request.user, language=form.cleaned_data["language"]
        )
        code = page_language(form.cleaned_data["language"])
        with translation.override(code):  # say so in the language just chosen
            messages.success(request, _("Your language is saved."))
        response = redirect("accounts:account")
        set_language_cookie(response, code)
        return response
    return render(request, "notifications/language.html", {"form": form})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, which also remembers a signed-in person's choice so it
    follows them to other devices and into their e-mails."""
    response = django_set_language(request)
    code = request.POST.get("language", "")
    valid = code in {c for c, _name in settings.LANGUAGES}
    if valid and request.user.is_authenticated:
        chosen = stored_language(code)
        if language_of(request.user) != chosen:
            services.language_set(actor=request.user, user=request.user, language=chosen)
    return response
