"""Load and validate framework files, naming the file, line and field of every error."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .model import Framework

BUNDLED_DIR = Path(__file__).resolve().parents[1] / "frameworks" / "library"


@dataclass(frozen=True)
class SpecProblem:
    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class FrameworkFileError(Exception):
    """A framework file that cannot be used; carries every problem found."""

    def __init__(self, problems: list[SpecProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class LoadedFramework:
    framework: Framework
    source: str  # the YAML text as read
    sha256: str
    path: str


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that remembers where each mapping key and sequence item starts."""


def _node_lines(node: yaml.Node, path: tuple[Any, ...], out: dict[tuple[Any, ...], int]) -> None:
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            out[(*path, key)] = key_node.start_mark.line + 1
            _node_lines(value_node, (*path, key), out)
            # Keep the key's line for the key itself: errors on the key read better.
            out[(*path, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _node_lines(item, (*path, i), out)


def _line_for(loc: tuple[Any, ...], lines: dict[tuple[Any, ...], int]) -> int | None:
    # Pydantic's loc can carry alias names or extra tags; walk up to the nearest known node.
    path = tuple(loc)
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get(())


def _field_name(loc: tuple[Any, ...], data: Any) -> str:
    """A readable field path, naming list items by their id where they have one."""
    parts: list[str] = []
    node = data
    for step in loc:
        if isinstance(step, int) and isinstance(node, list) and 0 <= step < len(node):
            item = node[step]
            ident = item.get("id") if isinstance(item, dict) else None
            parts.append(f"[{ident}]" if ident is not None else f"[{step + 1}]")
            node = item
        elif isinstance(step, str):
            if isinstance(node, dict) and step in node:
                parts.append(f".{step}" if parts else step)
                node = node[step]
            elif step in {"function-after", "function-before", "function-wrap"}:
                continue
            else:
                parts.append(f".{step}" if parts else step)
                node = None
    return "".join(parts)


def parse_framework_text(text: str, filename: str = "<text>") -> Framework:
    """Parse and validate YAML text; raise FrameworkFileError naming line and field."""
    try:
        node = yaml.compose(text, Loader=_LineLoader)
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark else None
        raise FrameworkFileError(
            [SpecProblem(filename, line, "", f"not valid YAML: {exc.problem}")]
        ) from None
    except yaml.YAMLError as exc:
        raise FrameworkFileError([SpecProblem(filename, None, "", f"not valid YAML: {exc}")]) from None
    if not isinstance(data, dict) or node is None:
        raise FrameworkFileError(
            [SpecProblem(filename, 1, "", "a framework file must be a YAML mapping (key: value)")]
        )
    lines: dict[tuple[Any, ...], int] = {}
    _node_lines(node, (), lines)
    try:
        return Framework.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            msg = err["msg"]
            if msg.startswith("Value error, "):
                msg = msg[len("Value error, ") :]
            if err["type"] == "extra_forbidden":
                msg = "unknown field (check the spelling against docs/frameworks.md)"
            elif err["type"] == "missing":
                msg = "required field is missing"
            problems.append(SpecProblem(filename, _line_for(loc, lines), _field_name(loc, data), msg))
        raise FrameworkFileError(problems) from None


def load_framework_file(path: str | Path) -> LoadedFramework:
    p = Path(path)
    name = str(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise FrameworkFileError([SpecProblem(name, None, "", f"cannot read: {exc.strerror}")]) from None
    if not raw.strip():
        raise FrameworkFileError([SpecProblem(name, None, "", "the file is empty")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise FrameworkFileError([SpecProblem(name, None, "", "not UTF-8 text")]) from None
    framework = parse_framework_text(text, name)
    return LoadedFramework(
        framework=framework, source=text, sha256=hashlib.sha256(raw).hexdigest(), path=name
    )


def bundled_framework_paths(dirs: Iterable[Path] | None = None) -> list[Path]:
    paths: list[Path] = []
    for d in dirs or [BUNDLED_DIR]:
        paths.extend(sorted(Path(d).glob("*.yaml")))
    return paths


def iter_bundled(dirs: Iterable[Path] | None = None) -> Iterator[LoadedFramework]:
    for path in bundled_framework_paths(dirs):
        yield load_framework_file(path)


def find_framework(id_or_path: str, dirs: Iterable[Path] | None = None) -> LoadedFramework:
    """A bundled framework by id, or a framework file by path."""
    candidate = Path(id_or_path)
    if candidate.suffix in {".yaml", ".yml"} or candidate.exists():
        return load_framework_file(candidate)
    for path in bundled_framework_paths(dirs):
        if path.stem == id_or_path:
            loaded = load_framework_file(path)
            if loaded.framework.id == id_or_path:
                return loaded
    for loaded in iter_bundled(dirs):
        if loaded.framework.id == id_or_path:
            return loaded
    known = ", ".join(p.stem for p in bundled_framework_paths(dirs))
    raise FrameworkFileError(
        [SpecProblem(id_or_path, None, "", f"unknown framework (bundled: {known})")]
    )
