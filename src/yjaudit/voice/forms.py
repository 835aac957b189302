"""Forms for the staff pages (open a collection, issue links, enter a paper questionnaire)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from yjaudit.questionnaires import QuestionKind, Questionnaire
from yjaudit.web.forms import GovukDateField

from .questionnaires import bundled, words_language
from .rules import voice_rules


class OpenCollectionForm(forms.Form):
    questionnaire = forms.ChoiceField(label=_("Questionnaire"), widget=forms.RadioSelect)
    name = forms.CharField(
        label=_("Name (optional)"),
        max_length=200,
        required=False,
        help_text=_("For example, “Children's views, spring 2026”. No names of people."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["questionnaire"]
        assert isinstance(field, forms.ChoiceField)
        # The page's language (the choice stores the questionnaire's id either way).
        language = words_language()
        field.choices = [(q.id, q.title.get(language)) for q in bundled().values()]
        field.error_messages["required"] = _("Select a questionnaire")


class IssueLinksForm(forms.Form):
    count = forms.IntegerField(
        label=_("How many links"),
        min_value=1,
        help_text=_("Each link can be used once. You will see the links only once: print them."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["count"]
        assert isinstance(field, forms.IntegerField)
        field.max_value = voice_rules().max_links_per_batch
        field.validators.append(MaxValueValidator(field.max_value))
        field.error_messages["required"] = _("Enter how many links to issue")


def paper_form_class(questionnaire: Questionnaire, language: str) -> type[forms.Form]:
    """A form with every question of `questionnaire` on one page (paper entry)."""
    fields: dict[str, forms.Field] = {
        "submitted_on": GovukDateField(
            label=_("Date the questionnaire was filled in"),
            help_text=_("For example, 27 3 2026"),
        ),
        "paper_language": forms.ChoiceField(
            label=_("Language of the paper form"),
            choices=[("en", "English"), ("cy", "Cymraeg")],
            initial="en",
            widget=forms.RadioSelect,
        ),
    }
    for q in questionnaire.questions:
        label = q.text.get(language)
        hint = q.hint.get(language) if q.hint else ""
        if q.show_if is not None:
            hint = (hint + " " if hint else "") + str(_("Only if the form shows it answered."))
        if q.kind is QuestionKind.TEXT:
            fields[q.id] = forms.CharField(
                label=label,
                help_text=hint,
                required=False,
                max_length=q.max_length,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        else:
            scale = questionnaire.scale_of(q)
            options = [(o.value, o.text.get(language)) for o in scale.options] if scale else []
            fields[q.id] = forms.ChoiceField(
                label=label,
                help_text=hint,
                required=False,
                choices=[*options, ("", _("Not answered"))],
                widget=forms.RadioSelect,
            )
    return type("PaperForm", (forms.Form,), fields)
