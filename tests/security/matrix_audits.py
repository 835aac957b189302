"""Role matrix entries for the case audit: pages and API (issue 4)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .matrix import Expect, World, action, roles

API = {"version": "v1"}


def _audit_world(w: World) -> dict[str, Any]:
    if "audit" in w.extra:
        return w.extra
    from yjaudit.audits.case_audits import services as audit_services
    from yjaudit.audits.models import AuditRound, AuditStatus, CaseAudit, SampledCase
    from yjaudit.cases.models import Case
    from yjaudit.frameworks.selectors import get_current_edition
    from yjaudit.frameworks.services import sync_bundled_frameworks

    sync_bundled_frameworks()
    audit_round = AuditRound.objects.create(
        service=w.service,
        framework_edition=get_current_edition("hmip-youth-2021"),
        name="Alpha audit round",
        kind="self-audit",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
        sample_rule="fixed-n",
        requested_size=3,
    )
    for i in (1, 2, 3):
        case = Case.objects.create(
            service=w.service,
            reference=f"AUD-{i}",
            team=w.team,
            case_manager=w.own_staff,  # the practitioner's own cases
            disposal_type="yro",
            disposal_category="court",
            setting="community",
            start_date=dt.date(2024, 3, i),
        )
        SampledCase.objects.create(round=audit_round, case=case, stratum="court", position=i)
    audit_services.ensure_audits(actor=None, audit_round=audit_round)
    first, second, third = CaseAudit.objects.filter(round=audit_round).order_by("pk")
    # The second: submitted and chosen for blind second marking (no auditor in the matrix).
    # The third: second marking finished, so its differences can be seen (by the QA lead:
    # while second marking is open, whoever may second-mark is blind to the first marks).
    for audit in (second, third):
        audit.status = AuditStatus.SUBMITTED
        audit.moderation_selected = True
        audit.second_marking_done = audit is third
        audit.save()
    w.extra.update(audit=first, marked=second, compared=third, audit_round=audit_round)
    return w.extra


def _r(w: World) -> dict[str, Any]:
    return {"round_pk": _audit_world(w)["audit_round"].pk}


def _a(w: World) -> dict[str, Any]:
    return {"pk": _audit_world(w)["audit"].pk}


def _m(w: World) -> dict[str, Any]:
    return {"pk": _audit_world(w)["marked"].pk}


REVIEW = action("audit.review")
ANSWER = action("audit.answer")
MODERATE = action("audit.moderate")
SECOND = action("audit.second_mark")
SIGNOFF = action("audit.signoff")
REOPEN = action("audit.reopen")
JUDGE = action("audit.judge")
RESULTS = action("audit.results")


def _api_a(w: World) -> dict[str, Any]:
    return {**API, **_a(w)}


def _api_m(w: World) -> dict[str, Any]:
    return {**API, **_m(w)}


def _d(w: World) -> dict[str, Any]:
    return {"pk": _audit_world(w)["compared"].pk}


def _api_d(w: World) -> dict[str, Any]:
    return {**API, **_d(w)}


def _api_r(w: World) -> dict[str, Any]:
    return {**API, "pk": _audit_world(w)["audit_round"].pk}


ENTRIES: dict[str, Expect] = {
    # Round pages
    "audits:round": Expect(get=REVIEW, kwargs=_r),
    "audits:results": Expect(get=RESULTS, kwargs=_r),
    "audits:moderation": Expect(get=MODERATE, post=MODERATE, kwargs=_r),
    "audits:judgements": Expect(get=RESULTS, kwargs=_r),
    "audits:judgement": Expect(
        get=JUDGE, post=JUDGE, kwargs=lambda w: {**_r(w), "standard_id": "1.1"}
    ),
    "audits:override": Expect(
        get=JUDGE, post=JUDGE, kwargs=lambda w: {**_r(w), "standard_id": "2.1"}
    ),
    "audits:inspection": Expect(get=RESULTS, post=JUDGE, kwargs=_r),
    # One case audit
    "audits:detail": Expect(get=REVIEW, kwargs=_a),
    "audits:details": Expect(post=ANSWER, kwargs=_a),
    "audits:standard": Expect(
        get=REVIEW, post=ANSWER, kwargs=lambda w: {**_a(w), "standard_id": "2.1"}
    ),
    "audits:autosave": Expect(post=ANSWER, kwargs=lambda w: {**_a(w), "standard_id": "2.1"}),
    "audits:submit": Expect(get=ANSWER, post=ANSWER, kwargs=_a),
    "audits:return": Expect(get=MODERATE, post=MODERATE, kwargs=_m),
    "audits:moderate": Expect(get=MODERATE, post=MODERATE, kwargs=_m),
    "audits:signoff": Expect(get=SIGNOFF, post=SIGNOFF, kwargs=_m),
    "audits:reopen": Expect(get=REOPEN, post=REOPEN, kwargs=_a),
    "audits:history": Expect(get=REVIEW, kwargs=_a),
    "audits:second_mark": Expect(
        get=SECOND, post=SECOND, kwargs=lambda w: {**_m(w), "standard_id": "2.1"}
    ),
    "audits:second_start": Expect(get=SECOND, kwargs=_m),
    "audits:second_done": Expect(get=SECOND, post=SECOND, kwargs=_m),
    "audits:differences": Expect(get=MODERATE, kwargs=_d),
    "audits:differences_standard": Expect(
        get=MODERATE, post=MODERATE, kwargs=lambda w: {**_d(w), "standard_id": "2.1"}
    ),
    # Assignment (issue 16): the QA lead names auditors and second markers
    "audits:assign": Expect(get=MODERATE, post=MODERATE, kwargs=_r),
    "audits:assign_one": Expect(get=MODERATE, post=MODERATE, kwargs=_a),
    # Practitioners: their own cases' submitted audits only
    "audits:mine": Expect(get=action("audit.view")),
    "audits:feedback": Expect(get=roles("practitioner"), kwargs=_m),
    # API
    "api:case-audit-list": Expect(get=REVIEW, kwargs=lambda w: API, scoped=False),
    "api:case-audit-detail": Expect(get=REVIEW, kwargs=_api_a),
    "api:case-audit-answers": Expect(post=ANSWER, kwargs=_api_a),
    "api:case-audit-submit": Expect(post=ANSWER, kwargs=_api_a),
    "api:case-audit-moderate": Expect(post=MODERATE, kwargs=_api_a),
    "api:case-audit-return-audit": Expect(post=MODERATE, kwargs=_api_a),
    "api:case-audit-sign-off": Expect(post=SIGNOFF, kwargs=_api_a),
    "api:case-audit-reopen": Expect(post=REOPEN, kwargs=_api_a),
    "api:case-audit-second-marks": Expect(post=SECOND, kwargs=_api_m),
    "api:case-audit-finish-second-marking": Expect(post=SECOND, kwargs=_api_a),
    "api:case-audit-differences": Expect(get=MODERATE, kwargs=_api_d),
    "api:case-audit-resolve": Expect(post=MODERATE, kwargs=_api_d),
    "api:audit-round-list": Expect(get=RESULTS, kwargs=lambda w: API, scoped=False),
    "api:audit-round-detail": Expect(get=RESULTS, kwargs=_api_r),
    "api:audit-round-select-moderation": Expect(post=MODERATE, kwargs=_api_r),
    "api:audit-round-agreement": Expect(get=MODERATE, kwargs=_api_r),
    "api:audit-round-judgement": Expect(post=JUDGE, kwargs=_api_r),
    "api:audit-round-override": Expect(post=JUDGE, kwargs=_api_r),
}
