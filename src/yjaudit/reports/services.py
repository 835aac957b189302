"""The reports' writes: report files made by a background job (`yjaudit.jobs`), kind "report.file".

The page asks `request_report_file`; a worker runs `report_file`, which builds and
renders exactly as the synchronous download did (`make.build_document`, `render`), for
what the requester may see (their disclosure, decided again when the job runs).
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yjaudit.audits.disclosure import disclosure_for
from yjaudit.audits.models import AuditRound
from yjaudit.errors import DomainError
from yjaudit.jobs.kinds import JobFile, Progress, remade_by
from yjaudit.jobs.models import Job
from yjaudit.jobs.services import job_request
from yjaudit.organisations import permissions

from .document import report_language
from .make import build_document, filename
from .render import CONTENT_TYPES
from .render import render as render_format

KIND = "report.file"
NAMES = {
    "round": gettext_lazy("round report"),
    "trend": gettext_lazy("trend report"),
    "board": gettext_lazy("board pack"),
}


class ReportNoLongerAllowed(DomainError):
    """The requester may no longer export this round's reports."""


def request_report_file(
    *, actor: Any, audit_round: AuditRound, kind: str, fmt: str, language: str | None = None
) -> Job:
    """Queue the file; who else may see it: those who may export the service's reports and
    see what the requester saw (case detail or aggregates only). The file is written in
    `language` (default: the requester's active language), recorded now because the
    worker that makes it has no request, and so no language, of its own."""
    language = report_language(language or translation.get_language())
    full = disclosure_for(actor, audit_round.service).case_detail
    visible = ["report.export", "audit.review"] if full else ["report.export"]
    title = _("%(what)s for %(round)s (%(fmt)s)") % {
        "what": str(NAMES.get(kind, kind)).capitalize(),
        "round": audit_round.name,
        "fmt": fmt.upper(),
    }
    return job_request(
        actor=actor,
        kind=KIND,
        title=title,
        parameters={"round": audit_round.pk, "kind": kind, "fmt": fmt, "language": language},
        service=audit_round.service,
        visible_with=visible,
    )


def _remake(actor: Any, job: Job) -> Job:
    """The same file again, for whoever asks now (a file retention removed)."""
    params = job.parameters
    audit_round = AuditRound.objects.select_related("service").get(pk=params["round"])
    if not permissions.can(actor, "report.export", audit_round.service):
        raise ReportNoLongerAllowed(_("You may no longer download this round's reports."))
    return request_report_file(
        actor=actor, audit_round=audit_round, kind=str(params["kind"]), fmt=str(params["fmt"])
    )


@remade_by(_remake)
def report_file(job: Job, progress: Progress) -> JobFile:
    # In the language recorded with the request (jobs queued before it was recorded were
    # made in English), messages to the requester included.
    language = report_language(str(job.parameters.get("language", "en")))
    with translation.override(language):
        return _report_file(job, language, progress)


def _report_file(job: Job, language: str, progress: Progress) -> JobFile:
    params = job.parameters
    audit_round = AuditRound.objects.select_related("service").get(pk=params["round"])
    user = job.requested_by
    if user is None or not permissions.can(user, "report.export", audit_round.service):
        raise ReportNoLongerAllowed(_("You may no longer download this round's reports."))
    kind, fmt = str(params["kind"]), str(params["fmt"])
    progress(5, _("Gathering the round's figures"))
    seen = {"rounds": 0}

    def step(_round: AuditRound) -> None:  # called once per earlier round (trend, board)
        seen["rounds"] += 1
        progress(min(60, 10 + 6 * seen["rounds"]), _("Reading earlier rounds"))

    doc = build_document(
        audit_round,
        kind,
        progress=step,
        shown=disclosure_for(user, audit_round.service),
        language=language,
    )
    progress(65, _("Writing the %(fmt)s file") % {"fmt": fmt.upper()})
    data = render_format(doc, fmt)
    return JobFile(filename(audit_round, kind, fmt), CONTENT_TYPES[fmt], data)
