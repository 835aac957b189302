from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class FrameworkUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Framework file"),
        help_text=_("A YAML file in the format described in docs/frameworks.md, up to 2 MB."),
        error_messages={"required": _("Select a framework file")},
    )
