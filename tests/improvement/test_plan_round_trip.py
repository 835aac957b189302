"""A plan exported to Excel and imported into an empty plan is the same plan.

Hypothesis generates plans: dates across years (and none), text with commas, quotes,
new lines, formula-looking text, Welsh letters, control characters, empty optional
fields, numbering with gaps, sub-actions, statuses with progress, leads (named, with an
organisation, on the staff list), measured-by and concerns ids, findings.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from yjaudit.improvement import exporting, importing, selectors, services
from yjaudit.improvement.models import FindingKind, ImprovementPlan, Status

pytestmark = pytest.mark.django_db

TODAY = dt.date(2030, 6, 30)
IDS = ["2.1", "2.1.1", "2.2", "3.1", "2.1.1d"]  # of hmip-style-local-audit (checked below)
TRICKY = [
    "=SUM(A1)",
    "+44 20 7946 0000",
    "-5",
    "@here",
    '=HYPERLINK("http://x")',
    'a, b, "c"',
    "line one\nline two",
    "Gwasanaeth Cyfiawnder Ieuenctid: ŵŷ âêîôû ẁẃẅỳ",
    "_x000B_ literal",
    "tab\there",
    "bell\x07 and vertical\x0btab",
    "'=quoted",
    "November",
    "Nov-26",
    "11/15/2026",
    "15/11/26",
    "To be reviewed March",
    "2020",
    "3.1",
]
PIECES = st.sampled_from(
    list("abcXYZ019 ,.\"'=+-@:;()\n\r\t") + list("ŵŷâêîôûẁẃẅỳ") + ["\x0b", "_x00", "0B_"]
)


def _text(max_size: int = 40) -> st.SearchStrategy[str]:
    free = st.lists(PIECES, max_size=max_size // 2).map(lambda p: "".join(p).strip())
    return st.one_of(free, st.sampled_from(TRICKY), st.just(""))


def _required(max_size: int = 40) -> st.SearchStrategy[str]:
    first = st.sampled_from("aZŵ0=+-@'\"")
    free = st.lists(PIECES, max_size=max_size // 2).map("".join)
    return st.one_of(st.builds(lambda a, b: (a + b).strip(), first, free), st.sampled_from(TRICKY))


DATES = st.one_of(st.none(), st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)))


@dataclass
class GenAction:
    number: int
    description: str
    timescale: str
    due: dt.date | None
    review: dt.date | None
    org: str
    person: str  # "" ; a name; or STAFF for the staff member
    outcome: str
    objectives: str
    measure: str
    measures: list[str]
    progress: tuple[str, str, dt.date] | None  # status, note, on
    status: str
    subs: list[GenAction]


STAFF = "\0staff"


@st.composite
def actions(draw: Any, numbers: list[int], sub: bool = False) -> list[GenAction]:
    out = []
    for n in numbers:
        subs: list[GenAction] = []
        if not sub:
            sub_numbers = draw(st.lists(st.integers(1, 30), unique=True, max_size=2))
            subs = draw(actions(sorted(sub_numbers), sub=True))
        progress = draw(
            st.one_of(
                st.none(),
                st.tuples(
                    st.sampled_from(Status.values),
                    _text(),
                    st.dates(dt.date(2000, 1, 1), TODAY),
                ),
            )
        )
        out.append(
            GenAction(
                number=n,
                description=draw(_text() if sub else _required()),
                timescale=draw(_text(30)),
                due=draw(DATES),
                review=draw(DATES),
                org=draw(st.one_of(st.just(""), st.sampled_from(["YOS", "Police"]), _text(20))),
                person=draw(
                    st.one_of(st.just(""), st.just(STAFF), _text(25)).filter(
                        lambda p: p.lower() != "ops manager"
                    )
                ),
                outcome=draw(_text()),
                objectives=draw(_text()),
                measure=draw(_text()),
                measures=draw(st.lists(st.sampled_from(IDS), unique=True, max_size=2)),
                progress=progress,
                status=draw(st.sampled_from(Status.values)),
                subs=subs,
            )
        )
    return out


@st.composite
def plans(draw: Any) -> dict[str, Any]:
    n_recs = draw(st.integers(1, 3))
    numbers = sorted(draw(st.lists(st.integers(1, 9999), unique=True, max_size=6)))
    cuts = sorted(
        draw(st.lists(st.integers(0, len(numbers)), min_size=n_recs - 1, max_size=n_recs - 1))
    )
    bounds = [0, *cuts, len(numbers)]
    recs = []
    for i in range(n_recs):
        recs.append(
            {
                "text": draw(_required()),
                "owner": draw(_text(30)),
                "concerns": draw(st.lists(st.sampled_from(IDS), unique=True, max_size=2)),
                "actions": draw(actions(numbers[bounds[i] : bounds[i + 1]])),
            }
        )
    findings = [
        (kind, text, draw(st.sampled_from(["", "2.1"])))
        for kind in FindingKind.values
        for text in draw(st.lists(_required(), unique=True, max_size=3))
    ]
    return {"recs": recs, "findings": findings}


def build(spec: dict[str, Any], plan: ImprovementPlan, actor: Any, staff: Any) -> None:
    for kind, text, source in spec["findings"]:
        services.add_finding(actor=actor, plan=plan, kind=kind, text=text, source_id=source)
    for r in spec["recs"]:
        rec = services.add_recommendation(
            actor=actor, plan=plan, text=r["text"], owner_role=r["owner"], concerns=r["concerns"]
        )

        def add(a: GenAction, rec: Any = rec, parent: Any = None) -> Any:
            action = services.add_action(
                actor=actor,
                plan=plan,
                recommendation=rec,
                parent=parent,
                number=a.number,
                status=a.status,
                description=a.description,
                timescale=a.timescale,
                due_date=a.due,
                review_date=a.review,
                lead_organisation=a.org,
                lead_name="" if a.person == STAFF else a.person,
                lead_staff=staff if a.person == STAFF else None,
                expected_outcome=a.outcome,
                learning_objectives=a.objectives,
                success_measure=a.measure,
                measures=a.measures,
            )
            if a.progress is not None:
                status, note, on = a.progress
                services.record_progress(
                    actor=actor, action=action, status=status, note=note, on=on
                )
            return action

        for a in r["actions"]:
            main = add(a)
            for s in a.subs:
                add(s, rec, main)


def state(plan: ImprovementPlan) -> dict[str, Any]:
    """Everything a person entered in a plan's table and findings (ids aside)."""
    blocks = []
    for block in selectors.plan_table(plan, TODAY):
        rec = block.recommendation
        rows = []
        for row in block.rows:
            a = row.action
            latest = row.latest
            rows.append(
                (
                    row.label,
                    a.description,
                    a.timescale,
                    a.due_date,
                    a.review_date,
                    a.lead_organisation,
                    a.lead_display,
                    a.lead_staff_id,
                    a.expected_outcome,
                    a.learning_objectives,
                    a.success_measure,
                    a.measures,
                    a.status,
                    row.rag,
                    (latest.note, latest.on) if latest else None,
                )
            )
        blocks.append((rec.text, rec.owner_role, rec.concerns, rows))
    findings = [(f.kind, f.text, f.source_id) for f in plan.findings.all()]
    return {"recommendations": blocks, "findings": findings}


