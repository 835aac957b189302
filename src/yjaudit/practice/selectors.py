"""Reads for National Standards compliance and risk forum coverage.

The register's cases, the imported events and memberships become the pure package's
plain records (`yjaudit.compliance`), which works out every figure. Callers pass the
cases a user may see (`visible_cases`, asked of `organisations.permissions`), so a
practitioner's figures are their own cases' figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import get_language

from yjaudit.audits.disclosure import FULL, Disclosure, hidden_note, minimum_cases
from yjaudit.cases.models import Case
from yjaudit.compliance import Case as PureCase
from yjaudit.compliance import (
    Coverage,
    Event,
    Figure,
    Forum,
    ForumPolicy,
    Membership,
    Month,
    RiskLevel,
    RuleSet,
    Scope,
    Uncovered,
    bundled_rule_sets,
    compliance_figures,
    coverage_by_month,
    load_forum_policy,
    months_ending,
    uncovered_cases,
)
from yjaudit.compliance.loader import FORUMS_FILE
from yjaudit.organisations import permissions
from yjaudit.organisations.models import Service, StaffMember, Team

from .models import (
    DEFAULT_RULE_SET,
    CaseEvent,
    ForumMembership,
    ImportKind,
    LocalForum,
    PracticeImport,
    PracticeMapping,
    PracticeSettings,
)

# The further case attribute (cases.AttributeDefinition) holding the intervention level.
INTERVENTION_LEVEL_ATTRIBUTE = "intervention_level"


def _words_language() -> str:
    # Rule titles and forum names in the page's language: Welsh words on Welsh pages.
    return "cy" if (get_language() or "").startswith("cy") else "en"


@lru_cache(maxsize=4)
def _bundled_in(language: str) -> dict[str, RuleSet]:
    # Keyed by language, so one language's words never reach the other's pages.
    return {s.id: s for s in bundled_rule_sets(language)}


def _bundled() -> dict[str, RuleSet]:
    return _bundled_in(_words_language())


def rule_set_ids() -> list[str]:
    return sorted(_bundled())


def rule_set_by_id(rule_set_id: str) -> RuleSet:
    return _bundled()[rule_set_id]


@lru_cache(maxsize=4)
def _bundled_policy_in(language: str) -> ForumPolicy:
    return load_forum_policy(FORUMS_FILE, language)


def _bundled_policy() -> ForumPolicy:
    return _bundled_policy_in(_words_language())


def settings_of(service: Service) -> PracticeSettings:
    """The service's settings, unsaved defaults when it has none (a GET never writes)."""
    found = PracticeSettings.objects.filter(service=service).first()
    return found or PracticeSettings(service=service)


def rule_set(service: Service) -> RuleSet:
    chosen = settings_of(service).rule_set
    return _bundled().get(chosen) or _bundled()[DEFAULT_RULE_SET]


def forum_policy(service: Service) -> ForumPolicy:
    """The bundled forums (IPC, RSM, CSP, MAPPA) and the service's own, with its
    threshold (the bundled policy's, Medium, unless the service set one)."""
    base = _bundled_policy()
    local = [
        Forum(id=f.code, name=f.name, description=f.description, inferred=True)
        for f in LocalForum.objects.filter(service=service, active=True)
        if f.code not in base.forum_ids
    ]
    threshold = settings_of(service).threshold
    return base.model_copy(
        update={
            "forums": (*base.forums, *local),
            "threshold": RiskLevel.parse(threshold) if threshold else base.threshold,
        }
    )


def visible_cases(service: Service, user: Any, action: str = "practice.view") -> QuerySet[Case]:
    """The service's cases the user may see for `action` (None: a system job, the CLI)."""
    cases = Case.objects.filter(service=service)
    if user is None:
        return cases
    return permissions.scope(cases, user, action, staff_field="case_manager")


def disclosure(user: Any, service: Service) -> Disclosure:
    """What the user may see of the figures: everything with case access (practice.cases,
    practitioners on their own cases included); else aggregates with no cell under the
    disclosure minimum (`audits.disclosure`), as for a round's figures."""
    if user is None or permissions.can(user, "practice.cases", service):
        return FULL
    n = minimum_cases()
    return Disclosure(case_detail=False, minimum=n, note=hidden_note(n))


def _level(code: str) -> RiskLevel | None:
    try:
        return RiskLevel.parse(code)
    except ValueError:
        return None


def pure_cases(cases: QuerySet[Case]) -> list[PureCase]:
    """Cases as the pure package reads them; team and case manager by id (as text)."""
    out = []
    for c in cases.only(
        "reference",
        "start_date",
        "end_date",
        "disposal_type",
        "case_manager_id",
        "team_id",
        "rosh",
        "safety_wellbeing",
        "extra",
    ):
        out.append(
            PureCase(
                reference=c.reference,
                start=c.start_date,
                end=c.end_date,
                disposal=c.disposal_type,
                case_manager="" if c.case_manager_id is None else str(c.case_manager_id),
                team="" if c.team_id is None else str(c.team_id),
                intervention_level=str((c.extra or {}).get(INTERVENTION_LEVEL_ATTRIBUTE, "")),
                rosh=_level(c.rosh),
                safety_wellbeing=_level(c.safety_wellbeing),
            )
        )
    return out


