"""A person's work, gathered for the home page and the navigation's counts.

Every list comes from a selector of the app that owns the data (scoped there by the
permissions module); this module only arranges them into sections with words and links.
A section the person's roles do not cover is left out; an empty one says so in words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from yjaudit.audits import worklist as audit_work
from yjaudit.improvement import clock
from yjaudit.improvement import selectors as plan_selectors
from yjaudit.improvement.models import Status
from yjaudit.organisations import permissions
from yjaudit.organisations import selectors as org_selectors

# Lists on the home page show the first few; the section's link opens the whole list.
SHOWN = 10


# Section keys: codes the templates and tests match on, not text for people.
ROUNDS, REPORTS, ACTIONS = "rounds", "reports", "actions"


@dataclass
class Item:
    text: str
    url: str
    hint: str = ""


@dataclass
class Section:
    key: str
    title: str | Promise
    count: int
    items: list[Item]
    empty: str | Promise
    link_url: str = ""
    link_text: str | Promise = ""
    notes: list[str] = field(default_factory=list)


def _may(user: Any, action: str) -> bool:
    full, own = permissions.service_ids_for(user, action)
    return bool(full or own)


def _audit_items(audits: Any, url_name: str) -> list[Item]:
    return [
        Item(
            text=f"{a.case.reference}",
            url=reverse(url_name, args=[a.pk]),
            hint=f"{a.round.name} ({a.get_status_display()})",
        )
        for a in audits[:SHOWN]
    ]


def _audit_section(
    key: str, title: Promise, empty: Promise, qs: Any, url_name: str = "audits:detail"
) -> Section:
    # The whole list lives on each round's case audits page, reached from the rounds list.
    return Section(
        key,
        title,
        qs.count(),
        _audit_items(qs, url_name),
        empty,
        reverse("rounds:list"),
        _("Audit rounds"),
    )


def sections(user: Any) -> list[Section]:
    out: list[Section] = []
    if _may(user, "audit.answer"):
        out.append(
            _audit_section(
                "to_do",
                _("Case audits assigned to me"),
                _("No case audits are waiting for you to answer or correct."),
                audit_work.audits_to_do(user),
            )
        )
    if _may(user, "audit.second_mark"):
        out.append(
            _audit_section(
                "second_marking",
                _("Second marking assigned to me"),
                _("No second marking is waiting for you."),
                audit_work.second_marking_to_do(user),
                "audits:second_start",
            )
        )
    if _may(user, "audit.moderate"):
        out.append(
            _audit_section(
                "differences",
                _("Differences to resolve"),
                _("No second-marked case audits are waiting for moderation."),
                audit_work.differences_to_resolve(user),
                "audits:differences",
            )
        )
    if _may(user, "audit.signoff"):
        out.append(
            _audit_section(
                "sign_off",
                _("Case audits to sign off"),
                _("No moderated case audits are waiting for sign-off."),
                audit_work.audits_to_sign_off(user),
                "audits:signoff",
            )
        )
    if _own_cases_role(user):
        own = audit_work.own_case_audits(user)
        section = _audit_section(
            "own_audits",
            _("Audits of my cases"),
            _("No audits of your cases have been submitted yet."),
            own,
            "audits:feedback",
        )
        section.link_url, section.link_text = reverse("audits:mine"), _("My case audits")
        out.append(section)
    if _may(user, "plan.progress") or _may(user, "plan.manage"):
        out.append(_actions_section(user))
    if _may(user, "round.view"):
        rounds = audit_work.rounds_in_progress(user)
        out.append(
            Section(
                ROUNDS,
                _("Rounds in progress"),
                rounds.count(),
                [
                    Item(r.name, reverse("rounds:detail", args=[r.pk]), r.service.name)
                    for r in rounds[:SHOWN]
                ],
                _("No audit rounds are in progress."),
                reverse("rounds:list"),
                _("All audit rounds"),
            )
        )
    if _may(user, "report.view"):
        reports = list(audit_work.recent_reports(user))
        out.append(
            Section(
                REPORTS,
                _("Recent reports"),
                len(reports),
                [
                    Item(r.name, reverse("reports:round", args=[r.pk]), r.service.name)
                    for r in reports
                ],
                _("No round has been signed off yet."),
                reverse("reports:index"),
                _("All reports"),
            )
        )
    return out


def _own_cases_role(user: Any) -> bool:
    """Does the user see case audits of their own cases only (a practitioner)?"""
    rule = permissions.rule("audit.view")
    if rule is None:
        return False
    return any(roles & rule.own_only for roles in permissions.roles_by_service(user).values())


def _actions_section(user: Any) -> Section:
    today = clock.today()
    actions = [a for a in plan_selectors.my_actions(user) if a.status != Status.COMPLETED]
    items = []
    for a in actions[:SHOWN]:
        hint: str | Promise
        deadline = a.deadline
        if deadline is None:
            hint = _("No date set")
        elif a.is_overdue(today):
            hint = _("Overdue: due %(date)s") % {"date": date_format(deadline, "j F Y")}
        else:
            hint = _("Due %(date)s") % {"date": date_format(deadline, "j F Y")}
        items.append(Item(f"{a.label} {a.description[:80]}".strip(), _action_url(a), str(hint)))
    return Section(
        ACTIONS,
        _("My plan actions due and overdue"),
        len(actions),
        items,
        _("No open plan actions are led by you."),
        reverse("plans:my_actions"),
        _("All my actions"),
    )


def _action_url(action: Any) -> str:
    return reverse("plans:action", args=[action.pk])


def missing_links(user: Any) -> list[org_selectors.MissingStaffLink]:
    return org_selectors.missing_staff_links(user)


# -- counts for the navigation, one query each, kept on the request ------------------------

_CACHE = "_yjaudit_work_counts"


def count(request: HttpRequest | None, key: str) -> int | None:
    """The number of items in one of the person's lists, once per request (None: no list)."""
    if request is None or not request.user.is_authenticated:
        return None
    cache: dict[str, int | None] = request.__dict__.setdefault(_CACHE, {})
    if key not in cache:
        cache[key] = _COUNTS[key](request.user)
    return cache[key]


def _my_case_audits(user: Any) -> int | None:
    if not _may(user, "audit.view"):
        return None
    if _own_cases_role(user):
        return audit_work.own_case_audits(user).count()
    return None


_COUNTS = {"my_case_audits": _my_case_audits}
