"""Forms for the register pages: search and filters, upload, column mapping."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from yjaudit.organisations.models import Service, StaffMember, Team

from .codes import codes
from .importing.fields import EXTRA_PREFIX, ImportField, fields_for
from .models import CaseKind


def _any(choices: Sequence[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", _("Any")), *choices]


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Case reference"), required=False, max_length=64)
    kind = forms.ChoiceField(
        label=_("Register"),
        required=False,
        choices=[("", _("Any")), *CaseKind.choices],  # lazy labels: translated per request
    )
    service = forms.ChoiceField(label=_("Service"), required=False)
    team = forms.ChoiceField(label=_("Team"), required=False)
    case_manager = forms.ChoiceField(label=_("Case manager"), required=False)
    disposal_category = forms.ChoiceField(
        label=_("Disposal category"),
        required=False,
        choices=_any(codes().disposal_categories.choices),
    )
    disposal_type = forms.ChoiceField(
        label=_("Disposal type"), required=False, choices=_any(codes().disposal_types.choices)
    )
    setting = forms.ChoiceField(
        label=_("Setting"), required=False, choices=_any(codes().settings.choices)
    )
    rosh = forms.ChoiceField(label=_("RoSH"), required=False, choices=_any(codes().levels.choices))
    safety_wellbeing = forms.ChoiceField(
        label=_("Safety and wellbeing"), required=False, choices=_any(codes().levels.choices)
    )
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=_any(codes().sexes.choices))
    ethnicity = forms.ChoiceField(
        label=_("Ethnic group"), required=False, choices=_any(codes().ethnicities.choices)
    )
    archived = forms.ChoiceField(
        label=_("Archived"),
        required=False,
        choices=[("", _("In use")), ("archived", _("Archived")), ("all", _("In use and archived"))],
    )

    def __init__(self, *args: Any, services: QuerySet[Service], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        svc = list(services)
        self.show_service = len(svc) > 1
        fields: Any = self.fields
        fields["service"].choices = _any([(str(s.pk), s.name) for s in svc])
        fields["team"].choices = _any(
            [
                (str(t.pk), f"{t.name} ({t.service.code})" if self.show_service else t.name)
                for t in Team.objects.filter(service__in=svc).select_related("service")
            ]
        )
        fields["case_manager"].choices = _any(
            [(str(m.pk), m.name) for m in StaffMember.objects.filter(service__in=svc)]
        )


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Upload a case management export"),
    )

    def __init__(self, *args: Any, max_mb: float, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "A CSV or Excel (.xlsx) file of up to %(mb)s MB, with the column names in the "
            "first row. Columns with names or dates of birth are ignored."
        ) % {"mb": f"{max_mb:g}"}


NOT_IN_FILE = ""


class MappingForm(forms.Form):
    """One select per register field: which column of the file holds it."""

    def __init__(
        self,
        *args: Any,
        headers: Sequence[str],
        extra_fields: Sequence[tuple[str, str]] = (),
        fields: Sequence[ImportField] | None = None,
        kind: str = "children",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [(NOT_IN_FILE, _("Not in this file"))] + [(h, h) for h in headers if h]
        for f in fields if fields is not None else fields_for(kind):
            self.fields[f.key] = forms.ChoiceField(
                label=str(f.label), required=f.required, choices=choices, help_text=str(f.hint)
            )
        for key, label in extra_fields:
            self.fields[EXTRA_PREFIX + key] = forms.ChoiceField(
                label=label, required=False, choices=choices
            )
        # The upload keeps only the columns matched then; another column needs the file.
        self.fields["file"] = forms.FileField(
            label=_("The file again (only if you choose a column not matched before)"),
            required=False,
            help_text=_(
                "To protect children's data we keep only the columns matched to a register "
                "field; the rest of the file is not stored."
            ),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        used: dict[str, str] = {}
        # A copy: add_error() removes the field from cleaned_data while we loop.
        for name, header in list(data.items()):
            if not header or name == "file":
                continue
            if header in used:
                self.add_error(
                    name,
                    _("Column “%(h)s” is already chosen for %(other)s.")
                    % {"h": header, "other": self.fields[used[header]].label},
                )
            used[header] = name
        return data
