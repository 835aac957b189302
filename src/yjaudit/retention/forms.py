"""Forms of the retention pages: a case reference, and the reason for an erasure."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .services import REASON_MAX


class ReferenceForm(forms.Form):
    reference = forms.CharField(
        label=_("Case reference"),
        max_length=64,
        help_text=_("The reference in the case register, as in the case management system."),
    )


class EraseForm(ReferenceForm):
    reason = forms.CharField(
        label=_("Reason for the erasure"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: the child's request under data protection law, and its date."),
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)
