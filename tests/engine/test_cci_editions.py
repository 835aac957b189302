"""The Core Case Inspection's two band sets, each as its own edition.

cci-2009 (2009-11) holds the limits of HM Inspectorate of Probation, "Core Case
Inspection of youth offending work in England and Wales: Coventry", 2011: 75% MINIMUM,
73%, 65% and 58% MODERATE. cci-2012 (2011-12) holds inferred limits under which the
reports published in 2012 come out as printed: a 58% headline SUBSTANTIAL, 47%
SUBSTANTIAL, 43% and 36% DRASTIC. Each score is produced from 100 cases' answers to a
criterion's first question (tagged risk-of-harm), through the engine.
"""

from __future__ import annotations

import pytest

from yjaudit.engine import Answer, score
from yjaudit.spec.loader import find_framework

COVENTRY_2011 = [(75, "MINIMUM"), (73, "MODERATE"), (65, "MODERATE"), (58, "MODERATE")]
REPORTS_2012 = [(58, "SUBSTANTIAL"), (47, "SUBSTANTIAL"), (43, "DRASTIC"), (36, "DRASTIC")]


def headline_and_criterion(framework_id: str, percent: int) -> tuple[int | None, str | None]:
    fw = find_framework(framework_id).framework
    answers = [Answer(f"c{i}", "1.1.1", "yes" if i < percent else "no") for i in range(100)]
    result = score(fw, answers).result
    [headline] = [h for h in result.headlines if h.id == "risk-of-harm"]
    criterion = result.standard("1.1")
    assert (criterion.figure.percent, criterion.rating) == (
        headline.figure.percent,
        headline.figure.rating,
    )
    return headline.figure.percent, headline.figure.rating


@pytest.mark.parametrize(("percent", "comment"), COVENTRY_2011)
def test_coventry_2011_pairings_on_the_2009_11_edition(percent, comment):
    assert headline_and_criterion("cci-2009", percent) == (percent, comment)


@pytest.mark.parametrize(("percent", "comment"), REPORTS_2012)
def test_2012_report_pairings_on_the_2011_12_edition(percent, comment):
    assert headline_and_criterion("cci-2012", percent) == (percent, comment)


def test_the_same_58_percent_differs_by_edition():
    assert headline_and_criterion("cci-2009", 58)[1] == "MODERATE"
    assert headline_and_criterion("cci-2012", 58)[1] == "SUBSTANTIAL"


def test_editions_follow_each_other_and_cite_their_reports():
    old = find_framework("cci-2009").framework
    new = find_framework("cci-2012").framework
    assert old.effective_to is not None and new.effective_from is not None
    assert (new.effective_from - old.effective_to).days == 1
    assert any("Coventry" in s for s in old.sources)
    assert any("published in 2012" in s for s in new.sources)
    assert old.questions.keys() == new.questions.keys()
