"""Writes to monitoring: record imports and comparator figures, all audit-trailed.

An import from the pages goes upload -> columns -> check -> confirm (`upload_import`,
`map_import`, `commit_import`), with the case register's mapping machinery; the CLI and
API check and commit in one go with the remembered (or suggested) columns.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from yjaudit.audittrail.actors import Actor, user_of
from yjaudit.audittrail.services import record
from yjaudit.cases.importing.keeping import keep_choice, keep_columns, table_for_mapping
from yjaudit.cases.importing.reader import ImportFileError, Problem
from yjaudit.cases.services import read_upload
from yjaudit.errors import DomainError
from yjaudit.indicators.schema import RECORD_SETS
from yjaudit.jobs.batches import BatchImport, request_batch, run_batch
from yjaudit.jobs.kinds import JobSummary, Progress
from yjaudit.jobs.models import Job
from yjaudit.organisations.models import Service

from . import selectors
from .importing import ParsedRecords, check_file, never_stored, parse_records, suggested_mapping
from .models import (
    Comparator,
    ImportStatus,
    IndicatorRecord,
    MonitoringImport,
    RecordSetMapping,
)


class ImportUsed(DomainError):
    """An import confirmed or abandoned already (a double submit, a stale page)."""


def _checked(batch: MonitoringImport, parsed: ParsedRecords) -> None:
    """Set a batch's parsed records and counts: checked, waiting for confirmation."""
    records = [(key, values) for _row, key, values in parsed.records]
    found = selectors.changes(batch.service, batch.record_set, records)
    batch.created, batch.updated, batch.unchanged = found.created, found.updated, found.unchanged
    batch.columns_used, batch.columns_dropped = parsed.used, parsed.dropped
    batch.pending = [[key, values] for key, values in records]
    batch.kept_columns, batch.kept_rows = [], []  # parsed now: the cells are not needed
    batch.status = ImportStatus.CHECKED


