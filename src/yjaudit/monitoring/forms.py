"""Forms for monitoring pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yjaudit.cases.forms import MappingForm
from yjaudit.cases.importing.fields import ImportField

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
            "A CSV or Excel (.xlsx) export. Next you match its columns to fields; a column "
            "such as a child's name is never offered and never stored."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["record_set"].error_messages["required"] = _("Select what the file holds")
        self.fields["file"].error_messages["required"] = _("Select a file")


class RecordSetMappingForm(MappingForm):
    """The case register's column-mapping form, with a record set's fields; headings
    that look identifying are left out of the choices by the view."""

    def __init__(self, *args: Any, fields: tuple[ImportField, ...], **kwargs: Any) -> None:
        super().__init__(*args, fields=fields, **kwargs)
        self.fields["file"].help_text = _(
            "To protect children's data we keep only the columns matched to a field; the "
            "rest of the file is not stored."
        )