def sheet_values(data: bytes) -> list[list[Any]]:
    """Every cell from the table's header on (the intro above names the plan itself)."""
    wb = load_workbook(io.BytesIO(data))
    rows = [[c.value for c in row] for ws in wb.worksheets for row in ws.iter_rows()]
    start = next(i for i, r in enumerate(rows) if tuple(r[1:6]) == exporting.COLUMNS[1:])
    return rows[start:]


@pytest.fixture
def plan_world(settings: Any, service: Any, manager: Any, manager_staff: Any, edition: Any) -> Any:
    settings.YJAUDIT_PLAN_TODAY = TODAY
    known = selectors.measurable_ids(ImprovementPlan(service=service, framework_edition=edition))
    assert set(IDS) <= set(known)
    return service, manager, manager_staff, edition


def _new_plan(service: Any, manager: Any, edition: Any, published: dt.date) -> ImprovementPlan:
    return services.create_plan(
        actor=manager,
        service=service,
        title="Action plan",
        source_kind="inspection",
        inspection_name="Inspection",
        published_on=published,
        framework_edition=edition,
    )


@settings(
    max_examples=30,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
@given(spec=plans())
def test_export_then_import_into_an_empty_plan_gives_the_same_plan(
    plan_world: Any, spec: dict[str, Any]
) -> None:
    service, manager, staff, edition = plan_world
    with transaction.atomic():
        original = _new_plan(service, manager, edition, dt.date(2016, 8, 10))
        build(spec, original, manager, staff)
        data = exporting.to_xlsx(original)
        # A different publication date: nothing may be re-derived from it.
        copy = _new_plan(service, manager, edition, dt.date(2025, 2, 10))
        importing.import_plan_sheet(actor=manager, plan=copy, data=data)
        assert state(copy) == state(original)
        assert sheet_values(exporting.to_xlsx(copy)) == sheet_values(data)
        transaction.set_rollback(True)


def test_the_reported_corruption_is_gone(plan_world: Any) -> None:
    """The issue's plan: 15 Nov 2026 and 31 Mar 2027 with month-only timescales."""
    service, manager, _staff, edition = plan_world
    original = _new_plan(service, manager, edition, dt.date(2025, 2, 10))
    rec = services.add_recommendation(actor=manager, plan=original, text="Oversight")
    for n, (label, due) in enumerate(
        [("November", dt.date(2026, 11, 15)), ("Mar-27", dt.date(2027, 3, 31))], start=1
    ):
        services.add_action(
            actor=manager,
            plan=original,
            recommendation=rec,
            number=n,
            description=f"Action {n}",
            timescale=label,
            due_date=due,
            measures=["2.1"],
        )
    copy = _new_plan(service, manager, edition, dt.date(2025, 2, 10))
    importing.import_plan_sheet(actor=manager, plan=copy, data=exporting.to_xlsx(original))
    got = [(a.timescale, a.due_date, a.measures) for a in copy.actions.order_by("number")]
    assert got == [
        ("November", dt.date(2026, 11, 15), ["2.1"]),
        ("Mar-27", dt.date(2027, 3, 31), ["2.1"]),
    ]
    assert selectors.rag_summary(copy, dt.date(2026, 11, 1))["red"] == 0


def test_formula_like_text_is_never_a_formula(plan_world: Any) -> None:
    service, manager, _staff, edition = plan_world
    plan = _new_plan(service, manager, edition, dt.date(2025, 2, 10))
    rec = services.add_recommendation(actor=manager, plan=plan, text="=HYPERLINK(1)")
    services.add_action(
        actor=manager, plan=plan, recommendation=rec, description="+cmd|' /C calc'!A0"
    )
    data = exporting.to_xlsx(plan)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert b"<f>" not in xml and b"<f " not in xml
    ws = load_workbook(io.BytesIO(data)).active
    assert ws is not None
    cells = {c.value: c for row in ws.iter_rows() for c in row if c.value}
    for text in ("=HYPERLINK(1)", "+cmd|' /C calc'!A0"):
        assert cells[text].data_type == "s" and cells[text].quotePrefix


def test_a_recommendation_that_reads_like_a_number_stays_a_recommendation(
    plan_world: Any,
) -> None:
    service, manager, staff, edition = plan_world
    spec = {
        "recs": [{"text": "2020", "owner": "", "concerns": [], "actions": []}],
        "findings": [],
    }
    original = _new_plan(service, manager, edition, dt.date(2025, 2, 10))
    build(spec, original, manager, staff)
    copy = _new_plan(service, manager, edition, dt.date(2025, 2, 10))
    importing.import_plan_sheet(actor=manager, plan=copy, data=exporting.to_xlsx(original))
    assert state(copy) == state(original)
