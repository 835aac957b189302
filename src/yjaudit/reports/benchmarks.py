"""Benchmarks: the lowest, average and highest figure of other services, per item.

Two sources, one shape (`BenchmarkSet`):

* this deployment: each other service's latest round on the same framework edition
  (`from_results`, fed by `sources.deployment_benchmarks`);
* a file, e.g. national averages from an inspectorate's annual report
  (`load_benchmark_file`). CSV or YAML, one row per item::

      framework,edition,item,lowest,average,highest,services
      cci-2009,2011,safeguarding,37,67,91,
      cci-2009,2011,risk-of-harm,36,62,85,

  `item` is a standard id, a headline id or `overall`; figures are percentages
  0-100 (blank when not known); `services` (optional) is how many services are
  behind them. YAML holds the same keys: `source:` (a sentence naming where the
  figures come from), `framework:`, `edition:`, and `items:` as a list of mappings
  with `item`, `lowest`, `average`, `highest`, `services`. CSV may carry the source
  on a first line `# source: ...`.

Bad input raises `BenchmarkFileError` listing every problem with its row (the CSV
header is row 1; YAML items count from 1) and field. Pure Python: no Django.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from yjaudit.engine.types import ScoreResult

OVERALL = "overall"
FIELDS = ("framework", "edition", "item", "lowest", "average", "highest", "services")


@dataclass(frozen=True, slots=True)
class BenchmarkFigure:
    lowest: float | None
    average: float | None
    highest: float | None
    services: int | None = None


@dataclass(frozen=True, slots=True)
class BenchmarkSet:
    source: str  # a sentence: where the figures come from
    framework_id: str
    edition: str
    items: Mapping[str, BenchmarkFigure]

    def get(self, item: str) -> BenchmarkFigure | None:
        return self.items.get(item)


@dataclass(frozen=True, slots=True)
class Problem:
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", {self.field}" if self.field else "")
        return f"{where}: {self.message}"


class BenchmarkFileError(ValueError):
    def __init__(self, filename: str, problems: list[Problem]):
        self.filename = filename
        self.problems = problems
        lines = "; ".join(str(p) for p in problems[:10])
        more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
        super().__init__(f"{filename}: {lines}{more}")


def item_figures(result: ScoreResult) -> dict[str, int | None]:
    """The benchmarked percentage of each item of a result: standards, headlines, overall."""
    out: dict[str, int | None] = {}
    for s in result.standards:
        if s.rated_by == "cases":
            out[s.id] = s.figure.percent
    for h in result.headlines:
        out[h.id] = h.figure.percent
    if result.overall.percent is not None:
        out[OVERALL] = result.overall.percent
    return out


def from_results(
    results: Iterable[ScoreResult], *, source: str, framework_id: str, edition: str
) -> BenchmarkSet | None:
    """Lowest / average / highest over results (one per other service); None if none."""
    values: dict[str, list[int]] = {}
    count = 0
    for result in results:
        count += 1
        for item, percent in item_figures(result).items():
            if percent is not None:
                values.setdefault(item, []).append(percent)
    if not count:
        return None
    items = {
        item: BenchmarkFigure(
            float(min(v)), round(sum(v) / len(v), 1), float(max(v)), services=len(v)
        )
        for item, v in values.items()
    }
    return BenchmarkSet(source, framework_id, edition, items)


# -- the file format -------------------------------------------------------------------


def load_benchmark_file(path: str | Path) -> BenchmarkSet:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise BenchmarkFileError(str(p), [Problem(0, "", f"cannot read the file: {exc}")]) from None
    return parse_benchmarks(data, filename=p.name)


def parse_benchmarks(data: bytes, *, filename: str) -> BenchmarkSet:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BenchmarkFileError(filename, [Problem(0, "", "the file is not UTF-8 text")]) from None
    if filename.lower().endswith((".yaml", ".yml")):
        source, rows = _yaml_rows(text, filename)
    else:
        source, rows = _csv_rows(text, filename)
    return _validate(rows, source, filename)


def _csv_rows(text: str, filename: str) -> tuple[str, list[tuple[int, dict[str, Any]]]]:
    lines = text.splitlines()
    source = ""
    offset = 0
    if lines and lines[0].lstrip().lower().startswith("# source:"):
        source = lines[0].split(":", 1)[1].strip()
        offset = 1
    reader = csv.DictReader(io.StringIO("\n".join(lines[offset:])))
    headers = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [f for f in ("item", "lowest", "average", "highest") if f not in headers]
    if missing:
        raise BenchmarkFileError(
            filename, [Problem(1 + offset, f, "missing column") for f in missing]
        )
    unknown = [h for h in headers if h and h not in FIELDS]
    if unknown:
        raise BenchmarkFileError(
            filename, [Problem(1 + offset, h, "unknown column") for h in unknown]
        )
    rows = []
    for number, raw in enumerate(reader, start=2 + offset):
        rows.append((number, {k.strip().lower(): v for k, v in raw.items() if k}))
    return source, rows


def _yaml_rows(text: str, filename: str) -> tuple[str, list[tuple[int, dict[str, Any]]]]:
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        raise BenchmarkFileError(filename, [Problem(line, "", "not valid YAML")]) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("items"), list):
        raise BenchmarkFileError(filename, [Problem(0, "items", "expected a list of items")])
    unknown = sorted(set(doc) - {"source", "framework", "edition", "items"})
    if unknown:
        raise BenchmarkFileError(filename, [Problem(0, k, "unknown key") for k in unknown])
    rows: list[tuple[int, dict[str, Any]]] = []
    problems = []
    for number, raw in enumerate(doc["items"], start=1):
        if not isinstance(raw, dict):
            problems.append(Problem(number, "", "expected a mapping"))
            continue
        for k in raw:
            if k not in FIELDS:
                problems.append(Problem(number, str(k), "unknown key"))
        row = {"framework": doc.get("framework", ""), "edition": doc.get("edition", "")}
        row.update(raw)
        rows.append((number, row))
    if problems:
        raise BenchmarkFileError(filename, problems)
    return str(doc.get("source") or ""), rows


def _percent(value: Any, row: int, name: str, problems: list[Problem]) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip().removesuffix("%")
    try:
        number = float(text)
    except ValueError:
        problems.append(Problem(row, name, f"{value!r} is not a number"))
        return None
    if not 0 <= number <= 100:
        problems.append(Problem(row, name, f"{number:g} is outside 0-100"))
        return None
    return number


def _validate(rows: list[tuple[int, dict[str, Any]]], source: str, filename: str) -> BenchmarkSet:
    problems: list[Problem] = []
    items: dict[str, BenchmarkFigure] = {}
    frameworks: set[str] = set()
    editions: set[str] = set()
    for number, row in rows:
        item = str(row.get("item") or "").strip()
        if not item:
            problems.append(Problem(number, "item", "required"))
            continue
        if item in items:
            problems.append(Problem(number, "item", f"{item!r} is given twice"))
            continue
        low = _percent(row.get("lowest"), number, "lowest", problems)
        avg = _percent(row.get("average"), number, "average", problems)
        high = _percent(row.get("highest"), number, "highest", problems)
        if low is None and avg is None and high is None:
            problems.append(Problem(number, "", "give at least one of lowest, average, highest"))
        known = [v for v in (low, avg, high) if v is not None]
        if known != sorted(known):
            problems.append(Problem(number, "", "expected lowest <= average <= highest"))
        services: int | None = None
        raw_services = row.get("services")
        if raw_services not in (None, ""):
            try:
                services = int(str(raw_services).strip())
                if services < 1:
                    raise ValueError
            except ValueError:
                problems.append(Problem(number, "services", "expected a whole number above 0"))
        if row.get("framework"):
            frameworks.add(str(row["framework"]).strip())
        if row.get("edition"):
            editions.add(str(row["edition"]).strip())
        items[item] = BenchmarkFigure(low, avg, high, services)
    if len(frameworks) > 1:
        problems.append(Problem(0, "framework", "rows name more than one framework"))
    if len(editions) > 1:
        problems.append(Problem(0, "edition", "rows name more than one edition"))
    if not rows:
        problems.append(Problem(0, "", "no benchmark rows"))
    if problems:
        raise BenchmarkFileError(filename, problems)
    return BenchmarkSet(
        source or filename,
        next(iter(frameworks), ""),
        next(iter(editions), ""),
        items,
    )
