"""Role matrix entries for improvement plans: pages, evidence downloads and the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .matrix import Expect, World, action

API = {"version": "v1"}
VIEW = action("plan.view")
MANAGE = action("plan.manage")
PROGRESS = action("plan.progress")
EVIDENCE = action("plan.evidence")
OVERDUE = action("plan.overdue")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _plan(w: World) -> Any:
    if "plan" not in w.extra:
        from yjaudit.improvement import services

        plan = services.create_plan(
            actor=None,
            service=w.service,
            title="Alpha plan",
            source_kind="inspection",
            inspection_name="Alpha inspection",
            published_on=dt.date(2024, 1, 10),
        )
        rec = services.add_recommendation(actor=None, plan=plan, text="Improve planning")
        # Led by the practitioner's own staff record, so practitioners may record progress.
        act = services.add_action(
            actor=None,
            plan=plan,
            recommendation=rec,
            description="Workshop",
            due_date=dt.date(2024, 3, 31),
            lead_staff=w.own_staff,
        )
        update = services.record_progress(
            actor=None, action=act, status="in_progress", files=[("register.pdf", PDF)]
        )
        approval = services.record_approval(
            actor=None, plan=plan, approved_by="Board", approved_on=dt.date(2024, 2, 1)
        )
        # Archived ones, to restore: a finding, an action and a second plan.
        finding = services.add_finding(
            actor=None, plan=plan, kind="strength", text="Good oversight"
        )
        gone = services.add_action(
            actor=None, plan=plan, recommendation=rec, description="Old idea", due_date=None
        )
        old_plan = services.create_plan(
            actor=None,
            service=w.service,
            title="Alpha old plan",
            source_kind="inspection",
            inspection_name="Alpha inspection 2019",
            published_on=dt.date(2019, 1, 10),
        )
        w.extra.update(
            finding=finding,
            archived_finding=services.archive_finding(
                actor=None,
                finding=services.add_finding(
                    actor=None, plan=plan, kind="improvement", text="Duplicate"
                ),
                reason="Entered twice",
            ),
            archived_action=services.archive_action(actor=None, action=gone, reason="Dropped"),
            archived_plan=services.archive_plan(actor=None, plan=old_plan, reason="Superseded"),
        )
        w.extra.update(
            plan=plan,
            rec=rec,
            action=act,
            update=update,
            evidence=update.evidence.get(),
            approval=approval,
        )
    return w.extra["plan"]


def _get(name: str) -> Any:
    def build(w: World) -> dict[str, Any]:
        _plan(w)
        return {"pk": w.extra[name].pk}

    return build


def _api(name: str) -> Any:
    def build(w: World) -> dict[str, Any]:
        _plan(w)
        return {**API, "pk": w.extra[name].pk}

    return build


PLAN = _get("plan")
ARCHIVE = action("plan.archive")
REASON = {"reason": "No longer needed"}

ENTRIES: dict[str, Expect] = {
    "plans:list": Expect(get=VIEW),
    "plans:my_actions": Expect(get=VIEW),
    "plans:overdue": Expect(get=OVERDUE),
    "plans:create": Expect(
        get=MANAGE, post=MANAGE, kwargs=lambda w: {"service_code": w.service.code}
    ),
    "plans:detail": Expect(get=VIEW, kwargs=PLAN),
    "plans:edit": Expect(get=MANAGE, post=MANAGE, kwargs=PLAN),
    "plans:finding_add": Expect(get=MANAGE, post=MANAGE, kwargs=PLAN),
    "plans:findings_pull": Expect(post=MANAGE, kwargs=PLAN),
    "plans:recommendation_add": Expect(get=MANAGE, post=MANAGE, kwargs=PLAN),
    "plans:action_add": Expect(get=MANAGE, post=MANAGE, kwargs=PLAN),
    "plans:approval_add": Expect(get=MANAGE, post=MANAGE, kwargs=PLAN),
    "plans:scrutiny_add": Expect(get=MANAGE, post=MANAGE, kwargs=PLAN),
    "plans:export": Expect(get=VIEW, kwargs=lambda w: {"pk": _plan(w).pk, "fmt": "xlsx"}),
    "plans:import": Expect(get=MANAGE, post=MANAGE, kwargs=PLAN),
    "plans:recommendation_edit": Expect(get=MANAGE, post=MANAGE, kwargs=_get("rec")),
    "plans:action": Expect(get=VIEW, kwargs=_get("action")),
    "plans:action_edit": Expect(get=MANAGE, post=MANAGE, kwargs=_get("action")),
    "plans:progress_add": Expect(get=PROGRESS, post=PROGRESS, kwargs=_get("action")),
    "plans:evidence": Expect(get=EVIDENCE, kwargs=_get("evidence")),
    "plans:approval": Expect(get=VIEW, kwargs=_get("approval")),
    "plans:actions": Expect(get=VIEW, kwargs=PLAN),
    "plans:archive": Expect(get=ARCHIVE, post=ARCHIVE, kwargs=PLAN),
    "plans:restore": Expect(get=ARCHIVE, post=ARCHIVE, kwargs=_get("archived_plan")),
    "plans:finding_archive": Expect(get=ARCHIVE, post=ARCHIVE, kwargs=_get("finding")),
    "plans:finding_restore": Expect(get=ARCHIVE, post=ARCHIVE, kwargs=_get("archived_finding")),
    "plans:action_archive": Expect(get=ARCHIVE, post=ARCHIVE, kwargs=_get("action")),
    "plans:action_restore": Expect(get=ARCHIVE, post=ARCHIVE, kwargs=_get("archived_action")),
    # API
    "api:plan-list": Expect(get=VIEW, post=MANAGE, kwargs=lambda w: API, scoped=False),
    "api:plan-detail": Expect(get=VIEW, patch=MANAGE, kwargs=_api("plan")),
    "api:plan-rec-list": Expect(get=VIEW, post=MANAGE, kwargs=lambda w: API, scoped=False),
    "api:plan-rec-detail": Expect(get=VIEW, patch=MANAGE, kwargs=_api("rec")),
    "api:plan-action-list": Expect(get=VIEW, post=MANAGE, kwargs=lambda w: API, scoped=False),
    "api:plan-action-detail": Expect(get=VIEW, patch=MANAGE, kwargs=_api("action")),
    "api:plan-progress-list": Expect(get=VIEW, post=PROGRESS, kwargs=lambda w: API, scoped=False),
    "api:plan-progress-detail": Expect(get=VIEW, kwargs=_api("update")),
    "api:plan-archive": Expect(post=ARCHIVE, kwargs=_api("plan"), data=lambda w: REASON),
    "api:plan-restore": Expect(post=ARCHIVE, kwargs=_api("archived_plan")),
    "api:plan-action-archive": Expect(post=ARCHIVE, kwargs=_api("action"), data=lambda w: REASON),
    "api:plan-action-restore": Expect(post=ARCHIVE, kwargs=_api("archived_action")),
    "api:plan-finding-list": Expect(get=VIEW, kwargs=lambda w: API, scoped=False),
    "api:plan-finding-detail": Expect(get=VIEW, kwargs=_api("finding")),
    "api:plan-finding-archive": Expect(post=ARCHIVE, kwargs=_api("finding"), data=lambda w: REASON),
    "api:plan-finding-restore": Expect(post=ARCHIVE, kwargs=_api("archived_finding")),
}
