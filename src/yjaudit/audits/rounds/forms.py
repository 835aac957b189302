"""Forms for audit rounds: create a round, draw its sample, swap a case."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yjaudit.audits.models import RoundKind, RoundStatus, RoundSubject
from yjaudit.audits.rounds.selectors import sample_rules
from yjaudit.frameworks.models import FrameworkEdition
from yjaudit.frameworks.selectors import editions_for_choosing
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
        label=_("Number of cases"),
        required=False,
        min_value=1,
        max_value=1000,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        # Newest edition in use first, and chosen unless the person changes it.
        editions = editions_for_choosing()
        edition_field = fields["framework_edition"]
        edition_field.queryset = FrameworkEdition.objects.filter(is_current=True)
        edition_field.choices = [(e.pk, edition_field.label_from_instance(e)) for e in editions]
        if editions and not self.is_bound:
            self.initial.setdefault("framework_edition", editions[0].pk)
        # "Number of cases" is for the rules that take the round's own number only.
        self.size_rules = [r for r in sample_rules().values() if r.needs_requested_size]
        fields["requested_size"].help_text = _(
            "Only for the rule “%(rules)s”; ignored for the other rules."
        ) % {"rules": "”, “".join(r.name for r in self.size_rules)}
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

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # A number given with a rule that does not use it is ignored, never an error.
        if data.get("sample_rule") not in {r.id for r in self.size_rules}:
            self.errors.pop("requested_size", None)
            data["requested_size"] = None
        return data


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


# Which rounds a list shows: in use (the default), archived, or both.
ARCHIVED_CHOICES = [
    ("", _("In use")),
    ("archived", _("Archived")),
    ("all", _("In use and archived")),
]


class RoundFilterForm(forms.Form):
    """The rounds list's filters (GET, no JavaScript); a bad value is ignored, not an error."""

    q = forms.CharField(label=_("Round name"), required=False, max_length=64)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *RoundStatus.choices]
    )
    framework_edition = forms.ChoiceField(label=_("Framework"), required=False)
    subject = forms.ChoiceField(
        label=_("What is audited"),
        required=False,
        choices=[("", _("Any")), *RoundSubject.choices],
    )
    archived = forms.ChoiceField(label=_("Archived"), required=False, choices=ARCHIVED_CHOICES)

    def __init__(self, *args: Any, editions: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["framework_edition"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Any")), *((str(e.pk), str(e)) for e in editions)]

    def filters(self) -> dict[str, str]:
        """The valid filters chosen (each field checked alone: one bad value drops only
        itself)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v}
