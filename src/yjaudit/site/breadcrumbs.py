"""The breadcrumb registry: every page below the top level, its parent and its label.

One entry per named URL that serves a page (tests/site/test_breadcrumbs.py fails when a
page has none). Home and the areas the navigation links to are the top level: they have
no trail, and their labels and visibility come from the navigation (navigation.ITEMS).

An entry says, for the page when it is an ANCESTOR of the page being shown:

- `label`: words (translatable), or `label_from`: a path into the page's context
  ("round.name"); with both, `label` is a format for the value ("Action %(value)s");
  `fallback`: words for where the path finds nothing or the label is private;
- `parent`: the URL name above it ("web:home" by default); a tuple lists choices, the
  first the reader may open wins (a board member's results sit under Reports, a QA
  lead's under the round);
- `kwargs`: its URL arguments as paths ("round.pk"; "url.pk" is the current URL's);
  "a|b" tries each path in turn;
- `action` and `service`: who may open it (the permissions module decides; no action
  means any signed-in user): otherwise it shows as plain text;
- `derive`: names it gives the pages above it ({"round": "audit.round"});
- `closed_if`: (a decision of the permissions module about one object, path to the
  object): when it says yes, no link (a blind second marker never opens the case audit,
  which shows the first marks);
- `private`: the label names a child's case: shown only to whose role may open the page.

Paths resolve like template variables, against the page's context, the current URL's
arguments and what was derived on the way up.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

HOME = "web:home"


@dataclass(frozen=True)
class Crumb:
    label: str | Promise = ""
    parent: str | tuple[str, ...] = HOME
    kwargs: Mapping[str, str] = field(default_factory=dict)
    action: str = ""
    service: str = ""
    label_from: str = ""
    fallback: str | Promise = ""
    derive: Mapping[str, str] = field(default_factory=dict)
    closed_if: tuple[str, str] | None = None
    private: bool = False


# Pages outside the site's hierarchy, and why: they keep their back links (GOV.UK: never
# a back link and breadcrumbs on one page).
NO_TRAIL: dict[str, str] = {
    **{
        name: "the sign-in journey: linear steps before a person is in the service"
        for name in (
            "accounts:logout",
            "accounts:password_reset",
            "accounts:password_reset_sent",
            "accounts:password_reset_confirm",
            "accounts:password_reset_complete",
            "accounts:two_factor",
            "accounts:enrol",
            "accounts:verify",
            "accounts:invitation",
            "accounts:sso_login",
            "accounts:sso_callback",
        )
    },
    **{
        name: "the public questionnaire: answered without an account, one question a page"
        for name in ("voice:start", "voice:question", "voice:check", "voice:thanks")
    },
}

_SERVICE = {"service_code": "service.code"}

# Accounts and organisations ---------------------------------------------------------
_ACCOUNTS: dict[str, Crumb] = {
    "accounts:password_change": Crumb(_("Change your password"), "accounts:account"),
    "accounts:api_token": Crumb(_("API tokens"), "accounts:account"),
    "accounts:sign_out_everywhere": Crumb(_("Sign out everywhere"), "accounts:account"),
    "notifications:language": Crumb(_("Language of your e-mails"), "accounts:account"),
    "api:docs": Crumb(_("API documentation"), "accounts:api_token"),
    "accounts:invite": Crumb(_("Invite a user"), "accounts:users", action="user.invite"),
    "accounts:user_roles": Crumb(_("Change roles"), "accounts:users", action="role.manage"),
    "organisations:service_detail": Crumb(
        label_from="service.name",
        parent="organisations:service_list",
        kwargs=_SERVICE,
        action="service.view",
        service="service",
    ),
    **{
        name: Crumb(
            label,
            "organisations:service_detail",
            kwargs=_SERVICE,
            action=action,
            service="service",
        )
        for name, label, action in (
            ("organisations:service_edit", _("Change service details"), "service.manage"),
            ("organisations:team_create", _("Add a team"), "team.manage"),
            ("organisations:staff_create", _("Add a staff member"), "staff.manage"),
            ("organisations:staff_edit", _("Change staff member"), "staff.manage"),
            ("retention:index", _("Retention and erasure"), "retention.run"),
        )
    },
    "retention:erase": Crumb(
        _("Erase a child's case"), "retention:index", action="retention.erase"
    ),
    "retention:export": Crumb(
        _("Export the data held on a case"), "retention:index", action="retention.export"
    ),
}

# Frameworks ---------------------------------------------------------------------------
_FRAMEWORKS: dict[str, Crumb] = {
    "frameworks:upload": Crumb(
        _("Upload a framework file"), "frameworks:list", action="framework.manage"
    ),
    "frameworks:detail": Crumb(
        label_from="edition.title",
        parent="frameworks:list",
        kwargs={"framework_id": "edition.framework_id|url.framework_id"},
        action="framework.view",
    ),
    "frameworks:version": Crumb(label_from="edition.title", parent="frameworks:detail"),
}

# Case register ------------------------------------------------------------------------
_CASES: dict[str, Crumb] = {
    "cases:detail": Crumb(
        parent="cases:list",
        label_from="case.reference",
        fallback=_("Case"),
        kwargs={"pk": "case.pk"},
        action="case.view",
        service="case.service",
        private=True,
    ),
    "cases:import_upload": Crumb(
        _("Import cases"), "cases:list", kwargs=_SERVICE, action="case.import", service="service"
    ),
    "cases:import_victims_upload": Crumb(
        _("Import victims' cases"),
        "cases:list",
        kwargs=_SERVICE,
        action="case.import",
        service="service",
    ),
    "cases:archive": Crumb(_("Archive the case"), "cases:detail", derive={"case": "target"}),
    "cases:restore": Crumb(_("Restore the case"), "cases:detail", derive={"case": "target"}),
    "cases:import_mapping": Crumb(_("Match the columns"), "cases:import_upload"),
    "cases:import_preview": Crumb(_("Check the import"), "cases:import_upload"),
}

# Audit rounds and case audits ---------------------------------------------------------
_ROUND = {"pk": "round.pk"}
_ROUND_PK = {"round_pk": "round.pk"}
# Who may not open the round's case audits (board members: results only) finds the
# round's results under Reports.
_ROUND_PAGES = ("audits:round", "rounds:detail", "reports:index")
_AUDIT = {"pk": "audit.pk"}

_AUDITS: dict[str, Crumb] = {
    "rounds:create": Crumb(
        _("Create an audit round"), "rounds:list", action="round.manage", service="service"
    ),
    "rounds:detail": Crumb(
        label_from="round.name",
        parent="rounds:list",
        kwargs=_ROUND,
        action="round.view",
        service="round.service",
    ),
    # Drawing is a POST; when it must ask first, its answer is a page of its own.
    "rounds:draw": Crumb(_("Draw the sample"), "rounds:detail"),
    "rounds:close": Crumb(_("Close the round"), "rounds:detail"),
    "rounds:reopen": Crumb(_("Reopen the round"), "rounds:detail"),
    # Archive pages name what they archive `target` (web/archiving.py).
    "rounds:archive": Crumb(_("Archive the round"), "rounds:detail", derive={"round": "target"}),
    "rounds:unarchive": Crumb(_("Restore the round"), "rounds:detail", derive={"round": "target"}),
    "rounds:swap": Crumb(_("Swap a sampled case"), "rounds:detail"),
    "audits:round": Crumb(
        _("Case audits"),
        "rounds:detail",
        kwargs=_ROUND_PK,
        action="audit.review",
        service="round.service",
    ),
    "audits:results": Crumb(
        _("Results"),
        _ROUND_PAGES,
        kwargs=_ROUND_PK,
        action="audit.results",
        service="round.service",
    ),
    "audits:judgements": Crumb(
        _("Judgement standards"),
        _ROUND_PAGES,
        kwargs=_ROUND_PK,
        action="audit.results",
        service="round.service",
    ),
    "audits:inspection": Crumb(_("Compare with an inspection"), _ROUND_PAGES),
    "audits:moderation": Crumb(_("Moderation"), "audits:round"),
    "audits:assign": Crumb(_("Assign auditors and second markers"), "audits:round"),
    "audits:judgement": Crumb(label_from="standard.name", parent="audits:judgements"),
    "audits:override": Crumb(label_from="standard.name", parent="audits:results"),
    "audits:detail": Crumb(
        parent="audits:round",
        label_from="audit.case.reference",
        fallback=_("Case audit"),
        kwargs=_AUDIT,
        action="audit.review",
        service="audit.round.service",
        derive={"round": "audit.round"},
        closed_if=("is_blind", "audit"),
        private=True,
    ),
    "audits:standard": Crumb(label_from="standard.name", parent="audits:detail"),
    "audits:submit": Crumb(_("Submit"), "audits:detail"),
    "audits:return": Crumb(_("Return"), "audits:detail"),
    "audits:moderate": Crumb(_("Moderate"), "audits:detail"),
    "audits:signoff": Crumb(_("Sign off"), "audits:detail"),
    "audits:reopen": Crumb(_("Reopen"), "audits:detail"),
    "audits:history": Crumb(_("History"), "audits:detail"),
    "reports:case_audit": Crumb(_("Printable case audit"), "audits:detail"),
    "audits:assign_one": Crumb(_("Assign"), "audits:detail"),
    "audits:second_done": Crumb(
        _("Second marking"),
        "audits:detail",
        kwargs=_AUDIT,
        action="audit.second_mark",
        service="audit.round.service",
    ),
    "audits:second_mark": Crumb(label_from="standard.name", parent="audits:second_done"),
    "audits:differences": Crumb(
        _("Differences"),
        "audits:detail",
        kwargs=_AUDIT,
        action="audit.moderate",
        service="audit.round.service",
        closed_if=("is_blind", "audit"),
    ),
    "audits:differences_standard": Crumb(label_from="standard.name", parent="audits:differences"),
    # A practitioner's view of an audit of their own case.
    "audits:feedback": Crumb(
        parent="audits:mine",
        label_from="audit.case.reference",
        fallback=_("Case audit"),
        private=True,
    ),
}

# Improvement plans --------------------------------------------------------------------
_PLAN = {"pk": "plan.pk"}
_PLANS: dict[str, Crumb] = {
    "plans:my_actions": Crumb(_("My actions"), "plans:list"),
    "plans:overdue": Crumb(_("Overdue actions"), "plans:list"),
    "plans:create": Crumb(_("New plan"), "plans:list"),
    "plans:detail": Crumb(
        label_from="plan.title",
        parent="plans:list",
        kwargs=_PLAN,
        action="plan.view",
        service="plan.service",
    ),
    **{
        name: Crumb(label, "plans:detail")
        for name, label in (
            ("plans:edit", _("Edit the plan")),
            ("plans:finding_add", _("Add a key strength or area for improvement")),
            ("plans:recommendation_add", _("Add a recommendation")),
            ("plans:recommendation_edit", _("Edit the recommendation")),
            ("plans:action_add", _("Add an action")),
            ("plans:approval_add", _("Record board approval")),
            ("plans:scrutiny_add", _("Record a report to scrutiny")),
            ("plans:import", _("Import the plan")),
            ("plans:approval", _("Board approval")),
        )
    },
    "plans:action": Crumb(
        _("Action %(value)s"),
        "plans:detail",
        label_from="action.label",
        kwargs={"pk": "action.pk"},
        action="plan.view",
        service="plan.service",
    ),
    "plans:action_edit": Crumb(_("Edit the action"), "plans:action"),
    "plans:actions": Crumb(_("Actions"), "plans:detail"),
    "plans:archive": Crumb(_("Archive the plan"), "plans:detail", derive={"plan": "target"}),
    "plans:restore": Crumb(_("Restore the plan"), "plans:detail", derive={"plan": "target"}),
    "plans:finding_archive": Crumb(
        _("Archive the finding"), "plans:detail", derive={"plan": "target.plan"}
    ),
    "plans:finding_restore": Crumb(
        _("Restore the finding"), "plans:detail", derive={"plan": "target.plan"}
    ),
    "plans:action_archive": Crumb(
        _("Archive the action"), "plans:action", derive={"action": "target", "plan": "target.plan"}
    ),
    "plans:action_restore": Crumb(
        _("Restore the action"), "plans:action", derive={"action": "target", "plan": "target.plan"}
    ),
    "plans:progress_add": Crumb(_("Record progress"), "plans:action"),
}

# Reports --------------------------------------------------------------------------------
_REPORTS: dict[str, Crumb] = {
    "reports:round": Crumb(
        _("Round report"),
        ("rounds:detail", "reports:index"),
        kwargs={"pk": "round.pk"},
        action="report.view",
        service="round.service",
    ),
    "reports:round_kind": Crumb(_("Round report"), ("rounds:detail", "reports:index")),
    "reports:practitioner": Crumb(_("Practitioner feedback"), ("reports:round", "reports:index")),
    "benchmarking:import": Crumb(
        _("Import published ratings"), "benchmarking:index", action="benchmark.import"
    ),
    "benchmarking:round": Crumb(label_from="round.name", parent="benchmarking:index"),
    "jobs:job": Crumb(label_from="job.title"),
}

# Monitoring, practice, voice ------------------------------------------------------------
_MONITORING: dict[str, Crumb] = {
    "monitoring:dashboard": Crumb(
        label_from="service.name",
        parent="monitoring:index",
        kwargs=_SERVICE,
        action="monitoring.view",
        service="service",
    ),
    "monitoring:indicator": Crumb(label_from="indicator.title", parent="monitoring:dashboard"),
    "monitoring:disproportionality": Crumb(_("Disproportionality"), "monitoring:dashboard"),
    "monitoring:report": Crumb(label_from="doc.title", parent="monitoring:dashboard"),
    "monitoring:import": Crumb(
        _("Import monitoring records"),
        "monitoring:dashboard",
        kwargs=_SERVICE,
        action="monitoring.manage",
        service="service",
    ),
    "monitoring:import_check": Crumb(_("Check the import"), "monitoring:import"),
    "monitoring:import_mapping": Crumb(_("Match the columns"), "monitoring:import"),
}

_PRACTICE: dict[str, Crumb] = {
    "practice:figures": Crumb(
        label_from="service.name",
        parent="practice:index",
        kwargs=_SERVICE,
        action="practice.view",
        service="service",
    ),
    "practice:rule": Crumb(label_from="rule.title", parent="practice:figures"),
    "practice:summary": Crumb(_("Monthly summary"), "practice:figures"),
    "practice:sheet": Crumb(_("One-to-one sheet"), "practice:figures"),
    "practice:uncovered": Crumb(_("Cases under no risk forum"), "practice:figures"),
    "practice:settings": Crumb(_("Compliance settings"), "practice:figures"),
    "practice:import": Crumb(
        _("Import case events or forum memberships"),
        "practice:figures",
        kwargs=_SERVICE,
        action="practice.manage",
        service="service",
    ),
    "practice:import_check": Crumb(_("Check the import"), "practice:import"),
    "practice:import_mapping": Crumb(_("Match the columns"), "practice:import"),
}

_VOICE: dict[str, Crumb] = {
    "voice:service": Crumb(
        label_from="service.name",
        parent="voice:index",
        kwargs=_SERVICE,
        action="voice.view",
        service="service",
    ),
    "voice:collection": Crumb(
        label_from="collection.title",
        parent="voice:service",
        kwargs={"service_code": "service.code", "pk": "collection.pk"},
        action="voice.view",
        service="service",
    ),
    "voice:links": Crumb(_("Issue one-use links"), "voice:collection"),
    "voice:paper": Crumb(_("Enter a paper questionnaire"), "voice:collection"),
    "voice:results": Crumb(
        label_from="title",
        parent="voice:service",
        kwargs={"service_code": "service.code", "questionnaire_id": "questionnaire.id"},
        action="voice.view",
        service="service",
    ),
    "voice:free_text": Crumb(_("What people wrote"), "voice:results"),
}

PAGES: dict[str, Crumb] = {
    **_ACCOUNTS,
    **_FRAMEWORKS,
    **_CASES,
    **_AUDITS,
    **_PLANS,
    **_REPORTS,
    **_MONITORING,
    **_PRACTICE,
    **_VOICE,
}
