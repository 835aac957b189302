"""Is every user-facing string Welsh too? Finds, per package, three kinds of gap:

- **missing**: a msgid marked for translation (template `{% translate %}` /
  `{% blocktranslate %}`, Python `gettext`/`_`...) with no Welsh text in any catalogue;
- **unmarked template text**: words in a template outside the translation tags
  (including `aria-label`, `title`, `alt`, `placeholder` and button `value` attributes);
- **unmarked Python text**: a literal handed straight to a place people read it (a
  message, a form label or error, a report paragraph or heading, a CLI message).

Extraction is our own (Django's template parser and Python's `ast`), so the check needs
no GNU gettext. `python -m yjaudit.web.catalogue_check [package ...] [--po]` prints the
gaps; `--po` appends the missing msgids to the package's own catalogue
(`<package>/locale/cy/LC_MESSAGES/django.po`) with empty Welsh for a translator to fill,
each marked as machine-assisted until a Welsh speaker has reviewed it.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .pocompile import parse_po, po_files

SRC = Path(__file__).resolve().parents[1]  # src/yjaudit
REVIEW_MARK = "# machine-assisted: to be reviewed by a Welsh speaker"

# Packages with no text for people: pure rule and figure packages speak through the apps
# that show their results; `config` holds settings.
NOT_USER_FACING = {"config", "engine", "stats", "reliability", "sampling", "spec", "locale"}

# Words that stay as they are in Welsh text (names, acronyms, formats).
KEEP_AS_IS = {
    "GOV", "UK", "HMIP", "HM", "YJB", "YJS", "CSV", "PDF", "XLSX", "HTML", "JSON", "API",
    "QR", "OK", "ID", "KPI", "MFA", "TOTP", "OIDC", "SSO", "URL", "yjaudit", "Excel",
    "Microsoft", "Entra", "Notify", "SMTP", "YAML", "ZIP", "RAG", "AssetPlus", "Cymraeg",
    "English", "Saesneg", "Word", "js", "nojs", "svg", "Prometheus", "Redis", "Celery",
}  # fmt: skip

_GETTEXT_NAMES = {
    "_": (0, None),
    "gettext": (0, None),
    "gettext_lazy": (0, None),
    "gettext_noop": (0, None),
    "_lazy": (0, None),
    "ngettext": (0, None),
    "ngettext_lazy": (0, None),
    "pgettext": (1, 0),
    "pgettext_lazy": (1, 0),
    "npgettext": (1, 0),
    "npgettext_lazy": (1, 0),
}  # fmt: skip  name -> (index of msgid, index of context)

# Calls whose literal arguments people read.
_MESSAGE_CALLS = {"success", "error", "info", "warning", "add_message"}  # django messages
_TEXT_CALLS = {
    "ValidationError", "ClickException", "UsageError", "BadParameter", "Paragraph",
    "FindingList", "Section", "Cover", "PermissionDenied", "Http404", "add_error",
}  # fmt: skip
_TEXT_KEYWORDS = {"label", "help_text", "empty_label", "verbose_name", "caption", "title",
                  "note", "empty", "subtitle"}  # fmt: skip
_ATTRS = re.compile(
    r'\b(?:aria-label|title|alt|placeholder)\s*=\s*"([^"{]*)"'
    r'|<input[^>]*\btype="(?:submit|button)"[^>]*\bvalue="([^"{]*)"',
    re.I,
)
# `_("text")` in a variable or tag: a filter argument, `include ... with x=_("text")`.
_TEMPLATE_GETTEXT = re.compile(r"""(?<![\w.])_\(\s*(?:"([^"]*)"|'([^']*)')\s*\)""")
_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]+")


Msg = tuple[str | None, str, int, str | None]  # context, msgid, line, plural


@dataclass(frozen=True)
class Gap:
    package: str
    kind: str  # missing | unmarked-template | unmarked-python
    where: str  # path:line
    text: str
    context: str | None = None
    plural: str | None = None

    def __str__(self) -> str:
        ctx = f" [context {self.context}]" if self.context else ""
        return f"{self.where}: {self.kind}: {self.text!r}{ctx}"


def packages() -> list[str]:
    return sorted(
        p.name
        for p in SRC.iterdir()
        if p.is_dir() and (p / "__init__.py").exists() and p.name not in NOT_USER_FACING
    )


def catalogue_paths() -> list[Path]:
    """Every Welsh catalogue: the shared one and one per package."""
    found = set(po_files())
    for pkg in SRC.iterdir():
        found.update(pkg.glob("locale/cy/LC_MESSAGES/*.po"))
    return sorted(found)


