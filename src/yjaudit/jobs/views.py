"""Job pages: progress (refreshing itself until the job ends), the file, the schedule."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from yjaudit.organisations.views_support import require_action

from . import selectors
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
        {"job": job, "refresh": None if job.finished else REFRESH_SECONDS},
    )


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
    return render(request, "jobs/schedule.html", {"rows": selectors.schedule_rows()})
