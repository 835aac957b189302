"""Writes to practice: event and forum membership imports, the service's threshold and
rule set, its own forums; every one records an audit-trail row."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from yjaudit.audittrail.actors import Actor, user_of
from yjaudit.audittrail.services import record
from yjaudit.cases.importing.keeping import keep_choice, keep_columns, table_for_mapping
from yjaudit.cases.importing.reader import ImportFileError, Problem, Table
from yjaudit.cases.services import read_upload
from yjaudit.errors import DomainError
from yjaudit.jobs.batches import BatchImport, request_batch, run_batch
from yjaudit.jobs.kinds import JobSummary, Progress
from yjaudit.jobs.models import Job
from yjaudit.organisations.models import Service

from . import selectors
from .importing import ParsedRows, never_stored, parse_rows, raise_problems, suggested_mapping
from .models import (
    CaseEvent,
    ForumMembership,
    ImportKind,
    ImportStatus,
    LocalForum,
    PracticeImport,
    PracticeMapping,
    PracticeSettings,
    Threshold,
)

STEP = 1000


class ImportUsed(DomainError):
    """An import confirmed or abandoned already (a double submit, a stale page)."""


class SettingsError(DomainError):
    """A rule set, threshold or forum the service cannot use."""


def _parse(
    service: Service, table: Table, kind: str, mapping: Mapping[str, str] | None
) -> ParsedRows:
    return parse_rows(
        table,
        kind,
        cases=selectors.case_ids_by_reference(service),
        known=selectors.known_values(service, kind),
        mapping=mapping,
    )


def _checked(batch: PracticeImport, parsed: ParsedRows) -> None:
    """The parsed rows wait for confirmation; the kept cells are no longer needed."""
    if batch.kind == ImportKind.EVENTS:
        new, held = selectors.new_events(parsed.rows)
    else:
        new, held = selectors.new_memberships(parsed.rows)
    batch.status = ImportStatus.CHECKED
    batch.rows, batch.created, batch.unchanged = len(parsed.rows), new, held
    batch.columns_used, batch.columns_dropped = parsed.used, parsed.dropped
    batch.preview, batch.pending = parsed.preview, parsed.rows
    batch.kept_columns, batch.kept_rows = [], []


def _check_kind(kind: str) -> None:
    if kind not in ImportKind.values:
        raise ImportFileError([Problem(None, "", f"unknown import kind {kind!r}")])


def start_import(
    *,
    actor: Actor,
    service: Service,
    kind: str,
    filename: str,
    data: bytes,
    mapping: Mapping[str, str] | None = None,
) -> PracticeImport:
    """Check a file in one step (the API, the CLI, the demo) with `mapping` (else the
    service's remembered columns for the kind where the file still has them, else the
    suggested ones) and keep its parsed rows (case ids, kinds and dates only) until the
    import is confirmed or abandoned. Raises ImportFileError; writes nothing then."""
    _check_kind(kind)
    table = read_upload(data, filename)
    chosen = suggested_mapping(
        table.headers, kind, mapping or selectors.remembered_mapping(service, kind)
    )
    parsed = raise_problems(_parse(service, table, kind, chosen))
    batch = PracticeImport(
        service=service,
        kind=kind,
        filename=filename[:255],
        imported_by=user_of(actor),
        file_format=table.file_format,
        sha256=hashlib.sha256(data).hexdigest(),
        headers=list(table.headers),
    )
    _checked(batch, parsed)
    batch.save()
    record(
        actor=actor,
        action="practice.import_check",
        target=batch,
        after={"kind": kind, "filename": batch.filename, "rows": len(parsed.rows)},
    )
    return batch


def upload_import(
    *, actor: Actor, service: Service, kind: str, filename: str, data: bytes
) -> PracticeImport:
    """First step of an import from the pages: read the file, suggest its columns (the
    remembered ones first) and keep only the cells of those columns until they are
    chosen (`map_import`). Raises ImportFileError for an unreadable file; stores nothing
    then."""
    _check_kind(kind)
    table = read_upload(data, filename)
    mapping = suggested_mapping(table.headers, kind, selectors.remembered_mapping(service, kind))
    kept = keep_columns(table, mapping)
    batch = PracticeImport.objects.create(
        service=service,
        kind=kind,
        filename=filename[:255],
        imported_by=user_of(actor),
        status=ImportStatus.UPLOADED,
        rows=len(table.rows),
        file_format=table.file_format,
        sha256=hashlib.sha256(data).hexdigest(),
        headers=kept.headers,
        kept_columns=kept.columns,
        kept_rows=kept.rows,
        columns_used=kept.mapping,
        columns_dropped=never_stored(table.headers, kind),
    )
    record(
        actor=actor,
        action="practice.import_upload",
        target=batch,
        after={"kind": kind, "filename": batch.filename, "rows": len(table.rows)},
    )
    return batch


def map_import(
    *,
    actor: Actor,
    batch: PracticeImport,
    mapping: Mapping[str, str],
    data: bytes | None = None,
) -> PracticeImport:
    """Choose the columns (field -> heading) and check every row. A column whose cells
    were not kept at upload needs the same file again (`data`). On a problem the choice
    is kept for the next try and ImportFileError lists every problem; no event or
    membership is written either way (the batch waits for confirmation)."""
    with transaction.atomic():
        batch = PracticeImport.objects.select_for_update().get(pk=batch.pk)
        if batch.status != ImportStatus.UPLOADED:
            raise ImportUsed(_("This import has already been used. Upload the file again."))
        chosen = {k: v for k, v in mapping.items() if v}
        table = table_for_mapping(batch, chosen, data, read_upload)
        parsed = _parse(batch.service, table, batch.kind, chosen)
        if parsed.problems:
            keep_choice(batch, table, chosen)
        else:
            _checked(batch, parsed)
            batch.save()
        record(
            actor=actor,
            action="practice.import_map",
            target=batch,
            after={"mapping": chosen, "problems": len(parsed.problems)},
        )
    if parsed.problems:
        raise ImportFileError(parsed.problems)
    return batch


def _write_events(batch: PracticeImport, progress: Callable[[int], None] | None) -> int:
    rows = batch.pending or []
    held = set(
        CaseEvent.objects.filter(case_id__in={r[0] for r in rows}).values_list(
            "case_id", "kind", "date"
        )
    )
    creates = []
    for case_id, kind, day in rows:
        date = dt.date.fromisoformat(day)
        if (case_id, kind, date) not in held:
            creates.append(CaseEvent(case_id=case_id, kind=kind, date=date, source=batch))
    for start in range(0, len(creates), STEP):
        CaseEvent.objects.bulk_create(creates[start : start + STEP])
        if progress:
            progress(min(start + STEP, len(creates)))
    return len(creates)


def _write_memberships(batch: PracticeImport, progress: Callable[[int], None] | None = None) -> int:
    written = 0
    for done, (case_id, forum, start, end) in enumerate(batch.pending or [], start=1):
        if progress:
            progress(done)
        start_date = dt.date.fromisoformat(start)
        end_date = dt.date.fromisoformat(end) if end else None
        current = ForumMembership.objects.filter(
            case_id=case_id, forum=forum, start=start_date
        ).first()
        if current is None:
            ForumMembership.objects.create(
                case_id=case_id, forum=forum, start=start_date, end=end_date, source=batch
            )
            written += 1
        elif current.end != end_date:
            current.end, current.source = end_date, batch
            current.save(update_fields=["end", "source"])
            written += 1
    return written


def commit_import(
    *, actor: Actor, batch: PracticeImport, progress: Callable[[int], None] | None = None
) -> PracticeImport:
    """Write a checked import in one transaction; rows already held are left alone."""
    with transaction.atomic():
        batch = PracticeImport.objects.select_for_update().get(pk=batch.pk)
        if batch.status != ImportStatus.CHECKED or batch.pending is None:
            raise ImportUsed(_("This import has already been used. Upload the file again."))
        if batch.kind == ImportKind.EVENTS:
            written = _write_events(batch, progress)
        else:
            written = _write_memberships(batch, progress)
        batch.created, batch.unchanged = written, batch.rows - written
        batch.status, batch.pending = ImportStatus.COMMITTED, None
        batch.save(update_fields=["created", "unchanged", "status", "pending"])
        # The columns are offered again on the service's next import of this kind.
        PracticeMapping.objects.update_or_create(
            service=batch.service,
            kind=batch.kind,
            defaults={"mapping": dict(batch.columns_used), "updated_by": user_of(actor)},
        )
        # What changed and how much, not the rows (they are about children).
        record(
            actor=actor,
            action="practice.import",
            target=batch,
            after={
                "kind": batch.kind,
                "filename": batch.filename,
                "rows": batch.rows,
                "written": written,
                "columns_used": sorted(batch.columns_used),
                "columns_dropped": len(batch.columns_dropped),
            },
        )
    return batch


def abandon_import(*, actor: Actor, batch: PracticeImport) -> None:
    with transaction.atomic():
        batch = PracticeImport.objects.select_for_update().get(pk=batch.pk)
        if batch.status not in (ImportStatus.UPLOADED, ImportStatus.CHECKED):
            raise ImportUsed(_("This import has already been used."))
        batch.status, batch.pending = ImportStatus.ABANDONED, None
        batch.kept_columns, batch.kept_rows = [], []
        batch.save(update_fields=["status", "pending", "kept_columns", "kept_rows"])
        record(actor=actor, action="practice.import_abandon", target=batch)


def import_file(
    *,
    actor: Actor,
    service: Service,
    kind: str,
    filename: str,
    data: bytes,
    progress: Callable[[int], None] | None = None,
    mapping: Mapping[str, str] | None = None,
) -> PracticeImport:
    """Check and commit in one go (the CLI, the API, the demo) with the remembered (or
    suggested) columns: all or nothing."""
    with transaction.atomic():
        batch = start_import(
            actor=actor, service=service, kind=kind, filename=filename, data=data, mapping=mapping
        )
        return commit_import(actor=actor, batch=batch, progress=progress)


def set_settings(
    *, actor: Actor, service: Service, rule_set: str, threshold: str
) -> PracticeSettings:
    """The service's compliance rule set (a bundled one) and forum threshold ("" for the
    bundled policy's, Medium)."""
    if rule_set not in selectors.rule_set_ids():
        raise SettingsError(_("Unknown compliance rules “%s”.") % rule_set[:64])
    if threshold and threshold not in Threshold.values:
        raise SettingsError(_("Unknown risk level “%s”.") % threshold[:20])
    with transaction.atomic():
        current = PracticeSettings.objects.select_for_update().filter(service=service).first()
        before = (
            None
            if current is None
            else {"rule_set": current.rule_set, "threshold": current.threshold}
        )
        found, _created = PracticeSettings.objects.update_or_create(
            service=service, defaults={"rule_set": rule_set, "threshold": threshold}
        )
        record(
            actor=actor,
            action="practice.settings",
            target=found,
            before=before,
            after={"rule_set": rule_set, "threshold": threshold},
        )
    return found