def translated() -> set[tuple[str | None, str]]:
    done: set[tuple[str | None, str]] = set()
    for path in catalogue_paths():
        for entry in parse_po(path.read_text(encoding="utf-8"), str(path)):
            if entry.msgid and not entry.fuzzy and all(entry.msgstr.values()):
                done.add((entry.msgctxt, entry.msgid))
    return done


def _rel(path: Path) -> str:
    return str(path.relative_to(SRC.parent)) if path.is_relative_to(SRC.parent) else path.name


def _is_language_copy(path: Path) -> bool:
    """E-mail templates are written once per language (email/en, email/cy)."""
    return "email" in path.parts and ("en" in path.parts or "cy" in path.parts)


def template_files(package: str) -> list[Path]:
    root = SRC / package / "templates"
    return sorted(p for p in root.rglob("*") if p.suffix in {".html", ".txt"})


def _blank(text: str) -> str:
    """The same length with every character but newlines made a space."""
    return re.sub(r"[^\n]", " ", text)


def unmarked_words(source: str) -> list[tuple[int, str]]:
    """(line, word) for each word of template text outside the translation tags."""
    from django.template.base import DebugLexer, TokenType

    chars = list(source)
    skipping = ""
    for token in DebugLexer(source).tokenize():
        start, end = token.position or (0, 0)
        head = token.contents.split(" ", 1)[0] if token.contents else ""
        if token.token_type == TokenType.BLOCK and head in _SKIP_BLOCKS:
            skipping = _SKIP_BLOCKS[head]
        if skipping or token.token_type != TokenType.TEXT:
            chars[start:end] = _blank(source[start:end])
        if token.token_type == TokenType.BLOCK and head == skipping:
            skipping = ""
    text = "".join(chars)
    text = re.sub(r"<(script|style)\b.*?</\1>", lambda m: _blank(m[0]), text, flags=re.S | re.I)
    text = re.sub(r"<!--.*?-->", lambda m: _blank(m[0]), text, flags=re.S)
    text = re.sub(r"&#?\w+;", lambda m: _blank(m[0]), text)
    found: list[tuple[int, str]] = []

    def strip_tag(match: re.Match[str]) -> str:
        for attr in _ATTRS.finditer(match[0]):
            value = attr[1] or attr[2] or ""
            line = text.count("\n", 0, match.start()) + 1
            found.extend((line, w) for w in _WORD.findall(value) if w not in KEEP_AS_IS)
        return _blank(match[0])

    text = re.sub(r"<[^>]*>", strip_tag, text)
    for word in _WORD.finditer(text):
        if word[0] not in KEEP_AS_IS:
            found.append((text.count("\n", 0, word.start()) + 1, word[0]))
    return sorted(found)


_SKIP_BLOCKS = {"blocktranslate": "endblocktranslate", "blocktrans": "endblocktrans",
                "comment": "endcomment", "verbatim": "endverbatim"}  # fmt: skip


def template_strings(path: Path) -> tuple[list[Msg], list[Gap]]:
    """(msgids with context and line, unmarked text) of one template."""
    from django.template import TemplateSyntaxError, engines
    from django.templatetags.i18n import BlockTranslateNode, TranslateNode

    source = path.read_text(encoding="utf-8")
    engine = engines["django"].engine  # type: ignore[attr-defined]
    try:
        nodelist = engine.from_string(source).nodelist
    except TemplateSyntaxError as exc:  # a broken template is a failure of its own
        raise ValueError(f"{_rel(path)}: {exc}") from exc
    ids: list[Msg] = []
    for node in nodelist.get_nodes_by_type(TranslateNode):
        literal = node.filter_expression.var
        value = getattr(literal, "literal", None)
        if isinstance(value, str) and value:
            ctx = node.message_context.resolve({}) if node.message_context else None
            # Django looks a literal up with "%" doubled, as makemessages writes it.
            ids.append((ctx, value.replace("%", "%%"), _line(source, node), None))
    for node in nodelist.get_nodes_by_type(BlockTranslateNode):
        msgid, _vars = node.render_token_list(node.singular)
        ctx = node.message_context.resolve({}) if node.message_context else None
        if node.trimmed:
            msgid = " ".join(line.strip() for line in msgid.strip().splitlines())
        plural = None
        if node.plural:
            plural, _vars = node.render_token_list(node.plural)
            if node.trimmed:
                plural = " ".join(line.strip() for line in plural.strip().splitlines())
        ids.append((ctx, msgid, _line(source, node), plural))
    for match in _TEMPLATE_GETTEXT.finditer(source):
        text = match[1] if match[1] is not None else match[2]
        ids.append((None, text.replace("%", "%%"), source.count("\n", 0, match.start()) + 1, None))
    gaps: list[Gap] = []
    if not _is_language_copy(path):
        by_line: dict[int, list[str]] = {}
        for line, word in unmarked_words(source):
            by_line.setdefault(line, []).append(word)
        package = path.parts[len(SRC.parts)] if path.is_relative_to(SRC) else path.parent.name
        for line, words in by_line.items():
            where = f"{_rel(path)}:{line}"
            gaps.append(Gap(package, "unmarked-template", where, " ".join(words)[:80]))
    return ids, gaps


