"""Load and validate framework files, naming the file, line and field of every error.

YAML is read with the YAML 1.2 core schema: only true/false are booleans (so
`value: yes` is the text "yes", not True), integers are decimal, 0o octal or 0x hex
(010 is ten, not eight), and dates stay text until the model reads them. A key given
twice in one mapping is an error with both lines (PyYAML would silently keep the last).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .model import Framework, SpecError

BUNDLED_DIR = Path(__file__).resolve().parents[1] / "frameworks" / "library"

Loc = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class SpecProblem:
    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        if self.field:
            return f"{where}: {self.field}: {self.message}"
        return f"{where}: {self.message}"


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


# -- YAML 1.2 core schema on PyYAML's safe loader --------------------------------------


# Limits on what a file may make the loader do, checked before any value is built, so a
# hostile file is refused in milliseconds (a 613-byte merge-key bomb once took 18 s and
# 620 MB; 20,000 nested brackets or a 100,000-digit number crashed the loader). Real
# framework files nest about 8 levels, hold about 1,100 values (the bundled ones: 300 to
# 1,107) and small numbers. inferred: true (no external source; each is far beyond any real
# framework file, and keeps the worst file to about a second of work).
MAX_DEPTH = 64
# Anchors and aliases are allowed (e.g. one applies_when shared by several questions),
# but a file may not expand past this many values (merge keys included), nor refer to itself.
MAX_VALUES = 20_000
MAX_INT_DIGITS = 30


class _TooBig(Exception):
    def __init__(self, line: int, message: str):
        self.line = line
        self.message = message


if yaml.__with_libyaml__:  # pragma: no branch - PyYAML's wheels ship libyaml
    # libyaml reads the text to events (in C, linear: PyYAML's own scanner does work
    # proportional to size x bracket depth, 30 s for 200 KB of nested brackets); the
    # composition below stays in Python so its depth and size checks apply.
    from yaml._yaml import CParser as _EventSource
else:  # pragma: no cover

    class _EventSource(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)


class _Yaml12Loader(
    yaml.composer.Composer, _EventSource, yaml.constructor.SafeConstructor, yaml.resolver.Resolver
):
    """Safe loading with plain scalars resolved by the YAML 1.2 core schema, not YAML 1.1."""

    def __init__(self, stream: str) -> None:
        _EventSource.__init__(self, stream)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)
        self._depth = 0
        self._composed = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        # PyYAML composes nested collections recursively: bound the depth ourselves, with
        # a line, before Python's own recursion limit turns it into a crash; and bound the
        # values written out in the file (aliases are measured in `_check_expansion`).
        self._depth += 1
        self._composed += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _TooBig(self._line(), f"values nested more than {MAX_DEPTH} levels deep")
            if self._composed > MAX_VALUES:
                raise _TooBig(self._line(), f"the file holds more than {MAX_VALUES} values")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def _line(self) -> int:
        event = self.peek_event()
        mark = getattr(event, "start_mark", None)
        return int(mark.line) + 1 if mark is not None else 0

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        text = str(self.construct_scalar(node))
        sign = -1 if text.startswith("-") else 1
        digits = text.lstrip("+-")
        if len(digits) > MAX_INT_DIGITS:
            raise _TooBig(
                node.start_mark.line + 1,
                f"a number with more than {MAX_INT_DIGITS} digits (write it in quotes if it "
                "is an identifier)",
            )
        if digits.startswith("0o"):
            return sign * int(digits[2:], 8)
        if digits.startswith("0x"):
            return sign * int(digits[2:], 16)
        return sign * int(digits, 10)


_YAML11_TAGS = {
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:value",
}
_Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _YAML11_TAGS]
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
}
_Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)
_Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
_Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+.0123456789"),
)
_Yaml12Loader.add_constructor(  # type: ignore[type-var]
    "tag:yaml.org,2002:int", _Yaml12Loader.construct_yaml_int
)


def _compose(text: str) -> tuple[yaml.Node | None, Any]:
    loader = _Yaml12Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_expansion(node)
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return node, data


def _check_expansion(root: yaml.Node) -> None:
    """Refuse a node graph that would expand past MAX_VALUES values or MAX_DEPTH levels,
    or that contains itself.

    Aliases make the graph a DAG whose expanded tree can be exponentially larger (and,
    alias within alias, deeper) than the file; merge keys (`<<: [*a, *a]`) copy the merged
    mappings in too. Each node is measured once (memoised), so this is linear in the file
    whatever it expands to, and recursion never goes deeper than MAX_DEPTH.
    """
    measured: dict[int, tuple[int, int]] = {}  # id -> (values, levels)
    open_nodes: set[int] = set()

    def too_deep(node: yaml.Node) -> _TooBig:
        return _TooBig(node.start_mark.line + 1, f"values nested more than {MAX_DEPTH} levels deep")

    def measure(node: yaml.Node, depth: int) -> tuple[int, int]:
        key = id(node)
        if key in open_nodes:
            raise _TooBig(node.start_mark.line + 1, "an alias refers to a value that contains it")
        if depth > MAX_DEPTH:
            raise too_deep(node)
        if key in measured:
            if depth + measured[key][1] - 1 > MAX_DEPTH:
                raise too_deep(node)
            return measured[key]
        open_nodes.add(key)
        children: list[yaml.Node] = []
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                children += [key_node, value_node]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        values, levels = 1, 1
        for child in children:
            child_values, child_levels = measure(child, depth + 1)
            values += child_values
            levels = max(levels, child_levels + 1)
            if values > MAX_VALUES:
                raise _TooBig(  # at the value that tipped it over
                    child.start_mark.line + 1,
                    f"the file expands to more than {MAX_VALUES} values (check anchors, "
                    "aliases and merge keys)",
                )
        open_nodes.discard(key)
        measured[key] = (values, levels)
        return values, levels

    measure(root, 1)


# -- where each value sits in the file --------------------------------------------------


def _walk(
    node: yaml.Node,
    path: Loc,
    lines: dict[Loc, int],
    duplicates: list[tuple[Loc, int, int]],
    ancestors: frozenset[int] = frozenset(),
) -> None:
    """Record the line of every mapping key and sequence item; note repeated keys."""
    if id(node) in ancestors:
        raise _TooBig(node.start_mark.line + 1, "an alias refers to a value that contains it")
    lines.setdefault(path, node.start_mark.line + 1)
    if len(lines) > MAX_VALUES:
        raise _TooBig(
            node.start_mark.line + 1,
            f"the file expands to more than {MAX_VALUES} values (check anchors and aliases)",
        )
    inner = ancestors | {id(node)}
    if isinstance(node, yaml.MappingNode):
        first_seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1
            if isinstance(key_node, yaml.ScalarNode) and key != "<<":
                if key in first_seen:
                    duplicates.append(((*path, key), line, first_seen[key]))
                    continue
                first_seen[key] = line
            # An error about a mapping key reads best on the key's own line.
            lines[(*path, key)] = line
            _walk(value_node, (*path, key), lines, duplicates, inner)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*path, i), lines, duplicates, inner)


def _line_for(loc: Loc, lines: dict[Loc, int]) -> int | None:
    # Pydantic's loc can carry union or validator tags; walk up to the nearest known node.
    path = tuple(loc)
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get(())


def _field_name(loc: Loc, data: Any) -> str:
    """A readable field path, naming list items by their id where they have one."""
    parts: list[str] = []
    node = data
    for step in loc:
        if isinstance(step, int):
            if isinstance(node, list) and 0 <= step < len(node):
                item = node[step]
                ident = item.get("id") if isinstance(item, dict) else None
                parts.append(f"[{ident}]" if ident is not None else f"[{step + 1}]")
                node = item
            else:
                parts.append(f"[{step + 1}]")
                node = None
        elif isinstance(node, dict) and step in node:
            parts.append(f".{step}" if parts else step)
            node = node[step]
        elif step.startswith(("function-", "lax-", "json-", "is-instance[")) or "[" in step:
            continue  # pydantic's internal branch names, not fields
        else:
            parts.append(f".{step}" if parts else step)
            node = None
    return "".join(parts)


def _innermost(errors: list[tuple[Loc, str, ErrorDetails | None]]) -> list[Any]:
    """Drop pydantic's errors whose location is a prefix of another's: a failing list
    item also makes pydantic report its parents (e.g. "Tuple should have at least 1
    item"). Rules from SpecError (err is None) are always real, so always kept."""
    locs = [loc for loc, _, _ in errors]
    kept = []
    for loc, msg, err in errors:
        deeper = any(len(other) > len(loc) and other[: len(loc)] == loc for other in locs)
        if err is None or not deeper:
            kept.append((loc, msg, err))
    return kept


def _message(err: ErrorDetails) -> str:
    kind = err["type"]
    given = err.get("input")
    if kind == "extra_forbidden":
        return "unknown field (check the spelling against docs/frameworks.md)"
    if kind == "missing":
        return "required field is missing"
    if kind == "enum":
        expected = (err.get("ctx") or {}).get("expected", "")
        return f"{given!r} is not an allowed value; use {expected}"
    if kind in {"string_type", "int_type", "bool_type"} and given is None:
        return "has no value; give one"
    if kind == "string_type" and isinstance(given, bool | int | float):
        shown = str(given).lower() if isinstance(given, bool) else str(given)
        return (
            f"must be text; YAML read {shown} as a number or true/false: "
            f'write it in quotes, "{shown}"'
        )
    if kind in {"tuple_type", "list_type"}:
        return "must be a list: [a, b] or one '- item' line each"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return "must be a mapping: 'key: value' lines"
    if kind == "too_short":
        least = (err.get("ctx") or {}).get("min_length", 1)
        return f"must list at least {least} item{'s' if least != 1 else ''}"
    if kind == "string_pattern_mismatch":
        pattern = str((err.get("ctx") or {}).get("pattern", ""))
        if pattern.startswith("^[a-z0-9]"):
            return f"{given!r} is not a valid code: lower-case letters, digits, '.', '_' or '-'"
        return (
            f"{given!r} is not a valid id: letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    if kind == "string_type":
        return "must be text"
    msg = err["msg"]
    return msg.removeprefix("Value error, ")


def _problems(
    exc: ValidationError, filename: str, data: Any, lines: dict[Loc, int]
) -> list[SpecProblem]:
    found: list[tuple[Loc, str, ErrorDetails | None]] = []
    for err in exc.errors(include_url=False):
        loc: Loc = tuple(err["loc"])
        cause = (err.get("ctx") or {}).get("error")
        if isinstance(cause, SpecError):
            # A rule checked across the model: it says where below this point it broke.
            for at, msg in cause.problems:
                found.append(((*loc, *at), msg, None))
        else:
            found.append((loc, _message(err), err))
    problems = []
    seen: set[tuple[Loc, str]] = set()
    for loc, msg, _err in _innermost(found):
        if (loc, msg) in seen:
            continue
        seen.add((loc, msg))
        problems.append(SpecProblem(filename, _line_for(loc, lines), _field_name(loc, data), msg))
    problems.sort(key=lambda p: (p.line or 0, p.field))
    return problems


# -- public entry points ----------------------------------------------------------------


def parse_framework_text(
    text: str, filename: str = "<text>", *, reword: Callable[[dict[str, Any]], None] | None = None
) -> Framework:
    """Parse and validate YAML text; raise FrameworkFileError naming line and field.

    `reword` changes the words of the parsed data in place before validation (a
    translation: see spec.translation); rules and ids are validated as ever."""
    return parse_yaml_model(text, filename, Framework, what="a framework file", reword=reword)


def yaml_lines(text: str) -> dict[Loc, int]:
    """The line of every key and item of a YAML text already parsed once without error."""
    node, _data = _compose(text)
    lines: dict[Loc, int] = {}
    if node is not None:
        _walk(node, (), lines, [])
    return lines


def parse_yaml_model(
    text: str,
    filename: str,
    model: type[M],
    *,
    what: str,
    reword: Callable[[dict[str, Any]], None] | None = None,
) -> M:
    """Any rule file: YAML 1.2, no duplicate keys, bounded expansion, then the model's
    validation, every problem named by file, line and field (FrameworkFileError)."""
    try:
        node, data = _compose(text)
    except _TooBig as exc:
        raise FrameworkFileError([SpecProblem(filename, exc.line, "", exc.message)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "cannot be read"
        raise FrameworkFileError(
            [SpecProblem(filename, line, "", f"not valid YAML: {problem}")]
        ) from None
    except yaml.YAMLError as exc:
        raise FrameworkFileError(
            [SpecProblem(filename, None, "", f"not valid YAML: {exc}")]
        ) from None
    if node is None:
        raise FrameworkFileError([SpecProblem(filename, None, "", "the file is empty")])
    if not isinstance(data, dict):
        raise FrameworkFileError(
            [
                SpecProblem(
                    filename,
                    node.start_mark.line + 1,
                    "",
                    f"{what} must be a YAML mapping (key: value lines)",
                )
            ]
        )
    lines: dict[Loc, int] = {}
    duplicates: list[tuple[Loc, int, int]] = []
    try:
        _walk(node, (), lines, duplicates)
    except _TooBig as exc:
        raise FrameworkFileError([SpecProblem(filename, exc.line, "", exc.message)]) from None
    if duplicates:
        raise FrameworkFileError(
            [
                SpecProblem(
                    filename,
                    line,
                    _field_name(loc, data),
                    f"duplicate key: already given on line {first} (each key once per mapping)",
                )
                for loc, line, first in duplicates
            ]
        )
    if reword is not None:
        reword(data)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise FrameworkFileError(_problems(exc, filename, data, lines)) from None


def read_text(path: str | Path) -> str:
    """A rule file's text (UTF-8, a BOM allowed); FrameworkFileError when unreadable."""
    return _decode(_read(path), str(path))


def _read(path: str | Path) -> bytes:
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise FrameworkFileError([SpecProblem(name, None, "", f"cannot read: {reason}")]) from None
    if not raw.strip():
        raise FrameworkFileError([SpecProblem(name, None, "", "the file is empty")])
    return raw


def _decode(raw: bytes, name: str) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FrameworkFileError(
            [SpecProblem(name, line, "", "not UTF-8 text (is it a spreadsheet or a binary file?)")]
        ) from None
    return text


def load_framework_file(path: str | Path) -> LoadedFramework:
    name = str(path)
    raw = _read(path)
    text = _decode(raw, name)
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
