"""Small forms for the case audit pages (the answering form is built per framework)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from yjaudit.audits.case_audits import round_listing
from yjaudit.audits.models import AuditStatus
from yjaudit.config.limits import limit
from yjaudit.web.ratings import rating_words


class DetailsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    case_manager_present = forms.TypedChoiceField(
        label=_("Was the case manager present for the audit?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        widget=forms.RadioSelect,
        required=False,
    )
    summary = forms.CharField(
        label=_("Feedback for the case manager"),
        help_text=_("Strengths and areas to develop. The case manager sees this once submitted."),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=limit("text_chars"),
    )


class CommentsForm(forms.Form):
    comments = forms.CharField(
        label=_("What should the auditor look at again?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=limit("text_chars"),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why does this case audit need reopening?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=limit("text_chars"),
    )


class SelectionForm(forms.Form):
    share = forms.IntegerField(
        label=_("Percentage of cases to choose at random"),
        help_text=_("For example, 20. Cases already chosen stay chosen."),
        min_value=1,
        max_value=100,
        required=False,
    )
    seed = forms.IntegerField(
        label=_("Seed (optional)"),
        help_text=_("The same seed chooses the same cases again."),
        min_value=0,
        max_value=2_147_483_647,
        required=False,
    )
    audits = forms.TypedMultipleChoiceField(
        label=_("Or choose cases"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["audits"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("share") and not data.get("audits"):
            raise forms.ValidationError(_("Enter a percentage or choose at least one case."))
        return data


class RatingForm(forms.Form):
    rating = forms.ChoiceField(label=_("Rating"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, ratings: list[str], blank: str | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # The band's label is the value stored (and compared); people read its words.
        choices = [(r, rating_words(r)) for r in ratings]
        if blank is not None:
            choices.append(("", blank))
            self.fields["rating"].required = False
        field = self.fields["rating"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices


class JudgementForm(RatingForm):
    evidence = forms.CharField(
        label=_("Evidence"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=limit("text_chars"),
    )
    reasons = forms.CharField(
        label=_("Reasons for the rating"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=limit("text_chars"),
    )


class OverrideForm(RatingForm):
    reason = forms.CharField(
        label=_("Reason for the override"),
        help_text=_("Shown wherever the rating is shown."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=limit("text_chars"),
    )


class ResolveForm(forms.Form):
    question_id = forms.CharField(widget=forms.HiddenInput)
    value = forms.CharField(label=_("Answer that stands"))
    note = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=limit("note_chars")
    )


class InspectionForm(forms.Form):
    source = forms.CharField(
        label=_("Inspection"),
        help_text=_("For example, HMIP full inspection, June 2018"),
        max_length=300,
    )
    findings = forms.CharField(
        label=_("Ratings and percentages"),
        help_text=_(
            "One standard a line: standard, rating, percentage (optional). "
            "For example: 2.1, Good, 71"
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
    )


NO_CHANGE = ""
NOBODY = "none"


class AssignForm(forms.Form):
    """Who audits and who second-marks: one case audit, or the ones ticked."""

    auditor = forms.ChoiceField(label=_("Auditor"), required=False)
    second_marker = forms.ChoiceField(label=_("Second marker"), required=False)

    def __init__(
        self,
        *args: Any,
        auditors: list[tuple[str, str]],
        second_markers: list[tuple[str, str]],
        audits: list[tuple[int, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        keep = [(NO_CHANGE, _("No change")), (NOBODY, _("Nobody"))]
        self.fields["auditor"].choices = keep + auditors  # type: ignore[attr-defined]
        self.fields["second_marker"].choices = keep + second_markers  # type: ignore[attr-defined]
        if audits is not None:
            self.fields["audits"] = forms.TypedMultipleChoiceField(
                label=_("Case audits"),
                coerce=int,
                choices=audits,
                widget=forms.CheckboxSelectMultiple,
                error_messages={"required": _("Tick at least one case audit.")},
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("auditor") and not data.get("second_marker"):
            raise forms.ValidationError(_("Choose an auditor or a second marker."))
        return data


class RoundAuditFilterForm(forms.Form):
    """A round's case-audit list's filters (GET, no JavaScript). A bad or over-long value
    is ignored, never an error: each field is read alone and dropped if not valid."""

    q = forms.CharField(label=_("Case reference"), required=False, max_length=64)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *AuditStatus.choices]
    )
    auditor = forms.ChoiceField(label=_("Auditor"), required=False)
    moderation = forms.ChoiceField(
        label=_("Second marking"),
        required=False,
        choices=[
            ("", _("Any")),
            (round_listing.WAITING, _("Chosen, waiting for second marking")),
            (round_listing.SECOND_MARKED, _("Second-marked")),
            (round_listing.NOT_CHOSEN, _("Not chosen for second marking")),
        ],
    )

    def __init__(
        self,
        *args: Any,
        auditors: list[tuple[str, str]],
        references: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if not references:  # who may not see references may not search by one either
            del self.fields["q"]
        field = self.fields["auditor"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            ("", _("Any")),
            (round_listing.NOT_ASSIGNED, _("Not assigned")),
            *auditors,
        ]

    def filters(self) -> round_listing.Filters:
        if not self.is_bound:
            return round_listing.Filters()
        self.is_valid()
        # A list's filters are never an error on the page: bad values are just left out.
        self._errors = ErrorDict()
        chosen = {k: v for k, v in self.cleaned_data.items() if v}
        return round_listing.Filters(**chosen)
