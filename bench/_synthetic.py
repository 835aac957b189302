"""A synthetic national data set and a 120-question points framework to score it with.

Framework: two case domains x four standards x three key questions (themes desistance,
safety of the child, safety of others, tagged for three headlines), each key question
with four prompts = 120 questions; yes 1 / partly 0.5 / no 0 / NA; standards and the
overall are points over maximum, banded 80/65/50 on the rounded percentage (the
HMIP-style local audit's rules). One prompt per standard applies to custody cases only.

Data: services x cases x every question, in case order (as case-management exports
come), 15% custody cases, answers drawn at random (community cases answer NA to the
custody-only prompts).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from yjaudit.engine import AnswerArrays
from yjaudit.spec.model import Framework

THEMES = ("desistance", "safety-of-child", "safety-of-others")
VALUES = ("yes", "partly", "no", "na")  # value codes 0..3 in the answer type
POINTS = (1.0, 0.5, 0.0, None)
CUSTODY_ONLY_PROMPT = 4  # the fourth prompt of each standard's first key question


def framework() -> Framework:
    domains = []
    for d, dname in ((2, "Court disposals"), (3, "Out-of-court disposals")):
        standards = []
        for s in range(1, 5):
            kqs = []
            for k in range(1, 4):
                prompts: list[dict[str, Any]] = []
                for p in range(1, 5):
                    prompt: dict[str, Any] = {"id": f"{d}.{s}.{k}.{p}", "text": f"Prompt {p}"}
                    if k == 1 and p == CUSTODY_ONLY_PROMPT:
                        prompt["applies_when"] = {
                            "all": [{"attribute": "setting", "equals": "custody"}]
                        }
                    prompts.append(prompt)
                kqs.append(
                    {
                        "id": f"{d}.{s}.{k}",
                        "text": f"Key question {k}",
                        "theme": THEMES[k - 1],
                        "tags": [THEMES[k - 1]],
                        "prompts": prompts,
                    }
                )
            standards.append(
                {
                    "id": f"{d}.{s}",
                    "name": f"Standard {d}.{s}",
                    "rated_by": "cases",
                    "key_questions": kqs,
                }
            )
        domains.append({"id": f"D{d}", "name": dname, "standards": standards})
    data = {
        "id": "bench-points-120",
        "name": "Synthetic 120-question points framework",
        "edition": "bench",
        "publisher": "yjaudit bench",
        "answer_types": [
            {
                "id": "ypn",
                "label": "Yes / partly / no",
                "values": [
                    {"value": v, "label": v, "points": p}
                    for v, p in zip(VALUES, POINTS, strict=True)
                ],
            }
        ],
        "default_answer_type": "ypn",
        "rating_schemes": [
            {
                "id": "bands",
                "basis": "rounded-percent",
                "bands": [
                    {"lower": 80, "label": "Outstanding", "points": 3},
                    {"lower": 65, "label": "Good", "points": 2},
                    {"lower": 50, "label": "Requires improvement", "points": 1},
                    {"lower": 0, "label": "Inadequate", "points": 0},
                ],
            }
        ],
        "default_rating_scheme": "bands",
        "default_aggregation": "points-over-maximum",
        "minimum_cases": 1,
        "domains": domains,
        "headlines": [{"id": t, "name": t, "tags": [t]} for t in THEMES],
        "overall": {"method": "points-over-maximum", "rating_scheme": "bands"},
    }
    return Framework.model_validate(data)


@dataclass
class DataSet:
    arrays: AnswerArrays
    service_of_case: npt.NDArray[np.int32]
    custody: npt.NDArray[np.bool_]  # per case
    case_attributes: dict[str, dict[str, str]]

    @property
    def answers(self) -> int:
        return len(self.arrays)


def generate(fw: Framework, services: int, cases_per_service: int, seed: int = 2018) -> DataSet:
    rng = np.random.default_rng(seed)
    questions = list(fw.questions.values())
    nq = len(questions)
    n_cases = services * cases_per_service
    service_of_case = np.repeat(np.arange(services, dtype=np.int32), cases_per_service)
    custody = rng.random(n_cases) < 0.15
    case = np.repeat(np.arange(n_cases, dtype=np.int32), nq)
    question = np.tile(np.arange(nq, dtype=np.int32), n_cases)
    value = rng.choice(4, size=n_cases * nq, p=[0.6, 0.15, 0.15, 0.1]).astype(np.int8)
    custody_only = np.array([q.applies_when is not None for q in questions])
    value[custody_only[question] & ~custody[case]] = VALUES.index("na")
    case_ids = [f"S{s:03d}-{c:05d}" for c, s in enumerate(service_of_case.tolist())]
    attributes = {
        cid: {"service": f"S{s:03d}", "setting": "custody" if cu else "community"}
        for cid, s, cu in zip(case_ids, service_of_case.tolist(), custody.tolist(), strict=True)
    }
    arrays = AnswerArrays(case_ids=case_ids, case=case, question=question, value=value)
    return DataSet(arrays, service_of_case, custody, attributes)
