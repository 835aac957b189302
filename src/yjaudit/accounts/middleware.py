"""Two-factor enforcement: a signed-in user who needs two-factor and has not passed it yet
can reach only the sign-in, two-factor and sign-out pages (and static files)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext

from yjaudit.notifications.cookies import set_language_cookie
from yjaudit.organisations.permissions import requires_two_factor

from .receivers import SIGN_IN_LANGUAGE
from .sso import second_factor_passed

# URL names an unverified user may still open.
ALLOWED = {
    "accounts:login",
    "accounts:logout",
    "accounts:two_factor",
    "accounts:enrol",
    "accounts:verify",
    "accounts:invitation",
    "accounts:sso_login",
    "accounts:sso_callback",
    "set_language",
}


def _needs_second_factor(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    if second_factor_passed(request):  # local TOTP, or the identity provider's MFA
        return False
    return requires_two_factor(user)


class TwoFactorMiddleware:
    """Must come after django_otp's OTPMiddleware (which provides `user.is_verified`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _needs_second_factor(request):
            try:
                name = resolve(request.path_info).view_name
            except Resolver404:
                name = ""
            if name not in ALLOWED:
                if request.path_info.startswith("/api/"):
                    return JsonResponse(
                        {"detail": gettext("Two-factor authentication required.")}, status=403
                    )
                query = urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(f"{reverse('accounts:two_factor')}?{query}")
        return self.get_response(request)


class SignInLanguageMiddleware:
    """Sets the language cookie on the response that signs a person in, from the choice
    they stored (see `receivers.remember_language_at_sign_in`), so it follows them to
    every device."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        code = getattr(request, SIGN_IN_LANGUAGE, None)
        if code:
            set_language_cookie(response, code)
        return response
