"""Between upload and confirmation: keep only the cells of the columns mapped to a field.

Shared by every import with a column-mapping step (the case register, monitoring's
record sets): a name, an address or a note in any other column never reaches the
database, and the table is rebuilt from what was kept, every other column empty.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .reader import Table


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
