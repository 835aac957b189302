"""Query filters and object ids, checked before they reach the database.

A viewset declares its filters once::

    query_filters = {"round": IdFilter("Round id."), "service": CodeFilter("Service code.")}

`ScopedQuerysetMixin` then refuses a request with a bad value (400, naming the parameter)
before any query runs, `cleaned_filters()` gives the typed values, and the schema lists
them (so clients and the Schemathesis run know them). Without this, `?team=abc` raised
ValueError and a 23-digit id OverflowError on SQLite: both were 500s.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext as _

# The largest id a 64-bit integer column holds (PostgreSQL bigint, SQLite integer).
MAX_ID = 2**63 - 1


class BadFilter(ValueError):
    """A query parameter's value that cannot be used; the message says what to give."""


def parse_id(raw: str) -> int:
    """A positive whole number that fits an id column, else BadFilter."""
    text = raw.strip()
    if not text.isascii() or not text.isdigit():
        raise BadFilter(_("Give a whole number id."))
    if len(text) > len(str(MAX_ID)) or not 0 < int(text) <= MAX_ID:
        raise BadFilter(_("No such id: ids are whole numbers from 1 to %(max)s.") % {"max": MAX_ID})
    return int(text)


def parse_uuid(raw: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw.strip())
    except (ValueError, AttributeError):
        raise BadFilter(_("Give an id like 123e4567-e89b-12d3-a456-426614174000.")) from None


@dataclass(frozen=True)
class QueryFilter:
    """One declared query parameter. Subclasses say how to read it."""

    description: str = ""
    openapi_type: ClassVar[str] = "string"
    openapi_format: ClassVar[str | None] = None
    max_length: ClassVar[int] = 200

    def clean(self, raw: str) -> Any:
        if len(raw) > self.max_length:
            raise BadFilter(_("Too long: at most %(n)s characters.") % {"n": self.max_length})
        return raw

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.openapi_type}
        if self.openapi_format:
            out["format"] = self.openapi_format
        if self.openapi_type == "string":
            out["maxLength"] = self.max_length
        return out


@dataclass(frozen=True)
class TextFilter(QueryFilter):
    pass


@dataclass(frozen=True)
class CodeFilter(QueryFilter):
    max_length: ClassVar[int] = 50


@dataclass(frozen=True)
class IdFilter(QueryFilter):
    openapi_type: ClassVar[str] = "integer"

    def clean(self, raw: str) -> int:
        return parse_id(raw)

    def schema(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": 1, "maximum": MAX_ID}


@dataclass(frozen=True)
class SearchFilter(QueryFilter):
    """Words to find (each must match); as long as the web page's search box allows."""

    max_length: ClassVar[int] = 64


@dataclass(frozen=True)
class DateFilter(QueryFilter):
    openapi_format: ClassVar[str | None] = "date"
    max_length: ClassVar[int] = 10

    def clean(self, raw: str) -> dt.date:
        text = raw.strip()
        try:
            if len(text) != 10:
                raise ValueError(text)
            return dt.date.fromisoformat(text)
        except ValueError:
            raise BadFilter(_("Give a date as YYYY-MM-DD, e.g. 2026-03-31.")) from None

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "date"}


@dataclass(frozen=True)
class UuidFilter(QueryFilter):
    openapi_format: ClassVar[str | None] = "uuid"

    def clean(self, raw: str) -> uuid.UUID:
        return parse_uuid(raw)

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "uuid"}


@dataclass(frozen=True)
class ChoiceFilter(QueryFilter):
    choices: tuple[str, ...] = ()

    def clean(self, raw: str) -> str:
        if raw not in self.choices:
            raise BadFilter(_("Give one of: %(choices)s.") % {"choices": ", ".join(self.choices)})
        return raw

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.choices)}


def clean_filters(params: Mapping[str, Any], declared: Mapping[str, QueryFilter]) -> dict[str, Any]:
    """The declared parameters present and non-empty, typed; BadFilter per parameter.

    Raises `FilterErrors` with every bad parameter, so the client fixes all at once.
    """
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, spec in declared.items():
        raw = params.get(name)
        if raw is None or raw == "":
            continue
        try:
            values[name] = spec.clean(str(raw))
        except BadFilter as exc:
            errors[name] = str(exc)
    if errors:
        raise FilterErrors(errors)
    return values


class FilterErrors(ValueError):
    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


def model_filters(model: type[models.Model]) -> dict[str, QueryFilter]:
    """Filters implied by the model: a parameter named like one of its foreign keys (or
    `id`) must hold a value that key could have. A safety net for viewsets that read such
    parameters themselves: `?team=abc` or a 23-digit `?round=` is a 400, never a database
    error. Declared `query_filters` take precedence (e.g. `service` given as a code)."""
    out: dict[str, QueryFilter] = {}
    for field in model._meta.concrete_fields:
        if field.primary_key:
            target: Any = field
            names = ["id", "pk"] if field.name == "id" else [field.name, "pk"]
        elif isinstance(field, models.ForeignKey):
            target = field.target_field
            names = [field.name, field.attname]
        else:
            continue
        if isinstance(target, models.UUIDField):
            spec: QueryFilter = UuidFilter(f"{field.name} id")
        elif isinstance(target, models.IntegerField):
            spec = IdFilter(f"{field.name} id")
        else:
            continue
        out.update(dict.fromkeys(names, spec))
    return out


def check_lookup(model: type[models.Model], field_name: str, raw: Any) -> bool:
    """Could `raw` be a value of `model.field_name`? False means "no such object" (404):
    an id out of range or of the wrong shape must not reach the database."""
    if field_name == "pk":
        field: Any = model._meta.pk
    else:
        try:
            field = model._meta.get_field(field_name)
        except Exception:  # a lookup across relations: leave it to the database
            return True
    text = str(raw)
    try:
        if isinstance(field, models.UUIDField):
            parse_uuid(text)
        elif isinstance(field, models.IntegerField):
            parse_id(text)
        elif isinstance(field, models.CharField) and field.max_length:
            return len(text) <= field.max_length
    except BadFilter:
        return False
    return True
