"""Role matrix entries for the case register, imports, audit rounds and samples."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .matrix import Expect, World, action

API = {"version": "v1"}


def _case(w: World) -> Any:
    if "case" not in w.extra:
        from yjaudit.cases.models import Case

        # Managed by the practitioner's own staff record, so practitioners may see it.
        w.extra["case"] = Case.objects.create(
            service=w.service,
            reference="ALPHA-1",
            team=w.team,
            case_manager=w.own_staff,
            disposal_type="yro",
            disposal_category="court",
            setting="community",
            start_date=dt.date(2024, 1, 10),
            sex="male",
            ethnicity="white",
            rosh="low",
        )
        for i in range(2, 8):
            Case.objects.create(
                service=w.service,
                reference=f"ALPHA-{i}",
                disposal_type="youth-caution",
                disposal_category="out-of-court",
                setting="community",
                start_date=dt.date(2024, 2, i),
            )
    return w.extra["case"]


def _import(w: World) -> Any:
    if "import" not in w.extra:
        from yjaudit.cases.services import start_import

        w.extra["import"] = start_import(
            actor=None,
            service=w.service,
            filename="export.csv",
            data=b"Reference,Disposal,Start date\nALPHA-99,YRO,01/02/2024\n",
        )
    return w.extra["import"]


def _round(w: World) -> Any:
    if "round" not in w.extra:
        from yjaudit.audits.rounds.services import create_round, draw_sample
        from yjaudit.frameworks.selectors import get_current_edition
        from yjaudit.frameworks.services import sync_bundled_frameworks

        _case(w)
        # A real edition: drawing a sample creates its case audits (the framework's rules).
        sync_bundled_frameworks()
        edition = get_current_edition("sqs-2012")
        w.extra["round"] = create_round(
            actor=None,
            service=w.service,
            framework_edition=edition,
            name="Alpha round",
            kind="self-audit",
            period_start=dt.date(2024, 1, 1),
            period_end=dt.date(2024, 12, 31),
            sample_rule="fixed-n",
            requested_size=3,
        )
        draw_sample(actor=None, audit_round=w.extra["round"], seed=1)
    return w.extra["round"]


def _sampled(w: World) -> Any:
    return _round(w).samples.first()


def _archived(w: World) -> Any:
    """A case removed from the sample (to put back)."""
    if "archived" not in w.extra:
        sampled = _round(w).samples.last()
        sampled.status = "archived"
        sampled.save(update_fields=["status"])
        w.extra["archived"] = sampled
    return w.extra["archived"]


def _archived_case(w: World) -> Any:
    """A case of the register that is archived (to restore)."""
    if "archived_case" not in w.extra:
        from yjaudit.cases.models import Case
        from yjaudit.cases.services import archive_case

        _case(w)
        case = Case.objects.get(service=w.service, reference="ALPHA-7")
        w.extra["archived_case"] = archive_case(actor=None, case=case, reason="Entered twice")
    return w.extra["archived_case"]


def _archived_round(w: World) -> Any:
    """A second round, archived (to restore)."""
    if "archived_round" not in w.extra:
        from yjaudit.audits.rounds.services import archive_round, create_round

        first = _round(w)
        other = create_round(
            actor=None,
            service=w.service,
            framework_edition=first.framework_edition,
            name="Alpha old round",
            kind="self-audit",
            period_start=dt.date(2023, 1, 1),
            period_end=dt.date(2023, 12, 31),
            sample_rule="fixed-n",
            requested_size=3,
        )
        w.extra["archived_round"] = archive_round(actor=None, audit_round=other, reason="Test")
    return w.extra["archived_round"]


VIEW = action("case.view")
ARCHIVE_CASE = action("case.archive")
ARCHIVE_ROUND = action("round.archive")
MANAGE = action("case.manage")
IMPORT = action("case.import")
EXPORT = action("case.export")
ROUND_VIEW = action("round.view")
ROUND_MANAGE = action("round.manage")
DRAW = action("sample.draw")


def _service(w: World) -> dict[str, Any]:
    return {"service_code": w.service.code}


ENTRIES: dict[str, Expect] = {
    # Pages
    "cases:list": Expect(get=VIEW),
    "cases:detail": Expect(get=VIEW, kwargs=lambda w: {"pk": _case(w).pk}),
    "cases:archive": Expect(
        get=ARCHIVE_CASE, post=ARCHIVE_CASE, kwargs=lambda w: {"pk": _case(w).pk}
    ),
    "cases:restore": Expect(
        get=ARCHIVE_CASE, post=ARCHIVE_CASE, kwargs=lambda w: {"pk": _archived_case(w).pk}
    ),
    "cases:export": Expect(get=EXPORT, kwargs=lambda w: {"fmt": "csv"}, scoped=False),
    "cases:import_upload": Expect(get=IMPORT, post=IMPORT, kwargs=_service),
    "cases:import_victims_upload": Expect(get=IMPORT, post=IMPORT, kwargs=_service),
    "cases:import_template": Expect(get=IMPORT, kwargs=lambda w: {**_service(w), "fmt": "csv"}),
    "cases:import_victims_template": Expect(
        get=IMPORT, kwargs=lambda w: {**_service(w), "fmt": "xlsx"}
    ),
    "cases:import_mapping": Expect(
        get=IMPORT,
        post=IMPORT,
        kwargs=lambda w: {"service_code": w.service.code, "pk": _import(w).pk},
    ),
    "cases:import_preview": Expect(
        get=IMPORT,
        post=IMPORT,
        kwargs=lambda w: {"service_code": w.service.code, "pk": _import(w).pk},
    ),
    "rounds:list": Expect(get=ROUND_VIEW),
    "rounds:create": Expect(get=ROUND_MANAGE, post=ROUND_MANAGE, kwargs=_service),
    "rounds:detail": Expect(get=ROUND_VIEW, kwargs=lambda w: {"pk": _round(w).pk}),
    "rounds:draw": Expect(post=DRAW, kwargs=lambda w: {"pk": _round(w).pk}),
    "rounds:close": Expect(
        get=ROUND_MANAGE, post=ROUND_MANAGE, kwargs=lambda w: {"pk": _round(w).pk}
    ),
    "rounds:reopen": Expect(
        get=ROUND_MANAGE, post=ROUND_MANAGE, kwargs=lambda w: {"pk": _round(w).pk}
    ),
    "rounds:archive": Expect(
        get=ARCHIVE_ROUND, post=ARCHIVE_ROUND, kwargs=lambda w: {"pk": _round(w).pk}
    ),
    "rounds:unarchive": Expect(
        get=ARCHIVE_ROUND, post=ARCHIVE_ROUND, kwargs=lambda w: {"pk": _archived_round(w).pk}
    ),
    "rounds:swap": Expect(
        get=DRAW,
        post=DRAW,
        kwargs=lambda w: {"pk": _round(w).pk, "sample_pk": _sampled(w).pk},
    ),
    "rounds:restore": Expect(
        post=DRAW,
        kwargs=lambda w: {"pk": _round(w).pk, "sample_pk": _archived(w).pk},
    ),
    # API
    "api:case-list": Expect(get=VIEW, post=MANAGE, kwargs=lambda w: API, scoped=False),
    "api:case-detail": Expect(get=VIEW, patch=MANAGE, kwargs=lambda w: {**API, "pk": _case(w).pk}),
    "api:case-import-list": Expect(get=IMPORT, post=IMPORT, kwargs=lambda w: API, scoped=False),
    "api:case-import-detail": Expect(get=IMPORT, kwargs=lambda w: {**API, "pk": _import(w).pk}),
    "api:round-list": Expect(get=ROUND_VIEW, post=ROUND_MANAGE, kwargs=lambda w: API, scoped=False),
    "api:round-detail": Expect(get=ROUND_VIEW, kwargs=lambda w: {**API, "pk": _round(w).pk}),
    "api:round-archive": Expect(
        post=ARCHIVE_ROUND,
        kwargs=lambda w: {**API, "pk": _round(w).pk},
        data=lambda w: {"reason": "Set up by mistake"},
    ),
    "api:round-restore": Expect(
        post=ARCHIVE_ROUND, kwargs=lambda w: {**API, "pk": _archived_round(w).pk}
    ),
    "api:case-archive": Expect(
        post=ARCHIVE_CASE,
        kwargs=lambda w: {**API, "pk": _case(w).pk},
        data=lambda w: {"reason": "Entered twice"},
    ),
    "api:case-restore": Expect(
        post=ARCHIVE_CASE, kwargs=lambda w: {**API, "pk": _archived_case(w).pk}
    ),
    # The round has a sample: a redraw is confirmed (else 409, see tests/audits).
    "api:round-draw": Expect(
        post=DRAW,
        kwargs=lambda w: {**API, "pk": _round(w).pk},
        data=lambda w: {"replace_untouched": True},
    ),
    "api:sample-list": Expect(get=ROUND_VIEW, kwargs=lambda w: API, scoped=False),
    "api:sample-detail": Expect(get=ROUND_VIEW, kwargs=lambda w: {**API, "pk": _sampled(w).pk}),
    "api:sample-swap": Expect(post=DRAW, kwargs=lambda w: {**API, "pk": _sampled(w).pk}),
    "api:sample-restore": Expect(post=DRAW, kwargs=lambda w: {**API, "pk": _archived(w).pk}),
}
