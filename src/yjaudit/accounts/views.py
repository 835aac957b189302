"""Sign in, two-factor, invitations, password, API token and user management pages."""

from __future__ import annotations

import base64
import math
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from yjaudit.charts.qr import qr_svg
from yjaudit.notifications.selectors import language_of
from yjaudit.organisations import permissions, selectors
from yjaudit.organisations import services as org_services
from yjaudit.organisations.models import Role, RoleGrant
from yjaudit.organisations.views_support import require_action

from . import api_keys, services, sso
from . import selectors as account_selectors
from .forms import (
    ApiTokenForm,
    CodeForm,
    InviteForm,
    RolesForm,
    SetPasswordForm,
    SignInForm,
    StaffLinkForm,
)
from .models import Invitation
from .tokens import open_invitation


def _safe_next(request: HttpRequest, default: str = "") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default or reverse("web:home")


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = SignInForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sso_enabled"] = sso.enabled()
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        # A password sign-in never inherits an earlier single sign-on's MFA.
        self.request.session.pop(sso.MFA_SESSION_KEY, None)
        return response

    def get_success_url(self) -> str:
        target = super().get_success_url()
        if permissions.requires_two_factor(self.request.user):
            return _with_next(reverse("accounts:two_factor"), target)
        return target


class SignOutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        # Said on the page signing out leads to, so nobody wonders whether it worked.
        messages.success(request, _("You have signed out."))
        return response


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Send the user to verification if enrolled, else to enrolment."""
    target = _safe_next(request)
    if services.confirmed_device(request.user) is not None:
        return redirect(_with_next(reverse("accounts:verify"), target))
    return redirect(_with_next(reverse("accounts:enrol"), target))


def _qr_svg(data: str) -> str:
    # A text alternative: the secret is printed beside the image for manual entry.
    return qr_svg(data, title=_("QR code for your authenticator app"))


def _pass_two_factor(request: HttpRequest, device: Any) -> None:
    """Mark the session verified under a new session key: a key seen before two-factor
    (e.g. planted or observed) must not become a verified session."""
    request.session.cycle_key()
    otp_login(request, device)


@login_required
def enrol(request: HttpRequest) -> HttpResponse:
    target = _safe_next(request)
    if services.confirmed_device(request.user) is not None:
        return redirect(_with_next(reverse("accounts:verify"), target))
    device = services.totp_device_for_enrolment(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.totp_confirm(user=request.user, device=device, token=form.cleaned_data["code"]):
            _pass_two_factor(request, device)
            messages.success(request, _("Two-factor authentication is set up."))
            return HttpResponseRedirect(target)
        form.add_error(
            "code", _("That code is not right. Check the time on your phone and try again.")
        )
    secret = base64.b32encode(device.bin_key).decode("ascii")
    context = {
        "form": form,
        "qr_svg": mark_safe(_qr_svg(device.config_url)),  # noqa: S308 - generated by qrcode
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "next": target,
    }
    return render(request, "accounts/enrol.html", context)


def _wait_message(info: dict[str, Any] | None) -> str:
    locked_until = (info or {}).get("locked_until")
    seconds = 60
    if locked_until is not None:
        seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
    return ngettext(
        "Too many wrong codes. Wait %(n)d second, then enter the current code.",
        "Too many wrong codes. Wait %(n)d seconds, then enter the current code.",
        seconds,
    ) % {"n": seconds}


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    target = _safe_next(request)
    device = services.confirmed_device(request.user)
    if device is None:
        return redirect(_with_next(reverse("accounts:enrol"), target))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, info = device.verify_is_allowed()
        if allowed and device.verify_token(form.cleaned_data["code"]):
            _pass_two_factor(request, device)
            return HttpResponseRedirect(target)
        if not allowed:
            # django-otp doubles the wait after each wrong code (1 s, 2 s, 4 s ...): say how
            # long is left rather than "a minute" after a single slip.
            form.add_error("code", _wait_message(info))
        else:
            form.add_error("code", _("That code is not right. Enter the current code."))
    return render(request, "accounts/verify.html", {"form": form, "next": target})


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    invite = open_invitation(token)
    if invite is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    if account_selectors.account_exists(invite.email):
        return _invitation_for_existing_account(request, invite)
    form = SetPasswordForm(request.POST or None, email=invite.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                invitation=invite,
                password=form.cleaned_data["password1"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, _("Your account is ready. Now set up two-factor authentication.")
            )
            return redirect("accounts:two_factor")
    return render(request, "accounts/invitation.html", {"form": form, "invitation": invite})


def _invitation_for_existing_account(request: HttpRequest, invite: Invitation) -> HttpResponse:
    """The person already has an account: they accept (or ignore) the role signed in as
    themselves, after two-factor if their roles need it. Nothing changes until they do."""
    here = request.get_full_path()
    user: Any = request.user
    if not user.is_authenticated:
        state = "sign_in"
    elif services.normalise_email(user.get_username()) != invite.email:
        state = "other_account"
    elif permissions.requires_two_factor(user) and not sso.second_factor_passed(request):
        return redirect(_with_next(reverse("accounts:two_factor"), here))
    else:
        state = "accept"
    errors: list[str] = []
    if request.method == "POST" and state == "accept":
        try:
            services.invitation_accept_existing(invitation=invite, user=user)
        except ValidationError as error:
            errors = list(error.messages)
        else:
            messages.success(
                request,
                _("You are now %(role)s in %(service)s.")
                % {"role": invite.get_role_display(), "service": invite.service.name},
            )
            return redirect("accounts:account")
    context = {
        "invitation": invite,
        "state": state,
        "errors": errors,
        "login_url": _with_next(reverse("accounts:login"), here),
    }
    return render(request, "accounts/invitation_existing.html", context)


def sso_login(request: HttpRequest) -> HttpResponse:
    """Start single sign-on: off (the default), back to the password sign-in."""
    if not sso.enabled():
        return redirect("accounts:login")
    request.session[sso.NEXT_SESSION_KEY] = _safe_next(request)
    callback = settings.YJAUDIT_OIDC_REDIRECT_URI or request.build_absolute_uri(
        reverse("accounts:sso_callback")
    )
    response: HttpResponse = sso.client().authorize_redirect(request, callback)
    return response


def sso_callback(request: HttpRequest) -> HttpResponse:
    """The identity provider sends the person back here (a GET, as OpenID Connect's
    code flow does): the sign-in is checked, then the session starts."""
    if not sso.enabled():
        return redirect("accounts:login")
    target = request.session.pop(sso.NEXT_SESSION_KEY, "") or reverse("web:home")
    try:
        result = services.sso_sign_in(claims=sso.claims_from_callback(request))
    except sso.SsoRefused as refusal:
        return render(request, "accounts/sso_refused.html", {"reason": str(refusal)}, status=403)
    auth_login(request, result.user, backend="django.contrib.auth.backends.ModelBackend")
    if result.mfa:
        request.session[sso.MFA_SESSION_KEY] = str(result.user.pk)
    elif permissions.requires_two_factor(result.user):
        return redirect(_with_next(reverse("accounts:two_factor"), target))
    return HttpResponseRedirect(target)


@login_required
def account(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    grants = RoleGrant.objects.filter(user=user).select_related("service")
    return render(
        request,
        "accounts/account.html",
        {
            "grants": grants,
            "has_device": services.confirmed_device(request.user) is not None,
            "email_language": language_of(user),
        },
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user: Any = self.request.user
        services.password_changed(user=user)
        messages.success(
            self.request, _("Your password has been changed. Your API tokens are revoked.")
        )
        return response


# Forgotten password: Django's reset views (signed, expiring, single-use links), in our
# pages. The request page says the same whether or not the address has an account, so it
# tells nobody who has one. A reset changes the password only: two-factor is still asked
# at the next sign-in, and the user's API tokens are revoked as on any password change.
class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_sent")


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.password_changed(user=form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


def _verified(request: HttpRequest) -> bool:
    verified = getattr(request.user, "is_verified", None)
    return bool(callable(verified) and verified())


@login_required
def api_token(request: HttpRequest) -> HttpResponse:
    """The user's API tokens: create one (its secret shown once), see and revoke them."""
    user: Any = request.user
    form = ApiTokenForm(
        request.POST or None,
        initial={"days": api_keys.default_days()},
        max_days=api_keys.max_days(),
    )
    new_key = ""
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.api_token_create(
                user=user,
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"],
                verified=_verified(request),
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            new_key = issued.key
            form = ApiTokenForm(
                initial={"days": api_keys.default_days()}, max_days=api_keys.max_days()
            )
    context = {"form": form, "new_key": new_key, "tokens": account_selectors.live_api_tokens(user)}
    response = render(request, "accounts/api_token.html", context)
    if new_key:
        response["Cache-Control"] = "no-store"  # the page holds a secret
    return response


def _errors_to_form(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_POST
@login_required
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(account_selectors.live_api_tokens(request.user), pk=pk)
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("API token \u201c%(name)s\u201d revoked.") % {"name": token.name})
    return redirect("accounts:api_token")


@login_required
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    """GET asks to confirm; POST ends every session of the user and revokes their tokens."""
    if request.method != "POST":
        return render(request, "accounts/sign_out_everywhere.html")
    user: Any = request.user
    services.sign_out_everywhere(user=user)
    auth_logout(request)
    messages.success(
        request, _("You have been signed out everywhere and your API tokens are revoked.")
    )
    return redirect("accounts:login")


# User management (administrators) ---------------------------------------------------


@require_action("user.view")
def users(request: HttpRequest) -> HttpResponse:
    visible = permissions.services_for(request.user, "user.view")
    invitations = Invitation.objects.filter(
        service__in=visible, accepted_at__isnull=True, revoked_at__isnull=True
    ).select_related("service")
    return render(
        request,
        "accounts/users.html",
        {
            "people": selectors.users_in_services(request.user),
            "invitations": [i for i in invitations if i.is_open],
            "can_invite": permissions.can(request.user, "user.invite"),
        },
    )


@require_action("user.invite")
def invite(request: HttpRequest) -> HttpResponse:
    allowed = permissions.services_for(request.user, "user.invite")
    form = InviteForm(
        request.POST or None,
        services=allowed,
        staff=selectors.unlinked_staff(permissions.services_for(request.user, "staff.manage")),
    )
    if request.method == "POST" and form.is_valid():
        service = form.cleaned_data["service"]
        if not permissions.can(request.user, "user.invite", service):
            raise PermissionDenied
        try:
            result = services.invite(
                actor=request.user,
                email=form.cleaned_data["email"],
                service=service,
                role=form.cleaned_data["role"],
                staff=form.cleaned_data.get("staff"),
                accept_url=lambda token: request.build_absolute_uri(
                    reverse("accounts:invitation", args=[token])
                ),
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            # The same words whether or not the address has an account (no disclosure).
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": result.email})
            return redirect("accounts:users")
    return render(request, "accounts/invite.html", {"form": form})


def _managed_user(request: HttpRequest, pk: int) -> Any:
    """A user holding a role in a service where the requester may manage roles, else 404."""
    manageable = permissions.services_for(request.user, "role.manage")
    people = selectors.users_in_services(request.user).filter(
        Q(role_grants__service__in=manageable)
    )
    return get_object_or_404(people, pk=pk)


@require_action("role.manage")
def user_roles(request: HttpRequest, pk: int) -> HttpResponse:
    person = _managed_user(request, pk)
    manageable = list(permissions.services_for(request.user, "role.manage"))
    held = {
        (g.service_id, g.role)
        for g in RoleGrant.objects.filter(user=person, service__in=manageable)
    }
    forms_by_service = []
    for service in manageable:
        initial = {"roles": [r for (sid, r) in held if sid == service.pk]}
        prefix = f"s{service.pk}"
        submitted = request.method == "POST" and request.POST.get("service") == str(service.pk)
        form = RolesForm(request.POST if submitted else None, prefix=prefix, initial=initial)
        forms_by_service.append((service, form))
    links = _staff_link_forms(request, person, manageable)
    if request.method == "POST" and request.POST.get("form") == "staff":
        done = _link_staff(request, person, links)
        if done:
            return redirect("accounts:user_roles", pk=person.pk)
    elif request.method == "POST":
        service_id = request.POST.get("service")
        for service, form in forms_by_service:
            if str(service.pk) != service_id:
                continue
            if form.is_valid():
                try:
                    org_services.roles_set(
                        actor=request.user,
                        user=person,
                        service=service,
                        roles=set(form.cleaned_data["roles"]),
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(request, _("Roles updated."))
                    return redirect("accounts:users")
    return render(
        request,
        "accounts/user_roles.html",
        {
            "person": person,
            "forms": forms_by_service,
            "roles": Role,
            "links": links,
            "may_reset_two_factor": permissions.may_reset_two_factor(request.user, person),
        },
    )


def _staff_link_forms(
    request: HttpRequest, person: Any, manageable: list[Any]
) -> list[tuple[Any, StaffLinkForm]]:
    """One staff-link form per service where the requester also manages staff."""
    out = []
    for service in manageable:
        if not permissions.can(request.user, "staff.manage", service):
            continue
        linked = selectors.staff_linked_to(person, service)
        submitted = (
            request.method == "POST"
            and request.POST.get("form") == "staff"
            and request.POST.get("service") == str(service.pk)
        )
        form = StaffLinkForm(
            request.POST if submitted else None,
            prefix=f"l{service.pk}",
            staff=selectors.linkable_staff(service),
            initial={"staff": linked.pk if linked else None},
        )
        out.append((service, form))
    return out


def _link_staff(request: HttpRequest, person: Any, links: list[tuple[Any, StaffLinkForm]]) -> bool:
    for service, form in links:
        if str(service.pk) != request.POST.get("service") or not form.is_valid():
            continue
        try:
            org_services.staff_link_account(
                actor=request.user, service=service, user=person, staff=form.cleaned_data["staff"]
            )
        except ValidationError as error:
            _errors_to_form(form, error)
            return False
        messages.success(request, _("Staff record updated."))
        return True
    return False


@require_POST
@require_action("role.manage")
def user_reset_two_factor(request: HttpRequest, pk: int) -> HttpResponse:
    person = _managed_user(request, pk)
    if not permissions.may_reset_two_factor(request.user, person):
        raise PermissionDenied
    services.totp_reset(actor=request.user, user=person)
    messages.success(request, _("Two-factor authentication reset: they will set it up again."))
    return redirect("accounts:user_roles", pk=person.pk)


@require_POST
@require_action("user.invite")
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    allowed = permissions.services_for(request.user, "user.invite")
    invite = get_object_or_404(Invitation, pk=pk, service__in=allowed)
    services.invitation_revoke(actor=request.user, invitation=invite)
    messages.success(request, _("Invitation withdrawn."))
    return redirect("accounts:users")