def _line(source: str, node: object) -> int:
    token = getattr(node, "token", None)
    position = getattr(token, "position", None)
    if position:
        return source.count("\n", 0, position[0]) + 1
    return getattr(token, "lineno", 0) or 0


def _literal(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _call_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _gettext_aliases(tree: ast.AST) -> dict[str, str]:
    """Local names of the gettext functions (`gettext_lazy as _l`) -> the function."""
    names = {name: name for name in _GETTEXT_NAMES}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            for alias in node.names:
                if alias.name in _GETTEXT_NAMES and alias.asname:
                    names[alias.asname] = alias.name
    return names


def python_strings(path: Path) -> tuple[list[Msg], list[Gap]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = path.parts[len(SRC.parts)]
    ids: list[Msg] = []
    gaps: list[Gap] = []
    aliases = _gettext_aliases(tree)
    for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
        name = aliases.get(_call_name(call), _call_name(call))
        if name in _GETTEXT_NAMES:
            at, ctx_at = _GETTEXT_NAMES[name]
            args = call.args
            msgid = _literal(args[at]) if len(args) > at else None
            ctx = _literal(args[ctx_at]) if ctx_at is not None and len(args) > ctx_at else None
            plural = None
            if name.startswith(("ngettext", "npgettext")):
                plural = _literal(args[at + 1]) if len(args) > at + 1 else None
            if msgid:
                ids.append((ctx, msgid, call.lineno, plural))
            continue
        readable: list[ast.AST] = []
        if name in _MESSAGE_CALLS and isinstance(call.func, ast.Attribute):
            owner = call.func.value
            if isinstance(owner, ast.Name) and owner.id == "messages":
                readable += call.args[1:2]
        if name in _TEXT_CALLS:  # add_error(field, text); Section(id, title, ...)
            at = 1 if name in {"add_error", "Section"} else 0
            readable += call.args[at : at + 1]
        if name in {"echo", "secho", "progressbar"} and isinstance(call.func, ast.Attribute):
            readable += call.args[:1]
        readable += [k.value for k in call.keywords if k.arg in _TEXT_KEYWORDS]
        for k in call.keywords:  # a table's header row
            if k.arg == "headers" and isinstance(k.value, ast.Tuple | ast.List):
                readable += k.value.elts
        errors: list[ast.AST] = []
        if name in _ERROR_CALLS:
            # An error's text, bare or inside its detail: {"field": "text" or ["text"]}.
            for detail in call.args[:1]:
                errors += _nested_texts(detail)
            readable = [r for r in readable if r not in errors]
        for node, kind in [(a, "unmarked-python") for a in readable] + [
            (a, "unmarked-error") for a in errors
        ]:
            text = _literal(node)
            if isinstance(node, ast.JoinedStr):
                text = "".join(_literal(v) or "{}" for v in node.values)
            if text and [w for w in _WORD.findall(text) if w not in KEEP_AS_IS]:
                where = f"{_rel(path)}:{call.lineno}"
                gaps.append(Gap(package, kind, where, text[:80]))
    # A problem's message in a response body: {"message": "text"}, anywhere.
    for node in (n for n in ast.walk(tree) if isinstance(n, ast.Dict)):
        for key, value in zip(node.keys, node.values, strict=True):
            if _literal(key) in _MESSAGE_KEYS and value is not None:
                text = _literal(value)
                if isinstance(value, ast.JoinedStr):
                    text = "".join(_literal(v) or "{}" for v in value.values)
                if text and [w for w in _WORD.findall(text) if w not in KEEP_AS_IS]:
                    where = f"{_rel(path)}:{node.lineno}"
                    gaps.append(Gap(package, "unmarked-error", where, text[:80]))
    return ids, list(dict.fromkeys(gaps))


_ERROR_CALLS = {"ValidationError", "PermissionDenied", "NotFound", "ParseError", "Http404"}
# Keys whose literal values are messages for people, in any module (API bodies included).
_MESSAGE_KEYS = {"message", "detail", "error"}


def _nested_texts(node: ast.AST) -> list[ast.AST]:
    """The literal texts inside a dict or list given as an error's detail (not the
    dict's keys: those name fields)."""
    if isinstance(node, ast.Dict):
        return [t for v in node.values if v is not None for t in _nested_texts(v)]
    if isinstance(node, ast.List | ast.Tuple):
        return [t for e in node.elts for t in _nested_texts(e)]
    if isinstance(node, ast.Constant | ast.JoinedStr):
        return [node]
    return []


def python_files(package: str) -> Iterator[Path]:
    for path in sorted((SRC / package).rglob("*.py")):
        if "migrations" in path.parts or "tests" in path.parts:
            continue
        yield path


def _for_people(path: Path) -> bool:
    """Modules whose literals people read. The API's schema descriptions are for the
    developers who integrate with it, and the demo's seeded notes are data, as if typed."""
    return path.name not in {"demo.py", "api.py", "serializers.py"} and "api" not in path.parts


def gaps_for(package: str, done: set[tuple[str | None, str]] | None = None) -> list[Gap]:
    done = translated() if done is None else done
    found: list[Gap] = []
    seen: set[tuple[str | None, str]] = set()
    sources: list[tuple[Path, tuple[list[Msg], list[Gap]]]] = []
    sources += [(p, template_strings(p)) for p in template_files(package)]
    sources += [(p, python_strings(p)) for p in python_files(package)]
    for path, (ids, unmarked) in sources:
        # Errors are read by people in any module: an API client shows them as given.
        people = path.suffix != ".py" or _for_people(path)
        found += [g for g in unmarked if people or g.kind == "unmarked-error"]
        for ctx, msgid, line, plural in ids:
            if (ctx, msgid) not in done and (ctx, msgid) not in seen:
                seen.add((ctx, msgid))
                where = f"{_rel(path)}:{line}"
                found.append(Gap(package, "missing", where, msgid, ctx, plural))
    return found


def _po_quote(text: str) -> str:
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{body}"'


def append_missing(package: str, gaps: Iterable[Gap]) -> Path:
    """Add the missing msgids to the package's catalogue with empty Welsh to fill in."""
    path = SRC / package / "locale" / "cy" / "LC_MESSAGES" / "django.po"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_HEADER.format(package=package), encoding="utf-8")
    chunks = []
    for gap in gaps:
        if gap.kind != "missing":
            continue
        lines = [REVIEW_MARK, f"#: {gap.where}"]
        if gap.context is not None:
            lines.append(f"msgctxt {_po_quote(gap.context)}")
        lines.append(f"msgid {_po_quote(gap.text)}")
        if gap.plural is None:
            lines.append('msgstr ""')
        else:
            lines.append(f"msgid_plural {_po_quote(gap.plural)}")
            lines += [f'msgstr[{i}] ""' for i in range(4)]
        chunks.append("\n".join(lines))
    if chunks:
        with path.open("a", encoding="utf-8") as out:
            out.write("\n" + "\n\n".join(chunks) + "\n")
    return path


_HEADER = """\
# Welsh (Cymraeg) text of yjaudit's {package} pages, messages and documents.
# Entries marked "machine-assisted" are a first draft: a Welsh speaker should review each
# one and then delete its mark. After editing: .venv/bin/python -m yjaudit.web.pocompile
msgid ""
msgstr ""
"Project-Id-Version: yjaudit\\n"
"Language: cy\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=4; plural=(n==1) ? 0 : (n==2) ? 1 : (n != 8 && n != 11) ? 2 : 3;\\n"
"""


def main(argv: list[str]) -> int:
    import django

    django.setup()
    write = "--po" in argv
    chosen = [a for a in argv if not a.startswith("--")] or packages()
    done = translated()
    total = 0
    for package in chosen:
        gaps = gaps_for(package, done)
        total += len(gaps)
        for gap in gaps:
            print(gap)
        if write:
            print(f"appended to {_rel(append_missing(package, gaps))}")
        kinds = ("missing", "unmarked-template", "unmarked-python", "unmarked-error")
        counts = {k: sum(g.kind == k for g in gaps) for k in kinds}
        print(f"== {package}: " + ", ".join(f"{n} {k}" for k, n in counts.items()))
    return 1 if total else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
