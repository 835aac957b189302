"""Role matrix entries for background jobs: a job's pages (its requester, and whoever holds
every action the job names in its service) and the schedule (administrators)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from .matrix import Expect, roles

# A round report file asked for by the QA lead with case detail: shared with those who may
# export the service's reports AND see case audits in full (not board members).
SHARED = roles("administrator", "qa_lead", "manager", "inspector")


def _job(w: Any) -> Any:
    if "job" not in w.extra:
        from django.conf import settings

        from yjaudit.jobs.models import Job, JobStatus

        folder = settings.YJAUDIT_JOB_RESULTS_DIR
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "matrix-job.txt").write_bytes(b"figures")
        w.extra["job"] = Job.objects.create(
            kind="report.file",
            title="Round report file",
            parameters={},
            requested_by=w.users["qa_lead"],
            service=w.service,
            visible_with=["report.export", "audit.review"],
            status=JobStatus.DONE,
            progress=100,
            result_path="matrix-job.txt",
            result_name="report.txt",
            result_type="text/plain",
            finished_at=timezone.now(),
        )
    return w.extra["job"]


def _kw(w: Any) -> dict[str, Any]:
    return {"pk": _job(w).pk}


def _removed_kw(w: Any) -> dict[str, Any]:
    """A round report file retention removed: the page offers to make it again."""
    if "removed_job" not in w.extra:
        from yjaudit.jobs.models import Job, JobStatus

        from .matrix_reports import _round

        w.extra["removed_job"] = Job.objects.create(
            kind="report.file",
            title="Round report file",
            parameters={"round": _round(w).pk, "kind": "round", "fmt": "xlsx"},
            requested_by=w.users["qa_lead"],
            service=w.service,
            visible_with=["report.export", "audit.review"],
            status=JobStatus.DONE,
            progress=100,
            result_name="report.xlsx",
            finished_at=timezone.now(),
            file_removed_at=timezone.now(),
            result={"removed_after_days": 30},
        )
    return {"pk": w.extra["removed_job"].pk}


ENTRIES: dict[str, Expect] = {
    "jobs:job": Expect(get=SHARED, kwargs=_kw),
    "jobs:status": Expect(get=SHARED, kwargs=_kw),
    "jobs:download": Expect(get=SHARED, kwargs=_kw),
    # Makes the removed file again (a new job for whoever asks): those who see the job.
    "jobs:remake": Expect(post=SHARED, kwargs=_removed_kw),
    "jobs:schedule": Expect(get=roles("administrator")),
}
