"""Role matrix entries for reports: round, trend and board pages and downloads, and
practitioner feedback (the practitioner, their line manager and QA leads only)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .matrix import SIGNED_IN, Expect, World, action, roles


def _round(w: World) -> Any:
    if "report_round" not in w.extra:
        from yjaudit.audits.rounds.services import create_round, draw_sample
        from yjaudit.cases.models import Case
        from yjaudit.frameworks.models import FrameworkEdition
        from yjaudit.frameworks.services import sync_bundled_frameworks

        sync_bundled_frameworks(actor=None)
        edition = FrameworkEdition.objects.get(framework_id="hmip-youth-2021", is_current=True)
        for i in range(1, 7):
            Case.objects.create(
                service=w.service,
                reference=f"REPORT-{i}",
                case_manager=w.own_staff,
                disposal_type="yro",
                disposal_category="court",
                setting="community",
                start_date=dt.date(2024, 1, i),
            )
        r = create_round(
            actor=None,
            service=w.service,
            framework_edition=edition,
            name="Report round",
            kind="self-audit",
            period_start=dt.date(2024, 1, 1),
            period_end=dt.date(2024, 12, 31),
            sample_rule="fixed-n",
            requested_size=4,
        )
        draw_sample(actor=None, audit_round=r, seed=1)
        w.extra["report_round"] = r
    return w.extra["report_round"]


def _case_audit_kw(w: World) -> dict[str, Any]:
    from .matrix_audits import _audit_world

    return {"pk": _audit_world(w)["audit"].pk}


VIEW = action("report.view")
EXPORT = action("report.export")
# Feedback on the practitioner's own staff record: the practitioner and QA leads; the
# world's manager does not line-manage them, so is refused.
FEEDBACK = roles("qa_lead", "practitioner")


def _round_kw(w: World) -> dict[str, Any]:
    return {"pk": _round(w).pk}


ENTRIES: dict[str, Expect] = {
    # Lists only what the user may open (nothing for most), so any signed-in user.
    "reports:index": Expect(get=SIGNED_IN),
    "reports:round": Expect(get=VIEW, kwargs=_round_kw),
    "reports:round_kind": Expect(get=VIEW, kwargs=lambda w: {**_round_kw(w), "kind": "trend"}),
    "reports:download": Expect(
        get=EXPORT, kwargs=lambda w: {**_round_kw(w), "kind": "round", "fmt": "xlsx"}
    ),
    # Asks for a PDF, Word or Excel file: a background job (yjaudit.jobs).
    "reports:request_file": Expect(
        post=EXPORT,
        kwargs=lambda w: {**_round_kw(w), "kind": "board"},
        data=lambda w: {"fmt": "xlsx"},
    ),
    "reports:practitioner": Expect(
        get=FEEDBACK, kwargs=lambda w: {**_round_kw(w), "staff_pk": w.own_staff.pk}
    ),
    "reports:practitioner_download": Expect(
        get=FEEDBACK,
        kwargs=lambda w: {**_round_kw(w), "staff_pk": w.own_staff.pk, "fmt": "html"},
    ),
    # One case audit, printable and as a PDF: who may read a case audit in full.
    "reports:case_audit": Expect(get=action("audit.review"), kwargs=_case_audit_kw),
    "reports:case_audit_pdf": Expect(get=action("audit.review"), kwargs=_case_audit_kw),
}
