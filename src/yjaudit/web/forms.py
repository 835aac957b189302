"""Form pieces shared by every app: the GOV.UK date input (day, month, year boxes)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class GovukDateInput(forms.MultiWidget):
    """Three text boxes named NAME_0 (day), NAME_1 (month), NAME_2 (year).

    Rendered by web/includes/field.html; this class only moves values in and out.
    """

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        boxes = [forms.TextInput(attrs={"inputmode": "numeric"}) for _ in range(3)]
        super().__init__(boxes, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    """A date typed as day, month and year, with GOV.UK's error wording."""

    widget = GovukDateInput
    default_error_messages = {
        "invalid": _("Enter a real date"),
        "incomplete": _("Enter a complete date: day, month and year"),
    }

    def __init__(self, **kwargs: Any) -> None:
        fields = (
            forms.IntegerField(min_value=1, max_value=31),
            forms.IntegerField(min_value=1, max_value=12),
            forms.IntegerField(min_value=1000, max_value=9999),
        )
        kwargs.setdefault("require_all_fields", False)
        super().__init__(fields, **kwargs)

    def clean(self, value: Any) -> dt.date | None:
        parts = [str(v).strip() if v is not None else "" for v in (value or [])]
        if not any(parts):
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        if len(parts) != 3 or not all(parts):
            raise ValidationError(self.error_messages["incomplete"], code="incomplete")
        try:
            day, month, year = (int(p) for p in parts)
            return dt.date(year, month, day)
        except (ValueError, OverflowError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def compress(
        self, data_list: list[Any]
    ) -> dt.date | None:  # pragma: no cover - clean() overrides
        return None
