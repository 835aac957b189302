"""Template helpers for GOV.UK Design System markup: form controls and navigation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms, template
from django.conf import settings
from django.forms import BoundField
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from yjaudit.web.forms import GovukDateInput

register = template.Library()

_TEXT_CLASS = {
    "select": "govuk-select",
    "selectmultiple": "govuk-select",
    "nullbooleanselect": "govuk-select",
    "textarea": "govuk-textarea",
    "file": "govuk-file-upload",
    "clearablefile": "govuk-file-upload",
}


@register.filter
def govuk_kind(field: BoundField) -> str:
    """Which GOV.UK pattern renders this field."""
    widget = field.field.widget
    if isinstance(widget, GovukDateInput):
        return "date"
    # CheckboxSelectMultiple subclasses RadioSelect: test it first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return "control"


@register.filter
def govuk_error_anchor(field: BoundField) -> str:
    """The id the error summary links to: the first input of a group, else the input."""
    if govuk_kind(field) in {"radios", "checkboxes", "date"}:
        return f"{field.auto_id}_0"
    return field.id_for_label or field.auto_id


@register.filter
def govuk_describedby(field: BoundField) -> str:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


@register.simple_tag
def govuk_control(field: BoundField, width: str = "") -> SafeString:
    """Render a single-control field (text, number, select, textarea, file) with classes."""
    widget_type = field.widget_type
    base = _TEXT_CLASS.get(widget_type, "govuk-input")
    classes = [base]
    if field.errors:
        classes.append(f"{base}--error")
    # Fixed widths (govuk-input--width-10) suit text inputs; fluid ones (govuk-!-width-one-half)
    # suit any control.
    if width and (base == "govuk-input" or width.startswith("govuk-!-width")):
        classes.append(width)
    attrs: dict[str, Any] = {"class": " ".join(classes)}
    described = govuk_describedby(field)
    if described:
        attrs["aria-describedby"] = described
    return field.as_widget(attrs=attrs)


@register.filter
def govuk_date_parts(field: BoundField) -> list[dict[str, str]]:
    """Day, month and year inputs of a GovukDateField, with the values to redisplay."""
    value = field.value()
    if isinstance(value, dt.date):
        parts = [str(value.day), str(value.month), str(value.year)]
    elif isinstance(value, list | tuple):
        parts = [str(v) if v is not None else "" for v in value] + ["", "", ""]
    else:
        parts = ["", "", ""]
    labels = [(_("Day"), "2"), (_("Month"), "2"), (_("Year"), "4")]
    autocomplete = field.field.widget.attrs.get("autocomplete_prefix", "")
    suffixes = ["day", "month", "year"]
    return [
        {
            "id": f"{field.auto_id}_{i}",
            "name": f"{field.html_name}_{i}",
            "value": parts[i],
            "label": label,
            "width": width,
            "autocomplete": f"{autocomplete}-{suffixes[i]}" if autocomplete else "",
        }
        for i, (label, width) in enumerate(labels)
    ]


@register.inclusion_tag("web/includes/service_navigation.html", takes_context=True)
def service_navigation(context: template.Context) -> dict[str, Any]:
    """The site's areas, from the site shell's context processor
    (`yjaudit.site.context_processors`): the UI kit imports no app."""
    return {
        "items": context.get("service_navigation_items", []),
        "user": context.get("user"),
        "logout_url": context.get("service_navigation_logout_url", ""),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("web/includes/breadcrumbs.html", takes_context=True)
def site_breadcrumbs(context: template.Context) -> dict[str, Any]:
    """The page's trail, from the site shell (`site_breadcrumbs_for`, set by its context
    processor, yjaudit.site.trail): the UI kit imports no app."""
    crumbs_for = context.get("site_breadcrumbs_for")
    found = crumbs_for(context) if callable(crumbs_for) else []
    return {"crumbs": [(crumb["label"], crumb["url"]) for crumb in found]}


@register.simple_tag
def language_options() -> list[tuple[str, str]]:
    """settings.LANGUAGES as written: each language named in itself ("Cymraeg"), untranslated."""
    return [(code, str(name)) for code, name in settings.LANGUAGES]
