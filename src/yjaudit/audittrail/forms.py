from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .labels import action_label


class EventFilterForm(forms.Form):
    service: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Service"), queryset=None, required=False, empty_label=_("All my services")
    )
    action = forms.ChoiceField(label=_("What happened"), required=False)
    actor = forms.CharField(label=_("Who"), required=False)
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        help_text=_("For example 2025-03-31 or 31/03/2025"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )
    date_to = forms.DateField(label=_("To"), required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"])

    def __init__(
        self, *args: Any, services: Any, actions: Iterable[str] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choice = self.fields["action"]
        assert isinstance(choice, forms.ChoiceField)
        # Words to choose from; the stored code is the value (what the filter matches).
        named = sorted(((code, action_label(code)) for code in actions), key=lambda p: p[1])
        choice.choices = [("", _("Anything")), *named]
        field = self.fields["service"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = services
