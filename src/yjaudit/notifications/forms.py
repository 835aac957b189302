from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

# Each language named in itself, as the language switcher does.
CHOICES = [("en", "English"), ("cy", "Cymraeg")]


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of pages and e-mails"), choices=CHOICES, widget=forms.RadioSelect
    )
