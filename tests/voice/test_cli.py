"""`yjaudit questionnaires issue-links|results`."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from click.testing import CliRunner

from yjaudit.audittrail.models import AuditEvent
from yjaudit.cli.questionnaires import questionnaires
from yjaudit.organisations.models import Service
from yjaudit.voice import services
from yjaudit.voice.models import Collection, Link
from yjaudit.voice.tokens import hash_token


def test_issue_links_prints_each_link_once(service: Service) -> None:
    args = ["issue-links", "--service", "demo", "--questionnaire", "children", "--count", "3"]
    result = CliRunner().invoke(
        questionnaires, [*args, "--base-url", "https://yj.example.org/", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert len(data["links"]) == 3
    assert all(u.startswith("https://yj.example.org/voice/answer/") for u in data["links"])
    tokens = {u.rstrip("/").rsplit("/", 1)[1] for u in data["links"]}
    assert {hash_token(t) for t in tokens} == set(Link.objects.values_list("token_hash", flat=True))
    assert Collection.objects.get().questionnaire == "children"
    assert AuditEvent.objects.filter(action="voice.links_issue", actor=None).count() == 1
    bad = CliRunner().invoke(questionnaires, [*args, "--base-url", "ftp://x"])
    assert bad.exit_code != 0 and Link.objects.count() == 3


def test_results_as_json_and_table(service: Service, collection: Collection, qa: Any) -> None:
    for i in range(5):
        services.enter_paper(
            actor=qa,
            collection=collection,
            answers={"treated-fairly": ["always", "mostly", "never", "always", "always"][i]},
            submitted_on=dt.date(2025, 11, 3),
        )
    base = ["results", "--service", "DEMO", "--questionnaire", "children"]
    out = CliRunner().invoke(questionnaires, [*base, "--quarter", "2025-26 Q3", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    fairly = next(q for q in data["questions"] if q["id"] == "treated-fairly")
    assert fairly["positive"]["count"] == 4 and fairly["positive"]["share"] == 0.8
    feel = next(q for q in data["questions"] if q["id"] == "feel-safe")
    assert feel["suppressed"] is True and feel["answered"] is None
    table = CliRunner().invoke(questionnaires, base)
    assert "Have the staff treated you fairly?: Always" in table.output
    assert "60%" in table.output  # 3 of 5 always
    wrong = CliRunner().invoke(questionnaires, [*base, "--quarter", "1999 Q9"])
    assert wrong.exit_code != 0
