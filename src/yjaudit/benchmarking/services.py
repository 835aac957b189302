"""Writes: import published inspection ratings, all or nothing, audit-trailed.

Published ratings are national data shared by every service: the trail rows carry no
service. A re-imported inspection (same service, date and framework) is updated, and its
trail row keeps what it said before, so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction

from yjaudit.audittrail.actors import Actor, user_of
from yjaudit.audittrail.services import record
from yjaudit.cases.services import read_upload

from . import selectors
from .fileformat import ParsedInspection, parse_rows
from .models import BenchmarkImport, PublishedInspection


def _values(row: ParsedInspection) -> dict[str, Any]:
    return {
        "edition": row.edition,
        "ratings": dict(row.ratings),
        "overall_score": row.overall_score,
        "source": row.source,
        "notes": row.notes,
    }


def _json(values: dict[str, Any]) -> dict[str, Any]:
    score = values.get("overall_score")
    text = None if score is None else format(score.normalize(), "f")
    return {**values, "overall_score": text}


def import_published(
    *,
    actor: Actor,
    filename: str,
    data: bytes,
    progress: Callable[[int], None] | None = None,
) -> BenchmarkImport:
    """Check a CSV or XLSX file of published ratings and store every row, or nothing.

    Raises ImportFileError (from `yjaudit.cases.importing.reader`) listing every problem
    with its row and column; nothing is written then."""
    table = read_upload(data, filename)
    rows = parse_rows(table, selectors.loaded_frameworks())
    with transaction.atomic():
        batch = BenchmarkImport.objects.create(filename=filename[:255], imported_by=user_of(actor))
        created = updated = 0
        for done, row in enumerate(rows, start=1):
            values = _values(row)
            current = (
                PublishedInspection.objects.select_for_update()
                .filter(
                    service_name__iexact=row.service_name,
                    inspected=row.inspected,
                    framework_id=row.framework_id,
                )
                .first()
            )
            if current is None:
                inspection = PublishedInspection.objects.create(
                    service_name=row.service_name,
                    inspected=row.inspected,
                    framework_id=row.framework_id,
                    imported_by=batch,
                    **values,
                )
                created += 1
                record(actor=actor, action="benchmark.inspection_add", target=inspection,
                       service=None, after=_json(values))  # fmt: skip
            else:
                before = {k: getattr(current, k) for k in values}
                if _json(before) == _json(values):
                    continue
                for k, v in values.items():
                    setattr(current, k, v)
                current.imported_by = batch
                current.save()
                updated += 1
                record(actor=actor, action="benchmark.inspection_update", target=current,
                       service=None, before=_json(before), after=_json(values))  # fmt: skip
            if progress:
                progress(done)
        batch.created, batch.updated = created, updated
        batch.unchanged = len(rows) - created - updated
        batch.save(update_fields=["created", "updated", "unchanged"])
        record(
            actor=actor,
            action="benchmark.import",
            target=batch,
            service=None,
            after={
                "filename": batch.filename,
                "rows": len(rows),
                "created": created,
                "updated": updated,
                "unchanged": batch.unchanged,
            },
        )
    return batch
