"""Job pages: progress (refreshing itself until the job ends), the file, the schedule."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from yjaudit.errors import DomainError
from yjaudit.organisations.views_support import require_action

from . import schedule_words, selectors, services
from .kinds import remake_for, template_for
from .models import Job, JobStatus
from .settings import results_dir

REFRESH_SECONDS = 3  # how often the page reloads itself while the job runs


def _job(request: HttpRequest, pk: int) -> Job:
    return get_object_or_404(selectors.jobs_for(request.user), pk=pk)


@login_required
@require_GET
def job_page(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    return render(
        request,
        "jobs/job.html",
        {
            "job": job,
            "refresh": None if job.finished else REFRESH_SECONDS,
            "remakeable": job.file_removed_at is not None and remake_for(job.kind) is not None,
            "summary_template": template_for(job.kind),
        },
    )


@login_required
@require_POST
def job_remake(request: HttpRequest, pk: int) -> HttpResponse:
    """Make a file retention removed again (the kind's own request decides who may)."""
    job = _job(request, pk)
    try:
        again = services.job_remake(actor=request.user, job=job)
    except services.NotRemakeable:
        raise Http404 from None
    except DomainError:  # the kind refuses this person (e.g. no longer allowed to export)
        raise PermissionDenied from None
    return redirect("jobs:job", pk=again.pk)


@login_required
@require_GET
def job_status(request: HttpRequest, pk: int) -> JsonResponse:
    """For the page's script: the bar's value without reloading the page."""
    job = _job(request, pk)
    return JsonResponse(
        {
            "status": job.status,
            "progress": job.progress,
            "message": job.message,
            "finished": job.finished,
            "page": reverse("jobs:job", kwargs={"pk": job.pk}),
        },
        headers={"Cache-Control": "no-store"},
    )


@login_required
@require_GET
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    job = _job(request, pk)
    if job.status != JobStatus.DONE or not job.result_path:
        raise Http404
    folder = results_dir().resolve()
    path = (folder / job.result_path).resolve()
    if folder not in path.parents or not path.is_file():
        raise Http404
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=job.result_name,
        content_type=job.result_type,
    )
    response["Cache-Control"] = "no-store"
    return response


@require_action("schedule.view")
@require_GET
def schedule_page(request: HttpRequest) -> HttpResponse:
    rows = [
        (row, *schedule_words.title(row.entry.name, row.entry.doc),
         schedule_words.cron_words(row.entry.cron), schedule_words.outcome(row.last))
        for row in selectors.schedule_rows()
    ]  # fmt: skip
    return render(request, "jobs/schedule.html", {"rows": rows})
