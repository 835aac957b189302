"""The upload and column-mapping steps of the imports whose rows wait in a batch
(monitoring's record sets, practice's case events and memberships), written once.

Both apps' views call these with their own service functions, form and pages; the
mapping page is the case register's (`cases/import_mapping.html`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .importing.reader import ImportFileError, Problem
from .services import max_import_bytes

SHOWN_PROBLEMS = 100  # a page lists this many; the rest are counted


def upload_step(
    request: HttpRequest,
    form: forms.Form,
    start: Callable[..., Any],
    *,
    service: Any,
    choice: str,
) -> tuple[Any, list[Problem]]:
    """On a valid POST, read the file and start the import (`start(actor=, service=,
    filename=, data=, <choice>=)`, `choice` naming the form's other field): (the batch,
    no problems), or (None, why the file was refused); on a GET (None, [])."""
    if request.method != "POST" or not form.is_valid():
        return None, []
    upload = form.cleaned_data["file"]
    # One byte past the limit is enough for the reader to refuse the file by size.
    data = upload.read(max_import_bytes() + 1)
    try:
        batch = start(
            actor=request.user,
            service=service,
            filename=upload.name,
            data=data,
            **{choice: form.cleaned_data[choice]},
        )
    except ImportFileError as exc:
        return None, exc.problems
    return batch, []


def problem_lines(problems: Sequence[Problem]) -> list[str]:
    """Each problem by row and column, the first SHOWN_PROBLEMS of them."""
    lines = [
        _("Row %(row)s, column %(column)s: %(message)s")
        % {"row": p.row, "column": p.column or "-", "message": p.message}
        if p.row
        else p.message
        for p in problems[:SHOWN_PROBLEMS]
    ]
    if len(problems) > SHOWN_PROBLEMS:
        lines.append(_("The first 100 of %(n)s problems are listed.") % {"n": len(problems)})
    return lines


def mapping_step(
    request: HttpRequest,
    *,
    batch: Any,
    form: forms.Form,
    map_import: Callable[..., Any],
    used: type[Exception],
    again_url: str,
    checked_url: str,
    what: str,
    hidden: list[str],
) -> HttpResponse:
    """Match the file's columns to the fields, then check every row (`map_import`):
    on to `checked_url`, or the page again listing the problems by row and column; an
    import used already (`used`) goes back to `again_url` with its message."""
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        mapping = {k: v for k, v in form.cleaned_data.items() if k != "file"}
        upload = form.cleaned_data.get("file")
        try:
            map_import(
                actor=request.user,
                batch=batch,
                mapping=mapping,
                data=upload.read(max_import_bytes() + 1) if upload else None,
            )
        except used as exc:
            messages.error(request, str(exc))
            return redirect(again_url)
        except ImportFileError as exc:
            problems = problem_lines(exc.problems)
        else:
            return redirect(checked_url)
    rows = len(batch.kept_rows)
    return render(
        request,
        "cases/import_mapping.html",
        {
            "form": form,
            "service": batch.service,
            "filename": batch.filename,
            "problems": problems,
            "never_stored": hidden,
            "rows_sentence": ngettext(
                "The file has %(n)s row of %(what)s.",
                "The file has %(n)s rows of %(what)s.",
                rows,
            )
            % {"n": rows, "what": what},
        },
        status=400 if problems or form.errors else 200,
    )
