"""Records as typed columns (NumPy arrays), so every indicator is a few vector operations.

A column is one of four kinds, each with a way to say "blank":
- ``date``: ``datetime64[D]``, NaT when blank;
- ``int`` and ``bool``: ``float64`` (bool as 1.0 / 0.0), NaN when blank;
- ``text``: an object array of str, "" when blank.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

ColumnKind = Literal["date", "int", "bool", "text"]


class RecordsError(ValueError):
    """Records that cannot be used: a value of the wrong kind, or an unknown field."""


@dataclass(frozen=True)
class RecordTable:
    kinds: Mapping[str, ColumnKind]
    columns: Mapping[str, npt.NDArray[Any]]
    size: int
    # Each column's distinct labels and every record's index among them, worked out once:
    # grouping and equality tests then compare small integers, not strings.
    _factors: dict[str, tuple[npt.NDArray[Any], npt.NDArray[np.intp]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    @classmethod
    def from_rows(
        cls, rows: Iterable[Mapping[str, Any]], kinds: Mapping[str, ColumnKind]
    ) -> RecordTable:
        """Build columns from dicts (a missing key or None is blank)."""
        data: dict[str, list[Any]] = {name: [] for name in kinds}
        size = 0
        for row in rows:
            size += 1
            for name in kinds:
                data[name].append(row.get(name))
        return cls(kinds, {n: _column(n, kinds[n], v) for n, v in data.items()}, size)

    def column(self, name: str) -> npt.NDArray[Any]:
        try:
            return self.columns[name]
        except KeyError:
            known = ", ".join(sorted(self.columns))
            raise RecordsError(f"no field {name!r} in these records (fields: {known})") from None

    def factors(self, name: str) -> tuple[npt.NDArray[Any], npt.NDArray[np.intp]]:
        """(sorted distinct labels as text, each record's index into them)."""
        cached = self._factors.get(name)
        if cached is None:
            labels = _labels(self.column(name), self.kind(name))
            uniques, inverse = np.unique(labels, return_inverse=True)
            cached = self._factors[name] = (uniques, inverse.astype(np.intp))
        return cached

    def kind(self, name: str) -> ColumnKind:
        self.column(name)
        return self.kinds[name]


def _column(name: str, kind: ColumnKind, values: list[Any]) -> npt.NDArray[Any]:
    if kind == "date":
        out = np.full(len(values), np.datetime64("NaT"), dtype="datetime64[D]")
        for i, v in enumerate(values):
            if v is None or v == "":
                continue
            if not isinstance(v, dt.date):
                raise RecordsError(f"{name}: {v!r} is not a date")
            out[i] = np.datetime64(v.isoformat()[:10], "D")
        return out
    if kind in ("int", "bool"):
        out_f = np.full(len(values), np.nan)
        for i, v in enumerate(values):
            if v is None or v == "":
                continue
            if kind == "bool" and not isinstance(v, bool):
                raise RecordsError(f"{name}: {v!r} is not yes or no")
            if kind == "int" and (isinstance(v, bool) or not isinstance(v, int)):
                raise RecordsError(f"{name}: {v!r} is not a whole number")
            out_f[i] = float(v)
        return out_f
    if kind == "text":
        out_t = np.empty(len(values), dtype=object)
        out_t[:] = ["" if v is None else str(v) for v in values]
        return out_t
    raise RecordsError(f"{name}: unknown column kind {kind!r}")


def _labels(values: npt.NDArray[Any], kind: ColumnKind) -> npt.NDArray[Any]:
    """Column values as text labels: "" for blank, whole numbers without ".0"."""
    if kind == "text":
        return values.astype(str)
    if kind == "date":
        return np.where(np.isnat(values), "", values.astype(str))
    out = np.full(len(values), "", dtype=object)
    known = ~np.isnan(values)
    whole = known & (values == np.round(values))
    out[whole] = values[whole].astype(np.int64).astype(str)
    rest = known & ~whole
    out[rest] = values[rest].astype(str)
    return out.astype(str)
