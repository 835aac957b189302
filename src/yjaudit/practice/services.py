"""Writes to practice: event and forum membership imports, the service's threshold and
rule set, its own forums; every one records an audit-trail row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext as _

from yjaudit.audittrail.actors import Actor, user_of
from yjaudit.audittrail.services import record
from yjaudit.cases.importing.reader import ImportFileError, Problem
from yjaudit.cases.services import read_upload
from yjaudit.errors import DomainError
from yjaudit.organisations.models import Service

from . import selectors
from .importing import parse_rows, raise_problems
from .models import (
    CaseEvent,
    ForumMembership,
    ImportKind,
    ImportStatus,
    LocalForum,
    PracticeImport,
    PracticeSettings,
    Threshold,
)

STEP = 1000


class ImportUsed(DomainError):
    """An import confirmed or abandoned already (a double submit, a stale page)."""


class SettingsError(DomainError):
    """A rule set, threshold or forum the service cannot use."""


def start_import(
    *, actor: Actor, service: Service, kind: str, filename: str, data: bytes
) -> PracticeImport:
    """Check a file and keep its parsed rows (case ids, kinds and dates only) until the
    import is confirmed or abandoned. Raises ImportFileError; writes nothing then."""
    if kind not in ImportKind.values:
        raise ImportFileError([Problem(None, "", f"unknown import kind {kind!r}")])
    parsed = raise_problems(
        parse_rows(
            read_upload(data, filename),
            kind,
            cases=selectors.case_ids_by_reference(service),
            known=selectors.known_values(service, kind),
        )
    )
    if kind == ImportKind.EVENTS:
        new, held = selectors.new_events(parsed.rows)
    else:
        new, held = selectors.new_memberships(parsed.rows)
    batch = PracticeImport.objects.create(
        service=service,
        kind=kind,
        filename=filename[:255],
        imported_by=user_of(actor),
        rows=len(parsed.rows),
        created=new,
        unchanged=held,
        columns_used=parsed.used,
        columns_dropped=parsed.dropped,
        preview=parsed.preview,
        pending=parsed.rows,
    )
    record(
        actor=actor,
        action="practice.import_check",
        target=batch,
        after={"kind": kind, "filename": batch.filename, "rows": len(parsed.rows)},
    )
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


def _write_memberships(batch: PracticeImport) -> int:
    written = 0
    for case_id, forum, start, end in batch.pending or []:
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
            written = _write_memberships(batch)
        batch.created, batch.unchanged = written, batch.rows - written
        batch.status, batch.pending = ImportStatus.COMMITTED, None
        batch.save(update_fields=["created", "unchanged", "status", "pending"])
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
        if batch.status != ImportStatus.CHECKED:
            raise ImportUsed(_("This import has already been used."))
        batch.status, batch.pending = ImportStatus.ABANDONED, None
        batch.save(update_fields=["status", "pending"])
        record(actor=actor, action="practice.import_abandon", target=batch)


def import_file(
    *,
    actor: Actor,
    service: Service,
    kind: str,
    filename: str,
    data: bytes,
    progress: Callable[[int], None] | None = None,
) -> PracticeImport:
    """Check and commit in one go (the CLI, the API, the demo): all or nothing."""
    with transaction.atomic():
        batch = start_import(actor=actor, service=service, kind=kind, filename=filename, data=data)
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
