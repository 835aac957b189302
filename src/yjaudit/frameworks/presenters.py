"""Turn a parsed framework into plain data for the framework browser's templates."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from yjaudit.spec import Framework, RatedBy
from yjaudit.spec.model import AppliesWhen, Condition

LABELS: dict[str, str | Promise] = {
    # rated_by
    "cases": _("From case answers"),
    "judgement": _("By inspectors' judgement"),
    # scope
    "court": _("Court disposals"),
    "out-of-court": _("Out-of-court disposals"),
    "resettlement": _("Resettlement"),
    "organisational": _("Organisational"),
    "all": _("All cases"),
    # themes
    "desistance": _("Supporting the child's desistance"),
    "safety-of-child": _("Keeping the child safe"),
    "safety-of-others": _("Keeping other people safe"),
    "other": _("Other"),
    # aggregation and overall methods
    "lowest-key-question": _("The lowest key question decides"),
    "points-over-maximum": _("Points over maximum"),
    "mean": _("Mean of the key questions"),
    "counts-only": _("Counts only, not rated"),
    "sum-of-standard-points": _("Sum of the standards' points, banded"),
    "sum-of-domain-points": _("Sum of the areas' rating points, banded"),
    "lowest-standard": _("The lowest standard decides"),
    "none": _("No overall rating"),
    # band basis
    "rounded-percent": _("Percentage rounded half up to a whole number"),
    "exact-percent": _("Exact percentage"),
    "points": _("Points total"),
}


def label(value: Any) -> str | Promise:
    key = str(getattr(value, "value", value))
    return LABELS.get(key, key)


def _number(value: Fraction | None) -> str:
    if value is None:
        return ""
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):g}"


def _points_text(value: Fraction | None) -> str:
    if value is None:
        return gettext("not applicable, left out of the figures")
    return ngettext("%(n)s point", "%(n)s points", 1 if value == 1 else 2) % {"n": _number(value)}


def describe_conditions(when: AppliesWhen | None) -> str:
    if when is None:
        return ""
    return "; ".join(_condition(c) for c in when.all)


def _attribute(name: str) -> tuple[str, dict[str, str]]:
    """A case attribute's name and its values in words. The register sits above the
    frameworks, so its field is found through the app registry, never imported; a
    service's own attribute reads as its key."""
    try:
        found = apps.get_model("cases", "Case")._meta.get_field(name)
    except (LookupError, FieldDoesNotExist):
        return name.replace("_", " "), {}
    words = {str(k): str(v) for k, v in getattr(found, "flatchoices", [])}
    label = str(getattr(found, "verbose_name", name))
    return label[:1].upper() + label[1:], words


def _condition(c: Condition) -> str:
    name, words = _attribute(c.attribute)

    def said(values: Any) -> str:
        return ", ".join(words.get(str(v), str(v)) for v in values)

    if c.equals is not None:
        return gettext("%(field)s is %(value)s") % {"field": name, "value": said([c.equals])}
    if c.in_ is not None:
        return gettext("%(field)s is one of: %(values)s") % {"field": name, "values": said(c.in_)}
    if c.not_in is not None:
        return gettext("%(field)s is none of: %(values)s") % {
            "field": name,
            "values": said(c.not_in),
        }
    return gettext("%(field)s is %(value)s or higher") % {
        "field": name,
        "value": said([c.at_least]),
    }


@dataclass
class PromptView:
    id: str
    text: str
    applies_when: str


@dataclass
class KeyQuestionView:
    id: str
    text: str
    theme: str | Promise
    answer_type: str
    applies_when: str
    tags: tuple[str, ...]
    prompts: list[PromptView]


@dataclass
class StandardView:
    id: str
    name: str
    description: str
    rated_by: str | Promise
    by_cases: bool
    counted: bool
    scope: str | Promise
    aggregation: str | Promise
    rating_scheme: str
    minimum_cases: int
    applies_when: str
    key_questions: list[KeyQuestionView]


@dataclass
class DomainView:
    id: str
    name: str
    description: str
    standards: list[StandardView] = field(default_factory=list)


def present(fw: Framework) -> dict[str, Any]:
    domains = []
    for d in fw.domains:
        dv = DomainView(id=d.id, name=d.name, description=d.description)
        for s in d.standards:
            by_cases = s.rated_by is RatedBy.CASES
            scheme = fw.rating_scheme(s.rating_scheme) if by_cases else None
            dv.standards.append(
                StandardView(
                    id=s.id,
                    name=s.name,
                    description=s.description,
                    rated_by=label(s.rated_by),
                    by_cases=by_cases,
                    counted=s.counted,
                    scope=label(s.scope),
                    aggregation=label(fw.aggregation_of(s)) if by_cases else "",
                    rating_scheme=scheme.id if scheme else "",
                    minimum_cases=fw.minimum_cases_of(s),
                    applies_when=describe_conditions(s.applies_when),
                    key_questions=[
                        KeyQuestionView(
                            id=kq.id,
                            text=kq.text,
                            theme=label(kq.theme),
                            answer_type=fw.answer_type(kq.answer_type).label,
                            applies_when=describe_conditions(kq.applies_when),
                            tags=kq.tags,
                            prompts=[
                                PromptView(
                                    id=p.id,
                                    text=p.text,
                                    applies_when=describe_conditions(p.applies_when),
                                )
                                for p in kq.prompts
                            ],
                        )
                        for kq in s.key_questions
                    ],
                )
            )
        domains.append(dv)
    schemes = [
        {
            "id": r.id,
            "basis": label(r.basis),
            "source": r.source,
            "bands": [
                {"lower": _number(b.lower), "label": b.label, "points": b.points} for b in r.bands
            ],
        }
        for r in fw.rating_schemes
    ]
    answer_types = [
        {
            "id": a.id,
            "label": a.label,
            "values": [
                {
                    "value": v.value,
                    "label": v.label,
                    "points_text": _points_text(v.points),
                }
                for v in a.values
            ],
        }
        for a in fw.answer_types
    ]
    counted = [s for d in domains for s in d.standards if s.counted]
    return {
        "domains": domains,
        "schemes": schemes,
        "answer_types": answer_types,
        "overall_method": label(fw.overall.method),
        "overall_scheme": fw.overall.rating_scheme or "",
        "default_aggregation": label(fw.default_aggregation),
        "counted_count": len(counted),
        "standard_count": sum(len(d.standards) for d in domains),
        "key_question_count": sum(len(s.key_questions) for d in domains for s in d.standards),
        "prompt_count": sum(
            len(k.prompts) for d in domains for s in d.standards for k in s.key_questions
        ),
        "headlines": [
            {"id": h.id, "name": h.name, "tags": ", ".join(h.tags)} for h in fw.headlines
        ],
        "sections": [
            {"id": sec.id, "name": sec.name, "standards": ", ".join(sec.standards)}
            for sec in fw.sections
        ],
    }
