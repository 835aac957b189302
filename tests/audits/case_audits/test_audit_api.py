"""The case audit API: same permissions and services as the pages."""

import pytest
from rest_framework.test import APIClient

from audits.audit_world import build_world
from cases.factories import sign_in
from yjaudit.audits.case_audits import round_scores as results
from yjaudit.audits.case_audits import selectors as audit_selectors
from yjaudit.interchange.results import report_dict

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def client_for(user):
    return sign_in(APIClient(), user)


def test_answer_submit_moderate_sign_off_and_results(world):
    audit = world.audit()
    layout = audit_selectors.audit_layout(audit)
    auditor = client_for(world.users["auditor"])
    base = f"/api/v1/case-audits/{audit.pk}/"
    r = auditor.post(base + "submit/", {}, format="json")
    assert r.status_code == 400 and r.json()["missing"]
    answers = [
        {"question_id": q.id, "value": "yes", "note": "ok"} for s in layout for q in s.visible
    ]
    r = auditor.post(
        base + "answers/", {"version": audit.version, "answers": answers}, format="json"
    )
    assert r.status_code == 200, r.content
    qa = client_for(world.users["qa"])
    # Someone else's stale save of the same question is refused (the auditor's own
    # stale version would be their own earlier save: tests/audits/test_saves.py).
    stale = qa.post(
        base + "answers/",
        {"version": audit.version, "answers": [{**answers[0], "value": "no", "base_value": ""}]},
        format="json",
    )
    assert stale.status_code == 409 and stale.json()["conflicts"][0]["theirs_value"] == "yes"
    assert auditor.post(base + "submit/", {}, format="json").status_code == 200
    assert auditor.post(base + "moderate/", {}, format="json").status_code == 403
    assert qa.post(base + "moderate/", {}, format="json").json()["status"] == "moderated"
    assert qa.post(base + "sign-off/", {}, format="json").json()["status"] == "signed-off"
    assert (
        auditor.post(
            base + "answers/", {"version": 99, "answers": answers}, format="json"
        ).status_code
        == 400
    )
    board = client_for(world.users["board"])
    assert board.get(base).status_code in (403, 404)
    r = board.get(f"/api/v1/audit-rounds/{world.round.pk}/?by=setting")
    assert r.status_code == 200
    expected = report_dict(
        results.round_score(world.round, by=["setting"]), world.round.framework_edition.spec()
    )
    # One submitted case: a board member (aggregates only) is not shown a one-case figure.
    assert r.json()["standards"][0]["suppressed"] is True
    assert r.json()["standards"][0]["percent"] is None
    assert r.json()["progress"] == {"sample": 8, "counted": 1, "in_progress": 7}
    r = qa.get(f"/api/v1/audit-rounds/{world.round.pk}/?by=setting")
    assert r.json()["standards"][0]["percent"] == expected["standards"][0]["percent"] == 100


def test_practitioner_and_other_service_cannot_reach_audits(world):
    other = build_world(code="LEEDS")
    audit = world.audit()
    prac = client_for(world.users["practitioner"])
    assert prac.get(f"/api/v1/case-audits/{audit.pk}/").status_code in (403, 404)
    outsider = client_for(other.users["qa"])
    assert outsider.get(f"/api/v1/case-audits/{audit.pk}/").status_code == 404
    assert outsider.get(f"/api/v1/audit-rounds/{world.round.pk}/").status_code == 404
    listed = outsider.get("/api/v1/case-audits/").json()
    ids = {a["id"] for a in (listed["results"] if isinstance(listed, dict) else listed)}
    assert audit.pk not in ids
