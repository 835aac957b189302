"""Small frameworks written here, so engine tests do not depend on the bundled library."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from yjaudit.spec.model import Framework

YES_NO: dict[str, Any] = {
    "id": "yes-no",
    "label": "Yes / no",
    "values": [
        {"value": "yes", "label": "Yes", "points": 1},
        {"value": "no", "label": "No", "points": 0},
        {"value": "na", "label": "Not applicable", "points": None, "aliases": ["n/a"]},
    ],
}
YES_PARTLY_NO: dict[str, Any] = {
    "id": "yes-partly-no",
    "label": "Yes / partly / no",
    "values": [
        {"value": "yes", "label": "Yes", "points": 1},
        {"value": "partly", "label": "Partly", "points": 0.5},
        {"value": "no", "label": "No", "points": 0},
        {"value": "na", "label": "Not applicable", "points": None, "aliases": ["n/a"]},
    ],
}
HMIP_BANDS: dict[str, Any] = {
    "id": "hmip",
    "basis": "rounded-percent",
    "bands": [
        {"lower": 80, "label": "Outstanding", "points": 3},
        {"lower": 65, "label": "Good", "points": 2},
        {"lower": 50, "label": "Requires improvement", "points": 1},
        {"lower": 0, "label": "Inadequate", "points": 0},
    ],
}
OVERALL_POINTS: dict[str, Any] = {
    "id": "overall-points",
    "basis": "points",
    "bands": [
        {"lower": 31, "label": "Outstanding"},
        {"lower": 19, "label": "Good"},
        {"lower": 7, "label": "Requires improvement"},
        {"lower": 0, "label": "Inadequate"},
    ],
}


def kq(ident: str, theme: str = "other", prompts: int = 1, **extra: Any) -> dict[str, Any]:
    return {
        "id": ident,
        "text": f"Key question {ident}",
        "theme": theme,
        "prompts": [
            {"id": f"{ident}.{i + 1}", "text": f"Prompt {ident}.{i + 1}"} for i in range(prompts)
        ],
        **extra,
    }


def case_standard(ident: str, n_kq: int = 3, **extra: Any) -> dict[str, Any]:
    themes = ["desistance", "safety-of-child", "safety-of-others"]
    return {
        "id": ident,
        "name": f"Standard {ident}",
        "rated_by": "cases",
        "key_questions": [kq(f"{ident}.{k + 1}", themes[k % 3]) for k in range(n_kq)],
        **extra,
    }


def judgement_standard(ident: str, **extra: Any) -> dict[str, Any]:
    return {"id": ident, "name": f"Standard {ident}", "rated_by": "judgement", **extra}


def hmip_like() -> dict[str, Any]:
    """Judgement domain 1, case domain 2; lowest key question; overall sum of points."""
    return {
        "id": "test-hmip",
        "name": "Test HMIP-like",
        "edition": "test",
        "publisher": "tests",
        "answer_types": [copy.deepcopy(YES_NO), copy.deepcopy(YES_PARTLY_NO)],
        "default_answer_type": "yes-no",
        "rating_schemes": [copy.deepcopy(HMIP_BANDS), copy.deepcopy(OVERALL_POINTS)],
        "default_rating_scheme": "hmip",
        "default_aggregation": "lowest-key-question",
        "minimum_cases": 1,
        "domains": [
            {
                "id": "D1",
                "name": "Organisational delivery",
                "standards": [judgement_standard("1.1"), judgement_standard("1.2")],
            },
            {
                "id": "D2",
                "name": "Court disposals",
                "standards": [case_standard("2.1"), case_standard("2.2", n_kq=2)],
            },
        ],
        "overall": {"method": "sum-of-standard-points", "rating_scheme": "overall-points"},
    }


def build(data: dict[str, Any]) -> Framework:
    return Framework.model_validate(data)


@pytest.fixture
def hmip() -> Framework:
    return build(hmip_like())