def events(cases: QuerySet[Case]) -> list[Event]:
    rows = CaseEvent.objects.filter(case__in=cases).values_list("case__reference", "kind", "date")
    return [Event(ref, kind, day) for ref, kind, day in rows.iterator(chunk_size=5000)]


def memberships(cases: QuerySet[Case]) -> list[Membership]:
    rows = ForumMembership.objects.filter(case__in=cases).values_list(
        "case__reference", "forum", "start", "end"
    )
    return [Membership(ref, forum, start, end) for ref, forum, start, end in rows]


@dataclass(frozen=True)
class Names:
    """Team and case manager names by the ids the figures carry."""

    teams: dict[str, str]
    staff: dict[str, str]

    def of(self, scope: Scope, group: str) -> str:
        if scope is Scope.TEAM:
            return self.teams.get(group, "")
        if scope is Scope.CASE_MANAGER:
            return self.staff.get(group, "")
        return ""


def names(service: Service) -> Names:
    return Names(
        {
            str(pk): name
            for pk, name in Team.objects.filter(service=service).values_list("pk", "name")
        },
        {
            str(pk): name
            for pk, name in StaffMember.objects.filter(service=service).values_list("pk", "name")
        },
    )


def figures(
    service: Service,
    cases: QuerySet[Case],
    months: Sequence[Month],
    *,
    as_of: dt.date,
    scopes: Sequence[Scope] = (Scope.SERVICE, Scope.TEAM, Scope.CASE_MANAGER),
) -> list[Figure]:
    return compliance_figures(
        rule_set(service),
        pure_cases(cases),
        events(cases),
        months=months,
        as_of=as_of,
        scopes=scopes,
    )


def trend(
    service: Service, cases: QuerySet[Case], last: Month, *, as_of: dt.date, count: int = 12
) -> dict[str, list[Figure]]:
    out: dict[str, list[Figure]] = {r.id: [] for r in rule_set(service).rules}
    for f in figures(
        service, cases, months_ending(last, count), as_of=as_of, scopes=(Scope.SERVICE,)
    ):
        out[f.rule].append(f)
    return out


def uncovered(service: Service, cases: QuerySet[Case], on: dt.date) -> list[Uncovered]:
    return uncovered_cases(forum_policy(service), pure_cases(cases), memberships(cases), on)


def coverage(
    service: Service, cases: QuerySet[Case], months: Sequence[Month], *, as_of: dt.date
) -> list[Coverage]:
    return coverage_by_month(
        forum_policy(service), pure_cases(cases), memberships(cases), months, as_of=as_of
    )


def latest_month(service: Service, today: dt.date) -> Month:
    """The last complete month before today, or the month of the latest event when the
    events stop earlier (so an old export still shows its figures)."""
    complete = Month.of(today).shifted(-1)
    last = (
        CaseEvent.objects.filter(case__service=service)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )
    if last is not None and Month.of(last) < complete:
        return Month.of(last)
    return complete


def months_offered(service: Service, today: dt.date, count: int = 24) -> list[Month]:
    latest = latest_month(service, today)
    complete = Month.of(today).shifted(-1)
    span = (complete.year - latest.year) * 12 + complete.month - latest.month + count
    return months_ending(complete, min(span, 120))[::-1]


def case_ids_by_reference(service: Service) -> dict[str, int]:
    return {
        ref.lower(): pk
        for pk, ref in Case.objects.filter(service=service).values_list("pk", "reference")
    }


def known_values(service: Service, kind: str) -> frozenset[str]:
    if kind == ImportKind.EVENTS:
        return frozenset(rule_set(service).events)
    return forum_policy(service).forum_ids


def counts(service: Service) -> dict[str, int]:
    return {
        "events": CaseEvent.objects.filter(case__service=service).count(),
        "memberships": ForumMembership.objects.filter(case__service=service).count(),
    }


def recent_imports(service: Service, count: int = 10) -> list[PracticeImport]:
    return list(PracticeImport.objects.filter(service=service)[:count])


def remembered_mapping(service: Service, kind: str) -> dict[str, str]:
    """The columns the service last matched for this import kind (field -> heading)."""
    found = PracticeMapping.objects.filter(service=service, kind=kind).first()
    return dict(found.mapping) if found else {}


def new_events(rows: Iterable[list[Any]]) -> tuple[int, int]:
    """(new, already held) among parsed event rows [case id, kind, date]."""
    rows = list(rows)
    case_ids = {r[0] for r in rows}
    held = set(
        CaseEvent.objects.filter(case_id__in=case_ids).values_list("case_id", "kind", "date")
    )
    new = sum(1 for r in rows if (r[0], r[1], dt.date.fromisoformat(r[2])) not in held)
    return new, len(rows) - new


def new_memberships(rows: Iterable[list[Any]]) -> tuple[int, int]:
    rows = list(rows)
    case_ids = {r[0] for r in rows}
    held = {
        (c, f, s): e
        for c, f, s, e in ForumMembership.objects.filter(case_id__in=case_ids).values_list(
            "case_id", "forum", "start", "end"
        )
    }
    changed = 0
    for r in rows:
        key = (r[0], r[1], dt.date.fromisoformat(r[2]))
        end = dt.date.fromisoformat(r[3]) if r[3] else None
        if key not in held or held[key] != end:
            changed += 1
    return changed, len(rows) - changed
