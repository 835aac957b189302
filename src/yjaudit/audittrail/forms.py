from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .labels import action_label
from .search import MAX_LENGTH, MAX_WORDS


class SearchInput(forms.TextInput):
    input_type = "search"


class EventFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search the audit trail"),
        required=False,
        max_length=MAX_LENGTH,
        widget=SearchInput(attrs={"spellcheck": "false"}),
        help_text=_("For example a case reference, a person's name or what happened"),
        error_messages={
            "max_length": _("Search must be %(limit_value)d characters or fewer"),
        },
    )
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

    def clean_q(self) -> str:
        text = " ".join(str(self.cleaned_data.get("q") or "").split())
        if len(text.split()) > MAX_WORDS:
            raise forms.ValidationError(
                _("Search for %(limit)d words or fewer"), params={"limit": MAX_WORDS}
            )
        return text