def add_forum(
    *, actor: Actor, service: Service, code: str, name: str, description: str = ""
) -> LocalForum:
    """A risk management forum of the service's own (codes are upper case)."""
    code = code.strip().upper()
    if not code or len(code) > 32 or not code.replace("-", "").replace("_", "").isalnum():
        raise SettingsError(_("Use letters, digits, - and _ for the forum's code."))
    if code in selectors.forum_policy(service).forum_ids:
        raise SettingsError(_("The service already has a forum %s.") % code)
    with transaction.atomic():
        forum = LocalForum.objects.create(
            service=service, code=code, name=name.strip()[:200], description=description[:500]
        )
        record(
            actor=actor,
            action="practice.forum_add",
            target=forum,
            after={"code": code, "name": forum.name},
        )
    return forum


# -- confirming as a background job (issue 15) ------------------------------------------

IMPORT_JOB = BatchImport(
    kind="practice.import",
    action="practice.manage",
    model=PracticeImport,
    next_page="practice:figures",
    commit=commit_import,
    counted=lambda batch: len(batch.pending or []),
    counts=lambda batch: {"created": batch.created, "unchanged": batch.unchanged},
)


def request_commit(*, actor: Actor, batch: PracticeImport) -> Job:
    """Queue the confirmation of a checked import (a job: a large file outlasts a request)."""
    # No file name in the title: a name may say whose file it is, and the title is kept.
    title = _("Import of %(kind)s") % {"kind": batch.get_kind_display().lower()}
    return request_batch(IMPORT_JOB, actor=actor, batch=batch, title=title)


def import_job(job: Job, progress: Progress) -> JobSummary:
    return run_batch(IMPORT_JOB, job, progress)
