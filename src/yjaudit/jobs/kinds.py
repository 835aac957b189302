"""What a job kind does: a handler named by dotted path in YJAUDIT_JOB_KINDS.

A handler is `handler(job, progress) -> JobFile | JobSummary`: it reads
`job.parameters` (and `job.requested_by`, `job.service`), calls `progress(percent,
message)` as it goes, and returns the file it made, or a summary of what it did (an
import: counts, a link onwards). It must write nothing else that a second run would
duplicate: a retried or re-delivered job runs the handler again from the start.
A handler that refuses its input lists every problem in `JobProblems` (final: the job
fails at once and its page lists them). `remade_by` marks a kind whose file can be made
again once retention removed it; `shown_by` names the template that shows a kind's
summary on the job page (an import's check: its counts, problems and the button on).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from yjaudit.errors import DomainError

from .settings import kinds

if TYPE_CHECKING:
    from .models import Job

Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class JobFile:
    name: str  # the download's file name
    content_type: str
    data: bytes


# Result keys that list rows of a file (problems, the first new and changed cases): they
# may quote case references, so retention removes them with the job's file.
ROW_LISTS: tuple[str, ...] = ("problems", "creates", "updates")


@dataclass(frozen=True)
class JobSummary:
    """What a job that makes no file did: counts by name (created, updated, unchanged,
    rows: the page words them) and where to go next."""

    counts: dict[str, int]
    next_url: str = ""
    # Further JSON-ready facts for the kind's own template (`shown_by`); under the
    # `ROW_LISTS` keys, lists of rows (problems by file, row, field), which retention removes.
    details: dict[str, Any] = field(default_factory=dict)


class JobProblems(DomainError):
    """The handler refused its input: every problem, each with file, row, field, message.
    Final (not retried); nothing was written."""

    def __init__(self, message: str, problems: list[dict[str, Any]]):
        super().__init__(message)
        self.problems = problems


Handler = Callable[["Job", Progress], "JobFile | JobSummary"]
# Make a removed file again: (actor, the old job) -> the new job.
Remake = Callable[[Any, "Job"], "Job"]
REMAKE_ATTRIBUTE = "remake"
TEMPLATE_ATTRIBUTE = "summary_template"


def remade_by(remake: Remake) -> Callable[[Handler], Handler]:
    """Mark a handler whose file can be made again (the job page offers it)."""

    def mark(handler: Handler) -> Handler:
        setattr(handler, REMAKE_ATTRIBUTE, remake)
        return handler

    return mark


def shown_by(template: str) -> Callable[[Handler], Handler]:
    """Mark a handler whose finished summary its own template shows on the job page
    (included there with the page's context: `job`, its `result`)."""

    def mark(handler: Handler) -> Handler:
        setattr(handler, TEMPLATE_ATTRIBUTE, template)
        return handler

    return mark


def handler_for(kind: str) -> Handler:
    path = kinds().get(kind)
    if not path:
        raise ImproperlyConfigured(f"No handler for job kind {kind!r} in YJAUDIT_JOB_KINDS.")
    found: Any = import_string(path)
    if not callable(found):
        raise ImproperlyConfigured(f"YJAUDIT_JOB_KINDS[{kind!r}] = {path!r} is not callable.")
    return found


def remake_for(kind: str) -> Remake | None:
    try:
        handler = handler_for(kind)
    except ImproperlyConfigured:
        return None
    found: Remake | None = getattr(handler, REMAKE_ATTRIBUTE, None)
    return found


def template_for(kind: str) -> str:
    """The template showing this kind's summary, or "" (the page's own counts)."""
    try:
        handler = handler_for(kind)
    except ImproperlyConfigured:
        return ""
    return str(getattr(handler, TEMPLATE_ATTRIBUTE, ""))


class RowProgress:
    """An import's row counter as the job's bar: "N of M rows" between `start` and 99 per
    cent, written at most every `every` seconds (each write is a query). Called with
    rows just done (`absolute=False`) or with the count so far."""

    def __init__(
        self,
        progress: Progress,
        total: int,
        *,
        start: int = 5,
        absolute: bool = False,
        every: float = 0.5,
    ) -> None:
        self.progress, self.total, self.start = progress, max(total, 1), start
        self.absolute, self.every = absolute, every
        self.done, self.last = 0, 0.0

    def __call__(self, n: int) -> None:
        self.done = n if self.absolute else self.done + n
        now = time.monotonic()
        if now - self.last < self.every and self.done < self.total:
            return
        self.last = now
        percent = self.start + (99 - self.start) * min(self.done, self.total) // self.total
        self.progress(
            percent,
            _("%(done)s of %(total)s rows") % {"done": self.done, "total": self.total},
        )


@contextmanager
def in_language(job: Job) -> Iterator[None]:
    """Run the handler in the requester's language (`parameters["language"]`), so the
    words it stores (progress, problems) read as the pages they asked from."""
    with translation.override(str(job.parameters.get("language") or settings.LANGUAGE_CODE)):
        yield
