"""Forms for audit rounds: create a round, draw its sample, swap a case."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yjaudit.audits.models import RoundKind, RoundSubject
from yjaudit.audits.rounds.selectors import sample_rules
from yjaudit.frameworks.models import FrameworkEdition
from yjaudit.web.forms import GovukDateField


class RoundForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the round"),
        max_length=200,
        help_text=_("For example, Quarterly self-audit April 2025"),
    )
    kind = forms.ChoiceField(
        label=_("Kind of round"), choices=RoundKind.choices, widget=forms.RadioSelect
    )
    framework_edition = forms.ModelChoiceField(
        label=_("Framework"), queryset=FrameworkEdition.objects.none(), empty_label=None
    )
    subject = forms.ChoiceField(
        label=_("What is audited"),
        choices=RoundSubject.choices,
        initial=RoundSubject.CHILDREN,
        required=False,  # children's cases unless chosen
        widget=forms.RadioSelect,
        help_text=_(
            "The register the sample is drawn from. The round shows only the framework's "
            "standards audited from it."
        ),
    )
    period_start = GovukDateField(label=_("Period start"), help_text=_("For example, 1 4 2025"))
    period_end = GovukDateField(label=_("Period end"), help_text=_("For example, 30 6 2025"))
    sample_rule = forms.ChoiceField(label=_("Sample size rule"), widget=forms.RadioSelect)
    requested_size = forms.IntegerField(
        label=_("Number of cases (fixed number rule only)"),
        required=False,
        min_value=1,
        max_value=1000,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["framework_edition"].queryset = FrameworkEdition.objects.filter(is_current=True)
        fields["sample_rule"].choices = [
            (
                r.id,
                r.name
                + (" " + str(_("(sizes between the limits inferred)")) if r.inferred else ""),
            )
            for r in sample_rules().values()
        ]

    def clean_subject(self) -> str:
        return str(self.cleaned_data.get("subject") or RoundSubject.CHILDREN)


class DrawForm(forms.Form):
    seed = forms.IntegerField(
        label=_("Seed (optional)"),
        required=False,
        min_value=0,
        max_value=2**31 - 1,
        help_text=_("Leave empty for a new random sample. Enter a previous seed to repeat a draw."),
    )
    # Sent by the confirmation page only: replace the untouched cases it listed.
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)
    replace = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_replace(self) -> list[int]:
        text: str = self.cleaned_data.get("replace") or ""
        parts = [p for p in text.split(",") if p.strip()]
        if not all(p.strip().isdigit() for p in parts):
            raise forms.ValidationError(_("The cases to replace are not valid."))
        return [int(p) for p in parts]


class SwapForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this case being swapped?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_(
            "For example, the case transferred to another service. The reason is recorded."
        ),
    )
