"""Compile gettext .po catalogues to .mo without GNU gettext (msgfmt may be absent).

Django's `compilemessages` needs msgfmt; fresh machines may lack it. This small,
deterministic compiler is enough for our catalogues (contexts, plurals, fuzzy entries
skipped). Run `python -m yjaudit.web.pocompile` after editing a .po file; a test checks
that every committed .mo matches its .po.
"""

from __future__ import annotations

import ast
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    fuzzy: bool = False


class PoError(ValueError):
    pass


def _unquote(text: str, path: str, lineno: int) -> str:
    text = text.strip()
    if not (len(text) >= 2 and text[0] == '"' and text[-1] == '"'):
        raise PoError(f"{path}:{lineno}: expected a quoted string")
    try:
        value = ast.literal_eval(text)
    except (SyntaxError, ValueError):
        raise PoError(f"{path}:{lineno}: bad string {text}") from None
    if not isinstance(value, str):
        raise PoError(f"{path}:{lineno}: bad string {text}")
    return value


def parse_po(text: str, path: str = "<po>") -> list[Entry]:
    entries: list[Entry] = []
    entry = Entry()
    started = False
    flags_pending = False
    target: tuple[str, int] | None = None  # which field continuation lines extend

    def finish() -> None:
        nonlocal entry, started
        if started:
            entries.append(entry)
        entry = Entry()
        started = False

    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            if line.startswith("#,"):
                if started and target is not None and target[0] == "msgstr":
                    finish()
                flags_pending = "fuzzy" in line
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            if target is None:
                raise PoError(f"{path}:{lineno}: string outside an entry")
            value = _unquote(line, path, lineno)
            name, index = target
            if name == "msgstr":
                entry.msgstr[index] += value
            else:
                setattr(entry, name, (getattr(entry, name) or "") + value)
            continue
        if keyword in {"msgctxt", "msgid"} and started and target and target[0] == "msgstr":
            finish()
        if keyword in {"msgctxt", "msgid"} and not started:
            started = True
            entry.fuzzy = flags_pending
            flags_pending = False
        value = _unquote(rest, path, lineno)
        if keyword in {"msgctxt", "msgid", "msgid_plural"}:
            setattr(entry, keyword, value)
            target = (keyword, 0)
        elif keyword == "msgstr":
            entry.msgstr[0] = value
            target = ("msgstr", 0)
        elif keyword.startswith("msgstr[") and keyword.endswith("]"):
            index = int(keyword[7:-1])
            entry.msgstr[index] = value
            target = ("msgstr", index)
        else:
            raise PoError(f"{path}:{lineno}: unknown keyword {keyword!r}")
    finish()
    return entries


def compile_entries(entries: list[Entry]) -> bytes:
    """The .mo bytes (little-endian, no hash table) for the translated, non-fuzzy entries."""
    pairs: dict[bytes, bytes] = {}
    for e in entries:
        if e.fuzzy and e.msgid:
            continue
        forms = [e.msgstr[i] for i in sorted(e.msgstr)]
        if e.msgid and not any(forms):
            continue  # untranslated: gettext falls back to the English text
        key = e.msgid if e.msgid_plural is None else f"{e.msgid}\0{e.msgid_plural}"
        if e.msgctxt is not None:
            key = f"{e.msgctxt}\x04{key}"
        pairs[key.encode("utf-8")] = "\0".join(forms).encode("utf-8")
    keys = sorted(pairs)
    count = len(keys)
    header_size = 7 * 4
    originals_at = header_size
    translations_at = originals_at + count * 8
    data_at = translations_at + count * 8
    blob = bytearray()
    original_table = []
    translation_table = []
    for raw in keys:
        original_table.append((len(raw), data_at + len(blob)))
        blob += raw + b"\0"
    for raw in keys:
        value = pairs[raw]
        translation_table.append((len(value), data_at + len(blob)))
        blob += value + b"\0"
    out = bytearray(
        struct.pack("<7I", 0x950412DE, 0, count, originals_at, translations_at, 0, data_at)
    )
    for length, offset in original_table:
        out += struct.pack("<2I", length, offset)
    for length, offset in translation_table:
        out += struct.pack("<2I", length, offset)
    out += blob
    return bytes(out)


def compile_po_file(po_path: Path) -> bytes:
    return compile_entries(parse_po(po_path.read_text(encoding="utf-8"), str(po_path)))


def po_files(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """The shared catalogue's files and, beside it, each package's own (`<pkg>/locale`)."""
    found = set(locale_dir.glob("*/LC_MESSAGES/*.po"))
    found.update(locale_dir.parent.glob("*/locale/*/LC_MESSAGES/*.po"))
    return sorted(found)


def main() -> int:
    for po in po_files():
        mo = po.with_suffix(".mo")
        mo.write_bytes(compile_po_file(po))
        print(f"compiled {mo.relative_to(LOCALE_DIR.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
