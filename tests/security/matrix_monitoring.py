"""Role matrix entries for performance monitoring (written out by hand, not read from
the permission table, so a change to who may see monitoring fails this test)."""

from __future__ import annotations

from typing import Any

from .matrix import SIGNED_IN, Expect, World, roles

VIEW = roles("administrator", "qa_lead", "manager", "board_member", "inspector")
MANAGE = roles("administrator", "qa_lead")
CSV = b"reference,start_date,intervention_type\nM-1,2025-04-01,court\n"


def _service(w: World) -> dict[str, Any]:
    return {"service_code": w.service.code}


def _batch(w: World) -> dict[str, Any]:
    from yjaudit.monitoring import services

    batch = services.start_import(
        actor=None, service=w.service, record_set="interventions", filename="m.csv", data=CSV
    )
    return {"service_code": w.service.code, "pk": batch.pk}


ENTRIES: dict[str, Expect] = {
    # Lists only the services the user may see (or redirects to the only one).
    "monitoring:index": Expect(get=SIGNED_IN),
    "monitoring:dashboard": Expect(get=VIEW, kwargs=_service),
    "monitoring:indicator": Expect(
        get=VIEW,
        kwargs=lambda w: {
            **_service(w),
            "set_id": "yjb-kpi-2023",
            "indicator_id": "kpi1-accommodation",
        },
    ),
    "monitoring:import": Expect(get=MANAGE, post=MANAGE, kwargs=_service),
    "monitoring:import_check": Expect(get=MANAGE, post=MANAGE, kwargs=_batch),
}


API = {"version": "v1"}
# Comparators are shared by every service: only platform operators (superusers, not a
# service role) may load them, so no role in the matrix may.
NOBODY = roles()


def _api_service(w: World) -> dict[str, Any]:
    return {**API, "service_code": w.service.code}


ENTRIES.update(
    {
        # Indicator definitions: public documents, but only to those who see figures.
        "api:monitoring-list": Expect(get=VIEW, kwargs=lambda w: API, scoped=False),
        "api:monitoring-figures": Expect(get=VIEW, kwargs=_api_service),
        "api:monitoring-imports": Expect(post=MANAGE, kwargs=_api_service),
        "api:monitoring-comparators": Expect(post=NOBODY, kwargs=lambda w: API, scoped=False),
    }
)

# Downloads also follow the reports' rule (report.export): the same five roles today.
EXPORT = roles("administrator", "qa_lead", "manager", "board_member", "inspector")

ENTRIES.update(
    {
        "monitoring:report": Expect(
            get=VIEW, kwargs=lambda w: {**_service(w), "set_id": "yjb-kpi-2023"}
        ),
        "monitoring:report_download": Expect(
            get=EXPORT,
            kwargs=lambda w: {**_service(w), "set_id": "yjb-kpi-2023", "fmt": "xlsx"},
        ),
    }
)

ENTRIES["monitoring:disproportionality"] = Expect(get=VIEW, kwargs=_service)


def _uploaded(w: World) -> dict[str, Any]:
    from yjaudit.monitoring import services

    batch = services.upload_import(
        actor=None, service=w.service, record_set="interventions", filename="m.csv", data=CSV
    )
    return {"service_code": w.service.code, "pk": batch.pk}


# Matching an upload's columns: those who may import.
ENTRIES["monitoring:import_mapping"] = Expect(get=MANAGE, post=MANAGE, kwargs=_uploaded)
