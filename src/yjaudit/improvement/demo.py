"""Demo step: an improvement plan after an inspection, with actions done, under way,
due soon and overdue, a board approval; and a plan from the latest self-audit round
when the demo has one. Idempotent (skips plans that exist); written through services."""

from __future__ import annotations

import datetime as dt

from yjaudit.audits.models import AuditRound
from yjaudit.organisations.demo_support import DemoContext

from . import clock, services
from .models import ImprovementPlan

TITLE = "Inspection improvement plan"


def seed(context: DemoContext) -> None:
    service = context.service
    if service is None:
        return
    today = clock.today()
    manager_staff = context.operational_managers[0] if context.operational_managers else None
    if not ImprovementPlan.objects.filter(service=service, title=TITLE).exists():
        published = today - dt.timedelta(days=70)
        plan = services.create_plan(
            actor=None,
            service=service,
            title=TITLE,
            source_kind="inspection",
            inspection_name="Inspection of youth justice services",
            published_on=published,
        )
        for kind, text in [
            ("strength", "Committed and experienced staff."),
            ("strength", "Assessment of factors contributing to offending."),
            ("improvement", "Planning for the child's safety and wellbeing."),
            ("improvement", "Management oversight of risk of harm work."),
        ]:
            services.add_finding(actor=None, plan=plan, kind=kind, text=text)
        rec1 = services.add_recommendation(
            actor=None,
            plan=plan,
            text="Management oversight is effective in ensuring the quality of assessment "
            "and plans to manage safety and wellbeing and risk of harm to others.",
            owner_role="Head of Service",
        )
        a1 = services.add_action(
            actor=None,
            plan=plan,
            recommendation=rec1,
            description="Oversight to include low as well as medium and high risk cases",
            timescale="Within one month",
            due_date=published + dt.timedelta(days=30),
            lead_staff=manager_staff,
            lead_organisation="YOS",
            expected_outcome="Every assessment and plan is countersigned",
        )
        services.record_progress(
            actor=None, action=a1, status="completed", note="Completed: process in place"
        )
        sub = services.add_action(
            actor=None,
            plan=plan,
            recommendation=rec1,
            parent=a1,
            description="Audit two cases per worker",
            timescale="Quarterly",
            due_date=today + dt.timedelta(days=5),
            # Led by the demo manager, so their home lists an action due soon and one overdue.
            lead_staff=manager_staff,
            lead_organisation="YOS",
            success_measure="Oversight rated sufficient in 80% of audited cases",
        )
        services.record_progress(actor=None, action=sub, status="in_progress", note="Started")
        rec2 = services.add_recommendation(
            actor=None,
            plan=plan,
            text="Sufficient attention is given to the safety of victims.",
            owner_role="YOS Manager",
        )
        services.add_action(
            actor=None,
            plan=plan,
            recommendation=rec2,
            description="Workshop: protecting identified victims",
            timescale="Last month",
            due_date=today - dt.timedelta(days=10),
            lead_staff=manager_staff,
            lead_organisation="YOS",
            learning_objectives="Staff can identify actions to reduce risk to victims",
        )
        services.add_action(
            actor=None,
            plan=plan,
            recommendation=rec2,
            description="Information sharing with police on victim contact",
            timescale="To be reviewed in three months",
            review_date=today + dt.timedelta(days=90),
            lead_name="Detective Inspector",
            lead_organisation="Police",
        )
        services.record_approval(
            actor=None,
            plan=plan,
            approved_by="Youth Justice Management Board",
            approved_on=published + dt.timedelta(days=21),
            minute_reference="YJMB 4.2",
        )
        services.add_scrutiny_report(
            actor=None,
            plan=plan,
            reported_on=published + dt.timedelta(days=45),
            committee="Children and Young People Scrutiny Panel",
        )
        context.log(f"Created the improvement plan {TITLE!r}.")
    latest = AuditRound.objects.filter(service=service).order_by("-period_end").first()
    if latest is not None and not ImprovementPlan.objects.filter(audit_round=latest).exists():
        plan = services.create_plan(
            actor=None,
            service=service,
            title=f"Plan after {latest.name}",
            source_kind="self-audit",
            audit_round=latest,
        )
        added = services.pull_findings(actor=None, plan=plan)
        context.log(f"Created a plan from round {latest.name!r} ({added} findings).")
