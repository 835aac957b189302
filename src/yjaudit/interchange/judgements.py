"""Judgements files: `standard_id,rating[,reason][,evidence]`, one row per judgement
standard; and overrides files: `standard_id,rating,reason`, one row per overridden one.

A judgement standard (e.g. 1.1 Governance and leadership) is rated by inspectors,
not from case answers. Each rating must be a band of the standard's rating scheme
(any letter case); a row with no rating leaves the standard not rated, with a warning.

An override sets any rated standard's rating by hand over the computed one; it needs
a rating of the standard's scheme and a reason.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from yjaudit.engine.types import Judgement, Override
from yjaudit.spec.model import Band, Framework, RatedBy, RatingScheme

from .csvtable import CsvTable, escape_cell, read_csv, read_csv_path

STANDARD = "standard_id"
RATING = "rating"
REASON = "reason"
EVIDENCE = "evidence"
JUDGEMENT_COLUMNS = (STANDARD, RATING)
OVERRIDE_COLUMNS = (STANDARD, RATING, REASON)


@dataclass(frozen=True)
class JudgementFile:
    file: str
    judgements: tuple[Judgement, ...]
    rows: tuple[int, ...]
    warnings: tuple[str, ...] = ()
    # Each judgement's evidence, same order ("" when the file has no evidence column).
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class OverrideFile:
    file: str
    overrides: tuple[Override, ...]
    rows: tuple[int, ...]


# A rating typed in other words ("Da", Welsh for "Good"): (typed, the scheme's labels)
# -> the label it names, or "". The Django side passes one; files are English without it.
RatingWords = Callable[[str, Sequence[str]], str]


def _band(scheme: RatingScheme | None, typed: str, words: RatingWords | None) -> Band | None:
    if scheme is None:
        return None
    band = scheme.band_by_label(typed)
    if band is None and words is not None:
        band = scheme.band_by_label(words(typed, [b.label for b in scheme.bands]))
    return band


def read_judgements_path(
    path: str | Path,
    framework: Framework,
    *,
    name: str | None = None,
    words: RatingWords | None = None,
) -> JudgementFile:
    table = read_csv_path(path, required=JUDGEMENT_COLUMNS, name=name)
    return judgements_from_table(table, framework, words)


def read_judgements(
    data: bytes, file: str, framework: Framework, words: RatingWords | None = None
) -> JudgementFile:
    table = read_csv(data, file, required=JUDGEMENT_COLUMNS)
    return judgements_from_table(table, framework, words)


def judgements_from_table(
    table: CsvTable, framework: Framework, words: RatingWords | None = None
) -> JudgementFile:
    standards = {s.id: s for s in framework.standards}
    judgement_ids = [s.id for s in framework.standards if s.rated_by is RatedBy.JUDGEMENT]
    judgements: list[Judgement] = []
    rows: list[int] = []
    evidence: list[str] = []
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
        band = _band(scheme, raw, words)
        if band is None:
            labels = ", ".join(b.label for b in scheme.bands) if scheme else "none"
            raise table.error(
                f"{raw!r} is not a rating of standard {standard_id} ({labels})",
                row=row.number,
                column=RATING,
            )
        judgements.append(Judgement(standard_id=standard_id, rating=band.label, reason=row[REASON]))
        rows.append(row.number)
        evidence.append(row[EVIDENCE])
    return JudgementFile(
        table.file, tuple(judgements), tuple(rows), tuple(warnings), tuple(evidence)
    )


def write_judgements(
    stream: TextIO, judgements: Iterable[Judgement], evidence: Mapping[str, str] | None = None
) -> int:
    """Write a judgements file that `read_judgements` reads back; returns the rows written.

    With `evidence` (standard id -> evidence) an evidence column follows the reason.
    """
    writer = csv.writer(stream)
    writer.writerow([STANDARD, RATING, REASON, *([EVIDENCE] if evidence is not None else [])])
    count = 0
    for j in judgements:
        extra = [escape_cell(evidence.get(j.standard_id, ""))] if evidence is not None else []
        writer.writerow(
            [escape_cell(j.standard_id), escape_cell(j.rating), escape_cell(j.reason), *extra]
        )
        count += 1
    return count


def read_overrides_path(
    path: str | Path,
    framework: Framework,
    *,
    name: str | None = None,
    words: RatingWords | None = None,
) -> OverrideFile:
    table = read_csv_path(path, required=OVERRIDE_COLUMNS, name=name)
    return overrides_from_table(table, framework, words)


def read_overrides(
    data: bytes, file: str, framework: Framework, words: RatingWords | None = None
) -> OverrideFile:
    return overrides_from_table(read_csv(data, file, required=OVERRIDE_COLUMNS), framework, words)


def overrides_from_table(
    table: CsvTable, framework: Framework, words: RatingWords | None = None
) -> OverrideFile:
    standards = {s.id: s for s in framework.standards}
    overrides: list[Override] = []
    rows: list[int] = []
    first_row: dict[str, int] = {}
    for row in table.rows:
        standard_id = row[STANDARD]
        if not standard_id:
            raise table.error("the standard id is empty", row=row.number, column=STANDARD)
        standard = standards.get(standard_id)
        scheme = framework.rating_scheme(standard.rating_scheme) if standard else None
        if standard is None or scheme is None:
            what = "unknown standard" if standard is None else "unrated standard"
            raise table.error(
                f"{what} {standard_id!r} in framework {framework.id}",
                row=row.number,
                column=STANDARD,
            )
        if standard_id in first_row:
            raise table.error(
                f"standard {standard_id} is overridden twice "
                f"(first on row {first_row[standard_id]})",
                row=row.number,
                column=STANDARD,
            )
        first_row[standard_id] = row.number
        band = _band(scheme, row[RATING], words)
        if band is None:
            labels = ", ".join(b.label for b in scheme.bands)
            raise table.error(
                f"{row[RATING]!r} is not a rating of standard {standard_id} ({labels})",
                row=row.number,
                column=RATING,
            )
        if not row[REASON]:
            raise table.error(
                f"the override of {standard_id} needs a reason", row=row.number, column=REASON
            )
        overrides.append(Override(standard_id, band.label, row[REASON]))
        rows.append(row.number)
    return OverrideFile(table.file, tuple(overrides), tuple(rows))


def write_overrides(stream: TextIO, overrides: Iterable[Override]) -> int:
    """Write an overrides file that `read_overrides` reads back; returns the rows written."""
    writer = csv.writer(stream)
    writer.writerow(list(OVERRIDE_COLUMNS))
    count = 0
    for o in overrides:
        writer.writerow([escape_cell(o.standard_id), escape_cell(o.rating), escape_cell(o.reason)])
        count += 1
    return count
