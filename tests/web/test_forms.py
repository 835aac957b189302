"""The shared GOV.UK form includes and the date field."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.template import Context, Template

from yjaudit.web.forms import GovukDateField


class SampleForm(forms.Form):
    reference = forms.CharField(label="Reference", help_text="As on the case file", max_length=10)
    setting = forms.ChoiceField(
        label="Setting",
        choices=[("community", "Community"), ("custody", "Custody")],
        widget=forms.RadioSelect,
    )
    needs = forms.MultipleChoiceField(
        label="Needs",
        choices=[("ete", "ETE"), ("health", "Health"), ("housing", "Housing")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    team = forms.ChoiceField(label="Team", choices=[("", "Choose"), ("north", "North")])
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    started = GovukDateField(label="Start date")
    export = forms.FileField(label="Export file", required=False)
    confirm = forms.BooleanField(label="I have checked", required=False)


def render(form: forms.Form) -> str:
    template = Template(
        "{% for field in form %}{% include 'web/includes/field.html' with field=field %}"
        "{% endfor %}{% include 'web/includes/error_summary.html' with form=form %}"
    )
    return template.render(Context({"form": form}))


def test_unbound_form_uses_govuk_classes() -> None:
    html = render(SampleForm(initial={"started": dt.date(2024, 3, 9)}))
    assert 'class="govuk-input"' in html and 'aria-describedby="id_reference-hint"' in html
    assert '<div id="id_reference-hint" class="govuk-hint">As on the case file</div>' in html
    assert 'class="govuk-radios govuk-radios--inline"' in html
    assert 'class="govuk-radios__input" id="id_setting_0"' in html
    assert 'class="govuk-checkboxes"' in html and 'id="id_needs_2"' in html
    assert 'class="govuk-select"' in html and 'class="govuk-textarea"' in html
    assert 'class="govuk-file-upload"' in html
    assert 'name="started_0" type="text" inputmode="numeric" value="9"' in html
    assert 'name="started_2" type="text" inputmode="numeric" value="2024"' in html
    assert "govuk-error-summary" not in html


def test_widths() -> None:
    form = SampleForm()
    inc = "{% include 'web/includes/field.html' with field=form."
    template = Template(
        inc
        + "team width='govuk-!-width-one-half' %}"
        + inc
        + "notes width='govuk-input--width-5' %}"
        + inc
        + "reference width='govuk-input--width-5' %}"
    )
    html = template.render(Context({"form": form}))
    assert 'class="govuk-select govuk-!-width-one-half"' in html
    assert 'class="govuk-textarea"' in html  # a fixed input width does not apply
    assert 'class="govuk-input govuk-input--width-5"' in html


def test_bound_form_errors_link_from_the_summary() -> None:
    form = SampleForm(
        data={"reference": "", "started_0": "31", "started_1": "2", "started_2": "2024"}
    )
    assert not form.is_valid()
    html = render(form)
    assert "govuk-form-group--error" in html and "govuk-input--error" in html
    assert 'href="#id_reference"' in html
    assert 'href="#id_setting_0"' in html  # the first radio
    assert 'href="#id_started_0"' in html  # the day box
    assert "Enter a real date" in html
    assert 'value="31"' in html  # what the user typed comes back
    assert '<span class="govuk-visually-hidden">Error:</span>' in html


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (["9", "3", "2024"], dt.date(2024, 3, 9)),
        ([" 09 ", "03", "2024"], dt.date(2024, 3, 9)),
        (["", "", ""], None),
    ],
)
def test_date_field_clean(parts: list[str], expected: dt.date | None) -> None:
    assert GovukDateField(required=False).clean(parts) == expected


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (["30", "2", "2024"], "Enter a real date"),
        (["x", "2", "2024"], "Enter a real date"),
        (["1", "", "2024"], "Enter a complete date"),
    ],
)
def test_date_field_errors(parts: list[str], message: str) -> None:
    with pytest.raises(forms.ValidationError, match=message):
        GovukDateField().clean(parts)


def test_required_date() -> None:
    with pytest.raises(forms.ValidationError, match="required"):
        GovukDateField().clean(["", "", ""])
