"""Case register round trip (issue 9.6): export (CSV or XLSX) then import into an empty
service gives back the same register: references, dates, codes, flags, further
attributes, case managers and teams. Formula-looking text is neutralised on export and
comes back exactly as typed."""

import datetime as dt
import json

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yjaudit.cases import services
from yjaudit.cases.codes import codes
from yjaudit.cases.models import AttributeDefinition, Case
from yjaudit.organisations.models import Role, Service, StaffMember, Team

from .factories import make_service, make_user, sign_in

TEAMS = ("North", "South", "=East")  # a team name a spreadsheet would run as a formula
STAFF = (("Alex Morgan", "North"), ("Sam Patel", "South"), ("+Kai Jones", None))
ATTRIBUTES = (
    ("note", "Note", "text", []),
    ("mappa_level", "MAPPA level", "choice", ["1", "2", "3"]),
    ("send_plan", "SEND plan", "yes_no", []),
    ("court_date", "Court date", "date", []),
    ("priority", "Priority", "number", []),
)
FORMULA_LIKE = ["=1+1", "-5", "+44 20", "@SUM(A1)", "'=x", "''-y", '=HYPERLINK("x")']


def _set_up(service: Service) -> None:
    teams = {name: Team.objects.create(service=service, name=name) for name in TEAMS}
    for name, team in STAFF:
        StaffMember.objects.create(service=service, name=name, team=teams.get(team or ""))
    for key, label, kind, choices in ATTRIBUTES:
        AttributeDefinition.objects.create(
            service=service, key=key, label=label, type=kind, choices=choices
        )


def _codes(code_list, blank: bool = True):
    values = [c.code for c in code_list.codes]
    return st.sampled_from(["", *values] if blank else values)


text = st.one_of(
    st.sampled_from(FORMULA_LIKE),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40),
).map(str.strip)
attribute_values = {
    "note": text.filter(bool),
    "mappa_level": st.sampled_from(["1", "2", "3"]),
    "send_plan": st.booleans(),
    "court_date": st.dates(dt.date(2000, 1, 1), dt.date(2035, 12, 31)).map(dt.date.isoformat),
    "priority": st.integers(-(10**9), 10**9),
}


@st.composite
def a_case(draw, reference: str) -> dict:
    c = codes()
    start = draw(st.dates(dt.date(2000, 1, 1), dt.date(2035, 12, 31)))
    data = {
        "reference": reference,
        "disposal_type": draw(_codes(c.disposal_types, blank=False)),
        "start_date": start,
        "end_date": draw(st.none() | st.dates(start, dt.date(2036, 12, 31))),
        "rosh": draw(_codes(c.levels)),
        "safety_wellbeing": draw(_codes(c.levels)),
        "likelihood_reoffending": draw(_codes(c.levels)),
        "sex": draw(_codes(c.sexes)),
        "ethnicity": draw(_codes(c.ethnicities)),
        "age_at_start": draw(st.none() | st.integers(10, 18)),
        "looked_after": draw(st.none() | st.booleans()),
        "team": draw(st.none() | st.sampled_from(TEAMS)),
        "case_manager": draw(st.none() | st.sampled_from([s for s, _t in STAFF])),
        "extra": {
            key: draw(strategy) for key, strategy in attribute_values.items() if draw(st.booleans())
        },
    }
    if draw(st.booleans()):
        data["setting"] = draw(_codes(c.settings, blank=False))
    if draw(st.booleans()):
        data["resettlement"] = draw(st.booleans())
    return data


@st.composite
def registers(draw) -> list[dict]:
    references = draw(
        st.lists(
            st.from_regex(r"[A-Za-z0-9][A-Za-z0-9/_.-]{0,20}", fullmatch=True),
            min_size=1,
            max_size=6,
            unique_by=str.lower,
        )
    )
    return [draw(a_case(reference)) for reference in references]


def _create(service: Service, user, data: dict) -> None:
    data = dict(data)
    team, manager = data.pop("team"), data.pop("case_manager")
    if team:
        data["team_id"] = Team.objects.get(service=service, name=team).pk
    if manager:
        data["case_manager_id"] = StaffMember.objects.get(service=service, name=manager).pk
    services.create_case(actor=user, service=service, data=data)


def register_of(service: Service) -> list[tuple]:
    return sorted(
        (
            c.reference,
            c.team.name if c.team else None,
            c.case_manager.name if c.case_manager else None,
            c.disposal_type,
            c.disposal_category,
            c.setting,
            c.resettlement,
            c.start_date,
            c.end_date,
            c.rosh,
            c.safety_wellbeing,
            c.likelihood_reoffending,
            c.sex,
            c.ethnicity,
            c.age_at_start,
            c.looked_after,
            json.dumps(c.extra, sort_keys=True, ensure_ascii=False),
        )
        for c in Case.objects.filter(service=service).select_related("team", "case_manager")
    )


class _Rollback(Exception):
    pass


@pytest.mark.django_db
@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(register=registers())
def test_export_then_import_into_an_empty_service_gives_the_same_register(register):
    try:
        with transaction.atomic():
            source = make_service("SRC", "Source YJS")
            _set_up(source)
            user = make_user("qa-rt", source, Role.QA_LEAD)
            for data in register:
                _create(source, user, data)
            expected = register_of(source)
            client = sign_in(Client(), user)
            for fmt in ("csv", "xlsx"):
                body = client.get(reverse("cases:export", args=[fmt])).content
                target = make_service(f"T{fmt.upper()}", f"Target {fmt}")
                _set_up(target)
                services.import_file(
                    actor=user, service=target, filename=f"register.{fmt}", data=body
                )
                assert register_of(target) == expected, fmt
            raise _Rollback
    except _Rollback:
        pass


def test_neutralise_and_restore_are_inverse():
    from yjaudit.cases.exporting import neutralise_reversibly, restore

    for value in [*FORMULA_LIKE, "plain", "'quoted", "", "'", "''", "-", "a=b"]:
        exported = neutralise_reversibly(value)
        assert restore(str(exported)) == value
        assert not str(exported).lstrip("'").startswith(("=", "+", "-", "@")) or str(
            exported
        ).startswith("'")