def start_import(
    *,
    actor: Actor,
    service: Service,
    record_set: str,
    filename: str,
    data: bytes,
    mapping: Mapping[str, str] | None = None,
) -> MonitoringImport:
    """Check a file with `mapping` (else the service's remembered columns for the record
    set, else the suggested ones) and keep its parsed records (the record set's fields
    only) until the import is confirmed or abandoned. Raises ImportFileError; writes
    nothing then."""
    parsed = check_file(
        record_set=record_set,
        filename=filename,
        data=data,
        remembered=mapping or selectors.remembered_mapping(service, record_set),
    )
    batch = MonitoringImport(
        service=service,
        record_set=record_set,
        filename=filename[:255],
        imported_by=user_of(actor),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    _checked(batch, parsed)
    batch.save()
    record(
        actor=actor,
        action="monitoring.import_check",
        target=batch,
        after={"record_set": record_set, "filename": batch.filename, "rows": len(parsed.records)},
    )
    return batch


def upload_import(
    *, actor: Actor, service: Service, record_set: str, filename: str, data: bytes
) -> MonitoringImport:
    """First step of an import from the pages: read the file, suggest its columns (the
    remembered ones first) and keep only the cells of those columns until they are
    chosen (`map_import`). Raises ImportFileError for an unreadable file; stores nothing
    then."""
    if record_set not in RECORD_SETS:
        raise ImportFileError([Problem(None, "", f"unknown record set {record_set!r}")])
    table = read_upload(data, filename)
    mapping = suggested_mapping(
        table.headers, record_set, selectors.remembered_mapping(service, record_set)
    )
    kept = keep_columns(table, mapping)
    batch = MonitoringImport.objects.create(
        service=service,
        record_set=record_set,
        filename=filename[:255],
        imported_by=user_of(actor),
        status=ImportStatus.UPLOADED,
        file_format=table.file_format,
        sha256=hashlib.sha256(data).hexdigest(),
        headers=kept.headers,
        kept_columns=kept.columns,
        kept_rows=kept.rows,
        columns_used=kept.mapping,
        columns_dropped=never_stored(table.headers, record_set),
    )
    record(
        actor=actor,
        action="monitoring.import_upload",
        target=batch,
        after={"record_set": record_set, "filename": batch.filename, "rows": len(table.rows)},
    )
    return batch


def map_import(
    *,
    actor: Actor,
    batch: MonitoringImport,
    mapping: Mapping[str, str],
    data: bytes | None = None,
) -> MonitoringImport:
    """Choose the columns (field -> heading) and check every row. A column whose cells
    were not kept at upload needs the same file again (`data`). On a problem the choice
    is kept for the next try and ImportFileError lists every problem; no record is
    written either way (the batch waits for confirmation)."""
    with transaction.atomic():
        batch = MonitoringImport.objects.select_for_update().get(pk=batch.pk)
        if batch.status != ImportStatus.UPLOADED:
            raise ImportUsed(_("This import has already been used. Upload the file again."))
        chosen = {k: v for k, v in mapping.items() if v}
        table = table_for_mapping(batch, chosen, data, read_upload)
        parsed = parse_records(table, batch.record_set, chosen)
        if parsed.problems:
            keep_choice(batch, table, chosen)
        else:
            _checked(batch, parsed)
            batch.save()
        record(
            actor=actor,
            action="monitoring.import_map",
            target=batch,
            after={"mapping": chosen, "problems": len(parsed.problems)},
        )
    if parsed.problems:
        raise ImportFileError(parsed.problems)
    return batch


def commit_import(
    *, actor: Actor, batch: MonitoringImport, progress: Callable[[int], None] | None = None
) -> MonitoringImport:
    """Write a checked import in one transaction: records created or updated by key."""
    with transaction.atomic():
        batch = MonitoringImport.objects.select_for_update().get(pk=batch.pk)
        if batch.status != ImportStatus.CHECKED or batch.pending is None:
            raise ImportUsed(_("This import has already been used. Upload the file again."))
        existing = {
            r.key: r
            for r in IndicatorRecord.objects.select_for_update().filter(
                service=batch.service, record_set=batch.record_set
            )
        }
        creates: list[IndicatorRecord] = []
        updates: list[IndicatorRecord] = []
        for key, values in batch.pending:
            current = existing.get(key)
            if current is None:
                creates.append(
                    IndicatorRecord(
                        service=batch.service,
                        record_set=batch.record_set,
                        key=key,
                        data=values,
                        source=batch,
                    )
                )
            elif current.data != values:
                current.data, current.source = values, batch
                updates.append(current)
        step = 1000
        for start in range(0, len(creates), step):
            IndicatorRecord.objects.bulk_create(creates[start : start + step])
            if progress:
                progress(min(start + step, len(creates)))
        IndicatorRecord.objects.bulk_update(updates, ["data", "source"], batch_size=step)
        rows = len(batch.pending)
        batch.created, batch.updated = len(creates), len(updates)
        batch.unchanged = rows - len(creates) - len(updates)
        batch.status, batch.pending = ImportStatus.COMMITTED, None
        batch.save(update_fields=["created", "updated", "unchanged", "status", "pending"])
        # The columns are offered again on the service's next import of this record set.
        RecordSetMapping.objects.update_or_create(
            service=batch.service,
            record_set=batch.record_set,
            defaults={"mapping": dict(batch.columns_used), "updated_by": user_of(actor)},
        )
        # The trail says what changed and how much, not the records' values (they are
        # about children).
        record(
            actor=actor,
            action="monitoring.import",
            target=batch,
            after={
                "record_set": batch.record_set,
                "filename": batch.filename,
                "rows": rows,
                "created": batch.created,
                "updated": batch.updated,
                "unchanged": batch.unchanged,
                "columns_used": sorted(batch.columns_used),
                "columns_dropped": len(batch.columns_dropped),
            },
        )
    return batch


def abandon_import(*, actor: Actor, batch: MonitoringImport) -> None:
    with transaction.atomic():
        batch = MonitoringImport.objects.select_for_update().get(pk=batch.pk)
        if batch.status not in (ImportStatus.UPLOADED, ImportStatus.CHECKED):
            raise ImportUsed(_("This import has already been used."))
        batch.status, batch.pending = ImportStatus.ABANDONED, None
        batch.kept_columns, batch.kept_rows = [], []
        batch.save(update_fields=["status", "pending", "kept_columns", "kept_rows"])
        record(actor=actor, action="monitoring.import_abandon", target=batch)


def import_records(
    *,
    actor: Actor,
    service: Service,
    record_set: str,
    filename: str,
    data: bytes,
    progress: Callable[[int], None] | None = None,
) -> MonitoringImport:
    """Check and commit in one go (the CLI and the API): all or nothing."""
    with transaction.atomic():
        batch = start_import(
            actor=actor, service=service, record_set=record_set, filename=filename, data=data
        )
        return commit_import(actor=actor, batch=batch, progress=progress)


def set_comparator(
    *, actor: Actor, indicator_id: str, period: str, name: str, value: float, source: str = ""
) -> Comparator:
    """Add or change a published comparator figure (England and Wales, region, family)."""
    with transaction.atomic():
        current = Comparator.objects.filter(
            indicator_id=indicator_id, period=period, name=name
        ).first()
        before = None if current is None else {"value": current.value, "source": current.source}
        comparator, _ = Comparator.objects.update_or_create(
            indicator_id=indicator_id,
            period=period,
            name=name,
            defaults={"value": value, "source": source[:300]},
        )
        record(
            actor=actor,
            action="monitoring.comparator",
            target=comparator,
            service=None,
            before=before,
            after={"value": value, "source": source[:300]},
        )
    return comparator


COMPARATOR_COLUMNS = ("indicator", "period", "name", "value")


def import_comparators(*, actor: Actor, filename: str, data: bytes) -> int:
    """Comparator figures from a CSV or XLSX file (columns indicator, period, name,
    value and optionally source); all or nothing. Returns the number of figures."""
    from yjaudit.indicators import bundled_indicator_sets

    table = read_upload(data, filename)
    headers = [h.strip().lower() for h in table.headers]
    missing = [c for c in COMPARATOR_COLUMNS if c not in headers]
    if missing:
        raise ImportFileError(
            [Problem(None, "", _("The file has no column %(c)s.") % {"c": ", ".join(missing)})]
        )
    at = {name: headers.index(name) for name in (*COMPARATOR_COLUMNS, "source") if name in headers}
    known = {i.id for s in bundled_indicator_sets() for i in s.indicators}
    rows: list[tuple[str, str, str, float, str]] = []
    problems: list[Problem] = []
    for number, cells in table.rows:

        def cell(name: str, cells: list[str] = cells) -> str:
            index = at.get(name)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        indicator, period, name, raw = (cell(c) for c in COMPARATOR_COLUMNS)
        if indicator not in known:
            problems.append(Problem(number, "indicator", _("Unknown indicator “%s”") % indicator))
        if not period or not name:
            problems.append(Problem(number, "period", _("Give the period and the name")))
        try:
            value = float(raw.replace(",", "").removesuffix("%"))
        except ValueError:
            problems.append(Problem(number, "value", _("“%s” is not a number") % raw))
            continue
        rows.append((indicator, period[:20], name[:100], value, cell("source")))
    if problems:
        raise ImportFileError(problems)
    with transaction.atomic():
        for indicator, period, name, value, source in rows:
            set_comparator(
                actor=actor,
                indicator_id=indicator,
                period=period,
                name=name,
                value=value,
                source=source,
            )
    return len(rows)


# -- confirming as a background job (issue 15) ------------------------------------------

IMPORT_JOB = BatchImport(
    kind="monitoring.import",
    action="monitoring.manage",
    model=MonitoringImport,
    next_page="monitoring:dashboard",
    commit=commit_import,
    counted=lambda batch: batch.created,  # the new records (updates go in one statement)
    counts=lambda batch: {
        "created": batch.created,
        "updated": batch.updated,
        "unchanged": batch.unchanged,
    },
)


def request_commit(*, actor: Actor, batch: MonitoringImport) -> Job:
    """Queue the confirmation of a checked import (a job: a large file outlasts a request)."""
    # No file name in the title: a name may say whose file it is, and the title is kept.
    title = _("Import of %(records)s") % {"records": str(batch.get_record_set_display()).lower()}
    return request_batch(IMPORT_JOB, actor=actor, batch=batch, title=title)


def import_job(job: Job, progress: Progress) -> JobSummary:
    return run_batch(IMPORT_JOB, job, progress)
