"""Between upload and confirmation: keep only the cells of the columns mapped to a field.

Shared by every import with a column-mapping step (the case register, monitoring's
record sets, practice's events and memberships): a name, an address or a note in any
other column never reaches the database, and the table is rebuilt from what was kept,
every other column empty. Choosing a column whose cells were not kept needs the same
file again (`table_for_mapping`, checked by its hash).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from django.utils.translation import gettext as _

from .reader import ImportFileError, Problem, Table


@dataclass(frozen=True)
class Kept:
    mapping: dict[str, str]  # field -> header, unmapped fields left out
    headers: list[str]  # every header of the file (to offer in the mapping form)
    columns: list[str]  # the mapped headers, whose cells are kept
    rows: list[list[Any]]  # [row number, [kept cells]] (JSON-ready)


def keep_columns(table: Table, mapping: Mapping[str, str]) -> Kept:
    """The mapping and the cells of its columns, and nothing else."""
    chosen = {k: v for k, v in mapping.items() if v}
    wanted = set(chosen.values())
    positions = [i for i, h in enumerate(table.headers) if h in wanted]
    return Kept(
        chosen,
        list(table.headers),
        [table.headers[i] for i in positions],
        [[n, [cells[i] for i in positions]] for n, cells in table.rows],
    )


def table_from_kept(
    file_format: str, headers: list[str], columns: list[str], rows: list[list[Any]]
) -> Table:
    """The upload as a table: the kept columns' cells, every other column empty."""
    headers = list(headers)
    positions = [headers.index(h) for h in columns]
    out: list[tuple[int, list[str]]] = []
    for number, kept in rows:
        cells = [""] * len(headers)
        for i, value in zip(positions, kept, strict=True):
            cells[i] = value
        out.append((number, cells))
    return Table(file_format=file_format, headers=headers, rows=out)


class WrongFile(ImportFileError):
    """The chosen columns need the uploaded file again, and it was not given (or another
    file was)."""


class KeptUpload(Protocol):
    """An upload waiting for its columns (the register's, monitoring's, practice's)."""

    filename: str
    file_format: str
    sha256: str
    headers: Any
    kept_columns: Any
    kept_rows: Any


class KeptBatch(KeptUpload, Protocol):
    """Monitoring's and practice's: the choice is kept as `columns_used`."""

    columns_used: Any

    def save(self, *, update_fields: list[str]) -> None: ...


def table_for_mapping(
    batch: KeptUpload,
    chosen: Mapping[str, str],
    data: bytes | None,
    read: Callable[[bytes, str], Table],
) -> Table:
    """The table to check against the chosen columns: from the kept cells, or (for a
    column not kept at upload) from `data`, which must be the same file. Raises
    WrongFile saying which file is needed (ImportFileError if it cannot be read)."""
    missing = sorted(set(chosen.values()) - set(batch.kept_columns))
    if missing and data is None:
        message = _(
            "Only the columns matched when the file was uploaded were kept, "
            "so “%(cols)s” needs the file again: choose it below."
        ) % {"cols": "”, “".join(missing)}
        raise WrongFile([Problem(None, "", message)])
    if missing and data is not None:
        if hashlib.sha256(data).hexdigest() != batch.sha256:
            message = _("This is not the file you uploaded: choose the same file.")
            raise WrongFile([Problem(None, "", message)])
        return read(data, batch.filename)
    return table_from_kept(batch.file_format, batch.headers, batch.kept_columns, batch.kept_rows)


def keep_choice(batch: KeptBatch, table: Table, chosen: Mapping[str, str]) -> None:
    """A choice that left problems: kept for the next try, with the cells it maps only."""
    kept = keep_columns(table, chosen)
    batch.columns_used, batch.kept_columns, batch.kept_rows = kept.mapping, kept.columns, kept.rows
    batch.save(update_fields=["columns_used", "kept_columns", "kept_rows"])
