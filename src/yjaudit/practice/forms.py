"""Forms for the practice pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yjaudit.cases.forms import MappingForm
from yjaudit.cases.importing.fields import ImportField

from .models import ImportKind

KIND_LABELS = {
    ImportKind.EVENTS: _(
        "Case events: contacts, home visits, assessments, panels, reviews "
        "(columns: case reference, event type, date)"
    ),
    ImportKind.MEMBERSHIPS: _("Risk forum memberships (columns: case reference, forum, from, to)"),
}


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file holds"), choices=list(KIND_LABELS.items()), widget=forms.RadioSelect
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
        self.fields["kind"].error_messages["required"] = _("Select what the file holds")
        self.fields["file"].error_messages["required"] = _("Select a file")


class KindMappingForm(MappingForm):
    """The case register's column-mapping form, with an import kind's fields; headings
    that look identifying are left out of the choices by the view."""

    def __init__(self, *args: Any, fields: tuple[ImportField, ...], **kwargs: Any) -> None:
        super().__init__(*args, fields=fields, **kwargs)
        self.fields["file"].help_text = _(
            "To protect children's data we keep only the columns matched to a field; the "
            "rest of the file is not stored."
        )


class SettingsForm(forms.Form):
    rule_set = forms.ChoiceField(label=_("Compliance rules"), widget=forms.RadioSelect)
    threshold = forms.ChoiceField(
        label=_("Risk forum threshold"),
        help_text=_(
            "Every open case whose risk of serious harm or safety and wellbeing is at this "
            "level or higher should be held by a risk management forum."
        ),
        required=False,
    )

    def __init__(self, *args: Any, rule_sets: list[tuple[str, str]], **kwargs: Any) -> None:
        from .models import Threshold

        super().__init__(*args, **kwargs)
        rule_set = self.fields["rule_set"]
        threshold = self.fields["threshold"]
        assert isinstance(rule_set, forms.ChoiceField) and isinstance(threshold, forms.ChoiceField)
        rule_set.choices = rule_sets
        threshold.choices = [("", _("Medium (the default)")), *Threshold.choices]


class ForumForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("A short code, as exports name the forum, e.g. YOT-RISK."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
