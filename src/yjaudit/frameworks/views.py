"""The framework browser (reference data) and the framework file upload."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from yjaudit.spec import FrameworkFileError

from . import selectors, services
from .access import can_manage_frameworks, reference_data_view
from .forms import FrameworkUploadForm
from .models import FrameworkEdition
from .presenters import present


@reference_data_view
def framework_list(request: HttpRequest) -> HttpResponse:
    counts = selectors.version_counts()
    editions = [(e, counts.get(e.framework_id, 1)) for e in selectors.editions_for_choosing()]
    return render(
        request,
        "frameworks/list.html",
        {"editions": editions, "can_manage": can_manage_frameworks(request.user)},
    )


def _detail(request: HttpRequest, edition: FrameworkEdition) -> HttpResponse:
    try:
        framework = edition.spec()
    except FrameworkFileError:
        # A stored edition that no longer parses (format changed): say so, never a traceback.
        framework = None
    context = {
        "edition": edition,
        "framework": framework,
        "view": present(framework) if framework else None,
        "versions": selectors.editions_of(edition.framework_id),
    }
    return render(request, "frameworks/detail.html", context)


@reference_data_view
def framework_detail(request: HttpRequest, framework_id: str) -> HttpResponse:
    return _detail(request, selectors.get_current_edition(framework_id))


@reference_data_view
def framework_version(request: HttpRequest, framework_id: str, version: int) -> HttpResponse:
    return _detail(request, selectors.get_edition(framework_id, version))


@reference_data_view
def framework_source(request: HttpRequest, framework_id: str, version: int) -> HttpResponse:
    edition = selectors.get_edition(framework_id, version)
    response = HttpResponse(edition.source, content_type="text/yaml; charset=utf-8")
    filename = f"{edition.framework_id}-v{edition.version}.yaml"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
def framework_upload(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_manage_frameworks(request.user):
        raise PermissionDenied
    problems: list[str] = []
    if request.method == "POST":
        form = FrameworkUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                edition = services.upload_framework(
                    actor=request.user, filename=upload.name, content=upload.read()
                )
            except FrameworkFileError as exc:
                problems = [str(p) for p in exc.problems]
            else:
                messages.success(
                    request,
                    _("Loaded %(name)s, version %(version)s.")
                    % {"name": edition.name, "version": edition.version},
                )
                return redirect("frameworks:detail", framework_id=edition.framework_id)
    else:
        form = FrameworkUploadForm()
    status = 400 if problems or form.errors else 200
    return render(
        request, "frameworks/upload.html", {"form": form, "problems": problems}, status=status
    )
