"""What a job kind does: a handler named by dotted path in YJAUDIT_JOB_KINDS.

A handler is `handler(job, progress) -> JobFile`: it reads `job.parameters` (and
`job.requested_by`, `job.service`), calls `progress(percent, message)` as it goes, and
returns the file. It must write nothing else that a second run would duplicate: a
retried or re-delivered job runs the handler again from the start.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from .settings import kinds

if TYPE_CHECKING:
    from .models import Job

Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class JobFile:
    name: str  # the download's file name
    content_type: str
    data: bytes


Handler = Callable[["Job", Progress], JobFile]


def handler_for(kind: str) -> Handler:
    path = kinds().get(kind)
    if not path:
        raise ImproperlyConfigured(f"No handler for job kind {kind!r} in YJAUDIT_JOB_KINDS.")
    found: Any = import_string(path)
    if not callable(found):
        raise ImproperlyConfigured(f"YJAUDIT_JOB_KINDS[{kind!r}] = {path!r} is not callable.")
    return found
