from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from yjaudit.organisations.models import Role, Service, StaffMember


class SignInForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _("Enter a correct email address and password."),
        "inactive": _("This account is disabled."),
    }

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip().lower()


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        help_text=_("The 6-digit code, for example 123456."),
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"]).replace(" ", "").strip()
        if not code.isdigit() or len(code) != 6:
            raise forms.ValidationError(_("Enter the 6-digit code from your authenticator app."))
        return code


class SetPasswordForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    password1 = forms.CharField(
        label=_("Create a password"),
        strip=False,
        help_text=_("At least 12 characters. Not a common password, not only numbers."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Confirm your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, email: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The passwords do not match."))
        elif p1:
            from django.contrib.auth import get_user_model

            probe = get_user_model()(
                username=self.email,
                email=self.email,
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    service = forms.ModelChoiceField(
        label=_("Service"), queryset=Service.objects.none(), empty_label=None
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, widget=forms.RadioSelect)
    staff = forms.ModelChoiceField(
        label=_("Staff record (optional)"),
        queryset=StaffMember.objects.none(),
        required=False,
        empty_label=_("Not linked to a staff record"),
        help_text=_(
            "For a practitioner or manager: the staff record whose cases they see. "
            "Linked when they accept the invitation."
        ),
    )

    def __init__(self, *args: Any, services: Any, staff: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["service"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = services
        staff_field = self.fields["staff"]
        assert isinstance(staff_field, forms.ModelChoiceField)
        staff_field.queryset = staff if staff is not None else StaffMember.objects.none()
        staff_field.label_from_instance = _staff_in_service  # type: ignore[method-assign,assignment]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        staff, service = data.get("staff"), data.get("service")
        if staff is not None and service is not None and staff.service_id != service.pk:
            self.add_error("staff", _("Choose a staff record of the same service."))
        return data


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Untick every role to remove the person from this service."),
    )


def _staff_label(staff: StaffMember) -> str:
    return f"{staff.name} ({staff.get_role_display()})"


def _staff_in_service(staff: StaffMember) -> str:
    return f"{staff.name} ({staff.get_role_display()}, {staff.service.name})"


class StaffLinkForm(forms.Form):
    """Which staff record of a service is this person (their cases follow from it)."""

    staff = forms.ModelChoiceField(
        label=_("Staff record"),
        queryset=StaffMember.objects.none(),
        required=False,
        empty_label=_("Not linked to a staff record"),
        help_text=_(
            "A practitioner sees the cases of the staff record linked here. "
            "Each staff record can be linked to one account."
        ),
    )

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["staff"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = staff
        field.label_from_instance = _staff_label  # type: ignore[method-assign,assignment]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        help_text=_("What the token is for, for example 'Monthly export script'."),
        max_length=100,
    )
    days = forms.IntegerField(
        label=_("Expires after (days)"),
        min_value=1,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, max_days: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["days"]
        assert isinstance(field, forms.IntegerField)
        field.max_value = max_days
        field.validators.append(MaxValueValidator(max_days))
        field.help_text = _("From 1 to %(max)s days.") % {"max": max_days}
