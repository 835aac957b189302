"""The column-mapping form: a heading chosen for two fields is an error on the form,
never a 500 (add_error() used to change the dict being looped over)."""

from __future__ import annotations

from yjaudit.cases.forms import MappingForm


def test_a_heading_chosen_twice_is_a_form_error() -> None:
    headers = ["Ref", "Start", "End"]
    form = MappingForm(
        {"reference": "Ref", "start_date": "Start", "end_date": "Start"},
        headers=headers,
    )
    assert not form.is_valid()
    errors = " ".join(str(e) for e in form.errors.values())
    assert "Column “Start” is already chosen for" in errors
