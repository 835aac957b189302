"""Judgements files: `standard_id,rating[,reason]`, one row per judgement standard.

A judgement standard (e.g. 1.1 Governance and leadership) is rated by inspectors,
not from case answers. Each rating must be a band of the standard's rating scheme
(any letter case); a row with no rating leaves the standard not rated, with a warning.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from yjaudit.engine.types import Judgement
from yjaudit.spec.model import Framework, RatedBy

from .csvtable import CsvTable, escape_cell, read_csv, read_csv_path

STANDARD = "standard_id"
RATING = "rating"
REASON = "reason"
JUDGEMENT_COLUMNS = (STANDARD, RATING)


@dataclass(frozen=True)
class JudgementFile:
    file: str
    judgements: tuple[Judgement, ...]
    rows: tuple[int, ...]
    warnings: tuple[str, ...] = ()


def read_judgements_path(
    path: str | Path, framework: Framework, *, name: str | None = None
) -> JudgementFile:
    table = read_csv_path(path, required=JUDGEMENT_COLUMNS, name=name)
    return judgements_from_table(table, framework)


def read_judgements(data: bytes, file: str, framework: Framework) -> JudgementFile:
    return judgements_from_table(read_csv(data, file, required=JUDGEMENT_COLUMNS), framework)


def judgements_from_table(table: CsvTable, framework: Framework) -> JudgementFile:
    standards = {s.id: s for s in framework.standards}
    judgement_ids = [s.id for s in framework.standards if s.rated_by is RatedBy.JUDGEMENT]
    judgements: list[Judgement] = []
    rows: list[int] = []
    warnings: list[str] = []
    first_row: dict[str, int] = {}
    for row in table.rows:
        standard_id = row[STANDARD]
        if not standard_id:
            raise table.error("the standard id is empty", row=row.number, column=STANDARD)
        standard = standards.get(standard_id)
        if standard is None:
            known = ", ".join(judgement_ids) or "none"
            raise table.error(
                f"unknown standard {standard_id!r} in framework {framework.id} "
                f"(its judgement standards: {known})",
                row=row.number,
                column=STANDARD,
            )
        if standard.rated_by is not RatedBy.JUDGEMENT:
            raise table.error(
                f"standard {standard_id} is rated from case answers, not by judgement",
                row=row.number,
                column=STANDARD,
            )
        if standard_id in first_row:
            raise table.error(
                f"standard {standard_id} is judged twice (first on row {first_row[standard_id]})",
                row=row.number,
                column=STANDARD,
            )
        first_row[standard_id] = row.number
        raw = row[RATING]
        if not raw:
            warnings.append(
                f"{table.file}: row {row.number}: no rating for {standard_id}; it is not rated"
            )
            continue
        scheme = framework.rating_scheme(standard.rating_scheme)
        band = scheme.band_by_label(raw) if scheme else None
        if band is None:
            labels = ", ".join(b.label for b in scheme.bands) if scheme else "none"
            raise table.error(
                f"{raw!r} is not a rating of standard {standard_id} ({labels})",
                row=row.number,
                column=RATING,
            )
        judgements.append(Judgement(standard_id=standard_id, rating=band.label, reason=row[REASON]))
        rows.append(row.number)
    return JudgementFile(table.file, tuple(judgements), tuple(rows), tuple(warnings))


def write_judgements(stream: TextIO, judgements: Iterable[Judgement]) -> int:
    """Write a judgements file that `read_judgements` reads back; returns the rows written."""
    writer = csv.writer(stream)
    writer.writerow([STANDARD, RATING, REASON])
    count = 0
    for j in judgements:
        writer.writerow([escape_cell(j.standard_id), escape_cell(j.rating), escape_cell(j.reason)])
        count += 1
    return count
