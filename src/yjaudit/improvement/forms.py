"""Forms for plans. They only collect input; services validate and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yjaudit.audits.models import AuditRound
from yjaudit.frameworks.models import FrameworkEdition
from yjaudit.organisations.models import Service, StaffMember
from yjaudit.web.forms import GovukDateField

from .evidence import allowed_kinds
from .models import Action, FindingKind, ImprovementPlan, Recommendation, SourceKind, Status
from .rules import plan_rules


def _ids(value: str) -> list[str]:
    return [p.strip() for p in value.replace("\n", ",").split(",") if p.strip()]


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    source_kind = forms.ChoiceField(
        label=_("What is the plan answering?"), choices=SourceKind.choices, widget=forms.RadioSelect
    )
    inspection_name = forms.CharField(
        label=_("Inspection"),
        max_length=300,
        required=False,
        help_text=_("For an inspection, e.g. Short Quality Screening of Coventry YOS"),
    )
    published_on = GovukDateField(
        label=_("Date the report was published"),
        required=False,
        help_text=_("For an inspection. For example, 10 8 2016"),
    )
    audit_round = forms.ModelChoiceField(
        label=_("Self-audit round"), queryset=AuditRound.objects.none(), required=False
    )
    framework_edition = forms.ModelChoiceField(
        label=_("Framework whose questions measure the actions"),
        queryset=FrameworkEdition.objects.all(),
        required=False,
        help_text=_("A self-audit round's own framework is used if you leave this empty"),
    )
    baseline_round = forms.ModelChoiceField(
        label=_("Baseline round"),
        queryset=AuditRound.objects.none(),
        required=False,
        help_text=_("The round later results are compared with (default: the self-audit round)"),
    )
    context = forms.CharField(label=_("Context and summary"), widget=forms.Textarea, required=False)
    submission_due = GovukDateField(label=_("Submission deadline"), required=False)

    def __init__(self, *args: Any, service: Service, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rounds = AuditRound.objects.filter(service=service).order_by("-period_end")
        self.fields["audit_round"].queryset = rounds  # type: ignore[attr-defined]
        self.fields["baseline_round"].queryset = rounds  # type: ignore[attr-defined]
        self.fields["submission_due"].help_text = _(
            "Leave empty for %(days)s days after publication"
        ) % {"days": plan_rules().submission_deadline_days}


class PlanEditForm(PlanForm):
    submitted_on = GovukDateField(label=_("Date submitted to the inspectorate"), required=False)


class FindingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=FindingKind.choices, widget=forms.RadioSelect)
    text = forms.CharField(label=_("Finding"), widget=forms.Textarea(attrs={"rows": 3}))


class RecommendationForm(forms.Form):
    text = forms.CharField(
        label=_("Recommendation or finding"), widget=forms.Textarea(attrs={"rows": 4})
    )
    owner_role = forms.CharField(
        label=_("Owner"), max_length=200, required=False, help_text=_("For example, YOS Manager")
    )
    concerns = forms.CharField(
        label=_("Standards or questions it concerns"),
        required=False,
        help_text=_("Ids from the plan's framework, separated by commas, e.g. 2.1, 2.2.1"),
    )

    def clean_concerns(self) -> list[str]:
        return _ids(self.cleaned_data["concerns"])


class ActionForm(forms.Form):
    recommendation = forms.ModelChoiceField(
        label=_("Recommendation"), queryset=Recommendation.objects.none()
    )
    parent = forms.ModelChoiceField(
        label=_("Sub-action of"),
        queryset=Action.objects.none(),
        required=False,
        empty_label=_("None: a numbered action"),
    )
    description = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 3}))
    timescale = forms.CharField(
        label=_("Timescale"),
        max_length=200,
        required=False,
        help_text=_('As the plan says it, e.g. "September" or "To be reviewed November"'),
    )
    due_date = GovukDateField(label=_("Due date"), required=False)
    review_date = GovukDateField(
        label=_("Review date"), required=False, help_text=_("When the timescale is a review")
    )
    lead_staff = forms.ModelChoiceField(
        label=_("Lead (staff member)"), queryset=StaffMember.objects.none(), required=False
    )
    lead_name = forms.CharField(
        label=_("Lead (name, if not on the staff list)"), max_length=200, required=False
    )
    lead_organisation = forms.CharField(
        label=_("Lead's organisation"),
        max_length=200,
        required=False,
        help_text=_("For example YOS, council data team, police, health"),
    )
    expected_outcome = forms.CharField(
        label=_("Expected outcome"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    success_measure = forms.CharField(
        label=_("Success measure"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    learning_objectives = forms.CharField(
        label=_("Learning objectives"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    measures = forms.CharField(
        label=_("Measured by (standards or questions)"),
        required=False,
        help_text=_("Ids from the plan's framework, separated by commas, e.g. 2.1.1"),
    )

    def __init__(self, *args: Any, plan: ImprovementPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recommendation"].queryset = plan.recommendations.all()  # type: ignore[attr-defined]
        # An archived action takes no sub-actions (services refuse them too).
        self.fields["parent"].queryset = plan.actions.filter(  # type: ignore[attr-defined]
            parent__isnull=True, archived_at__isnull=True
        )
        self.fields["lead_staff"].queryset = StaffMember.objects.filter(  # type: ignore[attr-defined]
            service=plan.service, active=True
        )

    def clean_measures(self) -> list[str]:
        return _ids(self.cleaned_data["measures"])


class ActionEditForm(ActionForm):
    def __init__(self, *args: Any, plan: ImprovementPlan, **kwargs: Any) -> None:
        super().__init__(*args, plan=plan, **kwargs)
        del self.fields["recommendation"]
        del self.fields["parent"]
        self.fields["description"].required = False


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices, widget=forms.RadioSelect)
    on = GovukDateField(label=_("Date of the update"), required=False)
    note = forms.CharField(
        label=_("Progress"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    evidence = forms.FileField(label=_("Evidence file (optional)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rules = plan_rules().evidence
        kinds = ", ".join(k.label for k in allowed_kinds())
        self.fields["evidence"].help_text = _("%(kinds)s; up to %(mb)s MB") % {
            "kinds": kinds,
            "mb": f"{rules.max_bytes / 2**20:g}",
        }
        self.fields["on"].help_text = _("Leave empty for today")


class ApprovalForm(forms.Form):
    approved_by = forms.CharField(
        label=_("Approved by"),
        max_length=300,
        help_text=_("For example, Youth Justice Management Board (chair: name)"),
    )
    approved_on = GovukDateField(label=_("Date approved"))
    minute_reference = forms.CharField(label=_("Minute reference"), max_length=200, required=False)


class ScrutinyForm(forms.Form):
    reported_on = GovukDateField(label=_("Date reported"))
    committee = forms.CharField(
        label=_("Committee or panel"),
        max_length=300,
        help_text=_("For example, Children and Young People Scrutiny Panel"),
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel workbook (.xlsx)"),
        help_text=_(
            "A sheet with the columns Action, Timescale, Lead, Outcome and Progress; the first "
            "column holds action numbers and recommendation headings"
        ),
    )


# Which plans, findings or actions a list shows: in use (the default), archived, or both.
ARCHIVED_CHOICES = [
    ("", _("In use")),
    ("archived", _("Archived")),
    ("all", _("In use and archived")),
]
PLAN_STATUS_CHOICES = [
    ("", _("Any")),
    ("open", _("Actions still open")),
    ("completed", _("Every action completed")),
]


class _ListFilterForm(forms.Form):
    """GET filters: a bad value drops only itself (shown as an error), never a 500."""

    def filters(self) -> dict[str, Any]:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v}


class PlanFilterForm(_ListFilterForm):
    q = forms.CharField(label=_("Plan title"), required=False, max_length=64)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=PLAN_STATUS_CHOICES)
    overdue = forms.BooleanField(label=_("Only plans with overdue actions"), required=False)
    archived = forms.ChoiceField(label=_("Archived"), required=False, choices=ARCHIVED_CHOICES)


class ActionFilterForm(_ListFilterForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *Status.choices]
    )
    overdue = forms.BooleanField(label=_("Only overdue actions"), required=False)
    archived = forms.ChoiceField(label=_("Archived"), required=False, choices=ARCHIVED_CHOICES)
