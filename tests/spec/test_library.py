"""The bundled framework library: ids, editions and the rules other tools rely on."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from yjaudit.spec import (
    BandBasis,
    Framework,
    OverallMethod,
    RatedBy,
    Scope,
    StandardAggregation,
    Theme,
    find_framework,
    iter_bundled,
    parse_framework_text,
)
from yjaudit.spec.loader import bundled_framework_paths

IDS = {
    "hmip-youth-2018": "2018",
    "hmip-youth-2021": "2021",
    "hmip-style-local-audit": "2019",
    "hmip-style-item-audit": "2019",
    "hmip-youth-2025": "2025",
    "hmip-youth-2025-children-victims": "2025",
    "cci-2009": "2009",
    "cci-2012": "2011-12",
    "sqs-2012": "2012",
    "management-oversight": "2019",
}
# The case attributes framework files may test (docs/frameworks.md).
STANDARD_ATTRIBUTES = {
    "setting",
    "disposal_category",
    "rosh",
    "safety_wellbeing",
    "sex",
    "ethnicity",
}
RISK_ORDER = ("low", "medium", "high", "very-high")


def fw(ident: str) -> Framework:
    return find_framework(ident).framework


def test_every_bundled_file_loads_with_its_file_name_as_id() -> None:
    loaded = list(iter_bundled())
    assert {lf.framework.id: lf.framework.edition for lf in loaded} == IDS
    for lf in loaded:
        assert lf.path.endswith(f"{lf.framework.id}.yaml")
        assert len(lf.sha256) == 64
    assert len(bundled_framework_paths()) == len(IDS)


@pytest.mark.parametrize("ident", sorted(IDS))
def test_conditions_use_the_standard_attributes(ident: str) -> None:
    framework = fw(ident)
    for q in framework.questions.values():
        for c in q.applies_when.all if q.applies_when else ():
            assert c.attribute in STANDARD_ATTRIBUTES, (q.id, c.attribute)
            if c.order is not None:
                assert c.order == RISK_ORDER
    for split in framework.default_splits:
        assert split in STANDARD_ATTRIBUTES
    for s in framework.standards:
        for c in s.requires_cases.all if s.requires_cases else ():
            assert c.attribute in STANDARD_ATTRIBUTES


@pytest.mark.parametrize("ident", ["hmip-youth-2018", "hmip-youth-2021"])
def test_hmip_editions_count_twelve_standards_in_an_overall_out_of_36(ident: str) -> None:
    framework = fw(ident)
    counted = [s.id for s in framework.standards if s.counted]
    assert counted == [f"{d}.{n}" for d in "123" for n in "1234"]
    assert [d.id for d in framework.domains][:3] == ["1", "2", "3"]
    assert framework.overall.method is OverallMethod.SUM_OF_STANDARD_POINTS
    standard_scheme = framework.rating_scheme(None)
    assert standard_scheme is not None
    assert standard_scheme.basis is BandBasis.ROUNDED_PERCENT
    max_points = sum(
        max(b.points or 0 for b in standard_scheme.bands) for s in framework.standards if s.counted
    )
    assert max_points == 36
    overall = framework.rating_scheme(framework.overall.rating_scheme)
    assert overall is not None and overall.basis is BandBasis.POINTS
    # 0-6 Inadequate, 7-18 Requires improvement, 19-30 Good, 31-36 Outstanding.
    assert [overall.band_for(Fraction(p)).label for p in (0, 6, 7, 18, 19, 25, 30, 31, 36)] == [
        "Inadequate",
        "Inadequate",
        "Requires improvement",
        "Requires improvement",
        "Good",
        "Good",
        "Good",
        "Outstanding",
        "Outstanding",
    ]
    assert framework.aggregation_of(framework.standard("2.1")) is (
        StandardAggregation.LOWEST_KEY_QUESTION
    )
    for s in framework.standards:
        if s.id.startswith("1."):
            assert s.rated_by is RatedBy.JUDGEMENT and s.scope is Scope.ORGANISATIONAL
    # Domain 3 has no reviewing standard.
    assert "3.5" not in {s.id for s in framework.standards}
    assert framework.standard("2.4").name == "Reviewing"


@pytest.mark.parametrize("ident", ["hmip-youth-2018", "hmip-youth-2021", "hmip-style-local-audit"])
def test_case_standards_have_the_three_themes_and_numbered_prompts(ident: str) -> None:
    framework = fw(ident)
    for s in framework.standards:
        if s.rated_by is not RatedBy.CASES or s.name == "Joint working":
            continue
        themes = [kq.theme for kq in s.key_questions]
        assert themes == [Theme.DESISTANCE, Theme.SAFETY_OF_CHILD, Theme.SAFETY_OF_OTHERS], s.id
        for n, kq in enumerate(s.key_questions, start=1):
            assert kq.id == f"{s.id}.{n}"
            assert len(kq.prompts) >= 2
            assert [p.id for p in kq.prompts] == [
                f"{kq.id}{letter}" for letter in "abcdefghij"[: len(kq.prompts)]
            ]


def test_3_4_is_joint_working_from_cases_in_2018_and_policy_by_judgement_in_2021() -> None:
    s2018 = fw("hmip-youth-2018").standard("3.4")
    s2021 = fw("hmip-youth-2021").standard("3.4")
    assert (s2018.name, s2018.rated_by) == ("Joint working", RatedBy.CASES)
    assert [kq.id for kq in s2018.key_questions] == ["3.4.1", "3.4.2"]
    assert (s2021.name, s2021.rated_by) == (
        "Out-of-court disposal policy and provision",
        RatedBy.JUDGEMENT,
    )
    assert s2021.counted and not s2021.key_questions


def test_resettlement_is_rated_by_judgement_not_counted_and_needs_custody_cases() -> None:
    framework = fw("hmip-youth-2021")
    resettlement = framework.standard("4.1")
    assert resettlement.name == "Resettlement policy and provision"
    assert resettlement.scope is Scope.RESETTLEMENT
    assert resettlement.rated_by is RatedBy.JUDGEMENT
    assert resettlement.counted is False
    assert framework.domain_of("4.1").id == "4"
    assert resettlement.requires_cases is not None
    assert resettlement.requires_cases.holds({"setting": "custody"}) is True
    assert resettlement.requires_cases.holds({"setting": "community"}) is False
    # Rated: its labels and points come from the standard scheme.
    scheme = framework.rating_scheme(resettlement.rating_scheme)
    assert scheme is not None
    band = scheme.band_by_label("requires improvement")
    assert band is not None and band.points == 1
    assert "4.1" not in {s.id for s in fw("hmip-youth-2018").standards}


def test_hmip_standard_bands_use_the_rounded_percentage() -> None:
    scheme = fw("hmip-youth-2018").rating_scheme(None)
    assert scheme is not None
    labels = {p: scheme.band_for(Fraction(p)).label for p in (100, 80, 79, 65, 64, 50, 49, 0)}
    assert labels == {
        100: "Outstanding",
        80: "Outstanding",
        79: "Good",
        65: "Good",
        64: "Requires improvement",
        50: "Requires improvement",
        49: "Inadequate",
        0: "Inadequate",
    }
    assert [b.points for b in scheme.bands] == [3, 2, 1, 0]


def test_local_audit_scores_points_over_maximum_as_derby_yos_did() -> None:
    # As in "Derby YOS, progress against HMIP areas for improvement, 9 September 2019".
    framework = fw("hmip-style-local-audit")
    assert [s.id for s in framework.standards] == [
        "2.1",
        "2.2",
        "2.3",
        "2.4",
        "3.1",
        "3.2",
        "3.3",
        "3.4",
    ]
    assert framework.standard("3.4").name == "Joint working"
    assert all(s.rated_by is RatedBy.CASES for s in framework.standards)
    assert framework.default_aggregation is StandardAggregation.POINTS_OVER_MAXIMUM
    assert framework.overall.method is OverallMethod.POINTS_OVER_MAXIMUM
    answers = framework.answer_type(None)
    points = {v.value: v.points for v in answers.values}
    assert points == {"yes": 1, "partly": Fraction(1, 2), "no": 0, "na": None}
    assert answers.lookup("N/A") is not None and answers.lookup("N/A").excluded  # type: ignore[union-attr]
    scheme = framework.rating_scheme(None)
    assert scheme is not None and scheme.basis is BandBasis.ROUNDED_PERCENT
    # Derby's 2019 self-audit rows, banded on the rounded percentage.
    for num, den, rating in [
        ("73", 84, "Outstanding"),
        ("68.5", 86, "Outstanding"),
        ("29.5", 39, "Good"),
        ("44", 95, "Inadequate"),
        ("30", 55, "Requires improvement"),
        ("33", 40, "Outstanding"),
        ("207.5", 253, "Outstanding"),
        ("135", 260, "Requires improvement"),
    ]:
        exact = Fraction(num) / den * 100
        rounded = int(exact + Fraction(1, 2))  # half up
        assert scheme.band_for(Fraction(rounded)).label == rating, (num, den)
    # Local prompts on risk forums apply from medium upwards and never decide.
    forum = framework.questions["2.2.3e"]
    assert forum.kind == "prompt" and "local" in forum.tags
    assert forum.applies_when is not None
    assert forum.applies_when.holds({"rosh": "medium"}) is True
    assert forum.applies_when.holds({"rosh": "low"}) is False


def test_cci_criteria_sections_headlines_and_coventry_bands() -> None:
    framework = fw("cci-2009")
    assert [s.id for s in framework.standards] == [
        "1.1",
        "1.2",
        "1.3",
        "2.1",
        "2.2",
        "2.3",
        "3.1",
        "3.2",
    ]
    assert [sec.standards for sec in framework.sections] == [
        ("1.1", "1.2", "1.3"),
        ("2.1", "2.2", "2.3"),
        ("3.1", "3.2"),
    ]
    assert {h.id for h in framework.headlines} == {
        "safeguarding",
        "risk-of-harm",
        "likelihood-of-reoffending",
    }
    assert framework.default_aggregation is StandardAggregation.POINTS_OVER_MAXIMUM
    assert framework.overall.method is OverallMethod.NONE
    assert framework.default_splits == ("setting",)
    for q in framework.questions.values():
        assert set(q.tags) <= {"safeguarding", "risk-of-harm", "likelihood-of-reoffending"}
        assert q.tags, q.id
    scheme = framework.rating_scheme(None)
    assert scheme is not None
    # Coventry CCI 2011: every published score and its comment.
    coventry = {73: "MODERATE", 65: "MODERATE", 75: "MINIMUM", 67: "MODERATE", 84: "MINIMUM"}
    coventry |= {81: "MINIMUM", 58: "MODERATE", 88: "MINIMUM", 72: "MODERATE", 78: "MINIMUM"}
    coventry |= {68: "MODERATE"}
    for percent, label in coventry.items():
        assert scheme.band_for(Fraction(percent)).label == label, percent
    assert scheme.band_for(Fraction(57)).label == "SUBSTANTIAL"
    assert scheme.band_for(Fraction(36)).label == "DRASTIC"
    assert scheme.bands[1].description == "MODERATE improvement required"
    custody_only = framework.questions["1.2.6"].applies_when
    assert custody_only is not None
    assert custody_only.holds({"setting": "custody"}) is True
    assert custody_only.holds({"setting": "community"}) is False
    rmp = framework.questions["1.1.6"].applies_when
    assert rmp is not None and rmp.holds({"rosh": "very-high"}) is True
    assert rmp.holds({"rosh": "low"}) is False


def test_sqs_counts_only_and_not_rated() -> None:
    framework = fw("sqs-2012")
    assert [s.name for s in framework.standards] == [
        "Reducing the likelihood of reoffending",
        "Protecting the public",
        "Protecting the child or young person",
        "Ensuring that the sentence is served",
        "Operational management",
    ]
    assert all(
        framework.aggregation_of(s) is StandardAggregation.COUNTS_ONLY for s in framework.standards
    )
    assert framework.overall.method is OverallMethod.NONE
    assert framework.rating_schemes == ()
    assert framework.rating_scheme(None) is None


@pytest.mark.parametrize("ident", sorted(IDS))
def test_minimum_cases_is_set_deliberately(ident: str) -> None:
    expected = dict.fromkeys(
        [
            "hmip-youth-2018",
            "hmip-youth-2021",
            "hmip-youth-2025",
            "hmip-youth-2025-children-victims",
        ],
        5,
    )
    assert fw(ident).minimum_cases == expected.get(ident, 1)


def test_the_documented_example_loads() -> None:
    docs = Path(__file__).resolve().parents[2] / "docs" / "frameworks.md"
    text = docs.read_text(encoding="utf-8")
    example = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    framework = parse_framework_text(example, "docs/frameworks.md example")
    assert framework.id == "my-local-audit"
    forum = framework.questions["2.1.1b"].applies_when
    assert forum is not None and forum.holds({"rosh": "high"}) is True
