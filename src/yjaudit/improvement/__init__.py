"""Improvement plans: what a service does after an inspection or a self-audit round.

A plan (an inspection's report, or an `AuditRound`) holds findings, recommendations and
numbered actions (1, 1.1, 1.2 ...) with timescale, lead, outcome and dated progress
with evidence files; "overdue" is derived from the dates, never stored. Its page is the
table of the "Coventry Youth Offending Service, Short Quality Screening action plan,
2016" (Action | Timescale | Lead | Outcome | Progress) with a RAG summary,
impact (the measuring questions at the baseline and later rounds, with intervals) and
governance (submission deadline, board approvals with the plan kept as JSON, scrutiny).

Modules: models, rules (+ rules.yaml), services (every write, audit-trailed), selectors,
results (round figures), evidence, timescales, importing / exporting (Excel in,
Word / PDF / Excel out), reminders (+ `manage.py send_plan_reminders`, run daily),
views / urls (`/plans/`), api (`/api/v1/plans/`, `plan-recommendations/`,
`plan-actions/`, `plan-progress/`), demo (the seed_demo step), clock.

Settings (all optional): YJAUDIT_PLAN_RULES (path of a rules file), YJAUDIT_PLAN_TODAY
(ISO date: moves the plans' "today", for demos and browser tests), YJAUDIT_ROUND_RESULT
(dotted path of the round-figures function), YJAUDIT_BASE_URL (links in reminders).
"""
