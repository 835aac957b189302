"""The import page's list of expected columns and the template file built from it.

Everything comes from ``fields.py`` (which columns, required or not, what they hold),
the code lists and register rules (allowed values) and the service (its teams, staff
and further attributes), so the page and the template never drift from the importer.
The template's example row is one the import accepts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..codes import codes
from ..register_rules import register_rules
from .fields import EXTRA_PREFIX, ImportField, fields_for
from .rows import AttributeSpec

# At most this many team names are listed in words; more are summarised.
MAX_NAMED = 10


@dataclass(frozen=True)
class ServiceFacts:
    """What a service's rows may refer to, for words and examples."""

    teams: Sequence[str] = ()
    staff: Sequence[tuple[str, str | None]] = ()  # (name, team name)
    attributes: Sequence[AttributeSpec] = ()
    child_case: str | None = None  # a children's case reference in the register


@dataclass(frozen=True)
class ColumnHelp:
    key: str
    header: str  # the template's column heading (a spelling the importer knows)
    label: str
    required: bool
    allowed: str
    example: str
    notes: list[str] = field(default_factory=list)


def _header(f: ImportField) -> str:
    return f.aliases[0] if f.aliases else f.key


def _one_of(labels: Sequence[str]) -> str:
    return _("One of: %s") % ", ".join(labels)


def _both(words: str, label: str) -> str:
    return label if words == label else f"{words} ({label})"


def _names(names: Sequence[str]) -> str:
    shown = ", ".join(names[:MAX_NAMED])
    return shown + (_(" and %s more") % (len(names) - MAX_NAMED) if len(names) > MAX_NAMED else "")


def _describe(f: ImportField, facts: ServiceFacts) -> tuple[str, str]:
    """(allowed values in words, example) of one field."""
    values = f.values
    if values.startswith("code:"):
        code_list = getattr(codes(), values.removeprefix("code:"))
        labels = [c.label for c in code_list.codes]
        # On a page in another language, each value's words there beside it; either
        # spelling is read by the import (`CodeList.resolve`).
        allowed = _one_of([_both(code_list.words(c.code), c.label) for c in code_list.codes])
        if f.key == "setting":
            allowed += " " + _("(if empty, taken from the disposal type)")
            first = codes().disposal_types.codes[0]
            return allowed, codes().settings.label(first.setting or "")
        return allowed, labels[0]
    if values == "yes_no":
        return _("Yes or no"), f.example
    if values == "date":
        return _("A date: dd/mm/yyyy or yyyy-mm-dd"), f.example
    if values == "age":
        ages = register_rules().age_at_start
        age = int(f.example) if f.example.isdigit() else ages.lowest
        age = age if ages.allows(age) else ages.lowest
        return (
            _("A whole number from %(lo)s to %(hi)s") % {"lo": ages.lowest, "hi": ages.highest},
            str(age),
        )
    if values == "reference":
        return _("Letters, digits and / _ . - only; never a name"), f.example
    if values == "case":
        linked = facts.child_case or _children_example()
        return _("The reference of a children's case already in this service's register"), linked
    if values == "team":
        if not facts.teams:
            return _("The name of one of this service's teams (it has none yet)"), ""
        return _("The name of one of this service's teams: %s") % _names(facts.teams), _team(facts)
    if values == "staff":
        return _("The name of a case manager in this service"), _staff(facts)
    return _("Text"), f.example


def _children_example() -> str:
    return next(f.example for f in fields_for("children") if f.key == "reference")


def _staff(facts: ServiceFacts) -> str:
    """A case manager of the example's team (or any), so the row is consistent."""
    team = _team(facts)
    same = [name for name, theirs in facts.staff if theirs == team]
    return (same or [name for name, _theirs in facts.staff] or [""])[0]


def _team(facts: ServiceFacts) -> str:
    with_staff = {t for _name, t in facts.staff if t}
    return next((t for t in facts.teams if t in with_staff), facts.teams[0] if facts.teams else "")


def _attribute(spec: AttributeSpec) -> tuple[str, str]:
    if spec.type == "number":
        return _("A whole number"), "1"
    if spec.type == "yes_no":
        return _("Yes or no"), "No"
    if spec.type == "date":
        return _("A date: dd/mm/yyyy or yyyy-mm-dd"), "01/04/2025"
    if spec.type == "choice" and spec.choices:
        return _one_of(spec.choices), spec.choices[0]
    return _("Text"), _("Example")


def columns(kind: str, facts: ServiceFacts) -> list[ColumnHelp]:
    """The expected columns of a register kind, in the template's order."""
    found: list[ColumnHelp] = []
    for f in fields_for(kind):
        allowed, example = _describe(f, facts)
        notes = [str(f.hint)] if f.hint and f.values not in {"date", "yes_no"} else []
        found.append(
            ColumnHelp(f.key, _header(f), str(f.label), f.required, allowed, example, notes)
        )
    if kind != "victims":
        for spec in facts.attributes:
            allowed, example = _attribute(spec)
            found.append(
                ColumnHelp(
                    EXTRA_PREFIX + spec.key, spec.label, spec.label, spec.required, allowed, example
                )
            )
    return found


def template_table(kind: str, facts: ServiceFacts) -> tuple[list[str], list[list[str]]]:
    """The template's headings and its one example row."""
    cols = columns(kind, facts)
    return [c.header for c in cols], [[c.example for c in cols]]
