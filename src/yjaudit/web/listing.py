"""Sorting, searching and paging a list page, read from a bounded, validated query string.

A view names its sortable columns (key -> heading and the fields ordered by); an unknown
or over-long ``sort`` is ignored (the default order), a bad ``page`` gives the nearest
page: the query string never causes an error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.functional import Promise

PAGE_SIZE = 50
# Query values longer than this are ignored, never parsed.
MAX_PARAM_CHARS = 64


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise
    fields: tuple[str, ...] = ()  # the ORM order of this column; empty: not sortable
    numeric: bool = False


@dataclass(frozen=True)
class Heading:
    column: Column
    href: str
    aria_sort: str  # "ascending", "descending" or "none"

    @property
    def sortable(self) -> bool:
        return bool(self.column.fields)


@dataclass(frozen=True)
class Sorting:
    key: str
    descending: bool


def param(query: QueryDict, name: str) -> str:
    """A query value, stripped; empty if missing or longer than allowed."""
    value = query.get(name, "")
    return "" if len(value) > MAX_PARAM_CHARS else value.strip()


def read_sort(query: QueryDict, columns: Sequence[Column], default: str) -> Sorting:
    """``?sort=key`` ascending, ``?sort=-key`` descending; unknown keys give the default."""
    raw = param(query, "sort")
    descending = raw.startswith("-")
    key = raw.lstrip("-")
    sortable = {c.key for c in columns if c.fields}
    if key not in sortable:
        return Sorting(default.lstrip("-"), default.startswith("-"))
    return Sorting(key, descending)


def order_fields(columns: Sequence[Column], sorting: Sorting) -> tuple[str, ...]:
    """The ORM ordering of the chosen sort, ``pk`` last so pages are stable."""
    column = next(c for c in columns if c.key == sorting.key)
    prefix = "-" if sorting.descending else ""
    return (*(prefix + f for f in column.fields), prefix + "pk")


def headings(query: QueryDict, columns: Sequence[Column], sorting: Sorting) -> list[Heading]:
    """Each column's heading: a link that sorts by it (the other way if it is the current
    sort), back to the first page, other parameters kept."""
    found: list[Heading] = []
    for column in columns:
        current = column.key == sorting.key
        link = query.copy()
        link.pop("page", None)
        link["sort"] = ("" if (current and sorting.descending) or not current else "-") + column.key
        aria = "none"
        if current:
            aria = "descending" if sorting.descending else "ascending"
        found.append(Heading(column, "?" + link.urlencode(), aria))
    return found


def paginate(items: QuerySet[Any] | Sequence[Any], query: QueryDict) -> tuple[Page, str]:
    """The page asked for (the last one if past the end, the first if not a number) and
    the query string without ``page`` for the pagination links."""
    page = Paginator(items, PAGE_SIZE).get_page(param(query, "page") or 1)
    rest = query.copy()
    rest.pop("page", None)
    return page, rest.urlencode()


def search_text(query: QueryDict) -> str:
    return param(query, "q")
