"""Forms for monitoring pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

RECORD_SET_LABELS = {
    "interventions": _("Intervention records (one row per child's intervention)"),
    "reoffending_cohort": _("Reoffending cohort (one row per child in a cohort)"),
    "board_attendance": _("Management board attendance (one row per partner per meeting)"),
    "population": _("Population figures (children by age, sex and ethnicity)"),
}


class ImportForm(forms.Form):
    record_set = forms.ChoiceField(
        label=_("What the file holds"),
        choices=list(RECORD_SET_LABELS.items()),
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=_("Upload a file"),
        help_text=_(
            "A CSV or Excel (.xlsx) export. Columns are matched to fields by their headings; "
            "any other column, such as a child's name, is ignored and never stored."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["record_set"].error_messages["required"] = _("Select what the file holds")
        self.fields["file"].error_messages["required"] = _("Select a file")
