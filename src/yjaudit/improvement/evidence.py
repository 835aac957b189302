"""Evidence file checks: the type must agree by extension AND by content; size limited.

The allowed types and the limit are in rules.yaml. A file whose bytes say something
other than its name (a script renamed .pdf, a zip renamed .docx) is refused.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.utils.translation import gettext as _

from .rules import plan_rules


@dataclass(frozen=True)
class FileKind:
    code: str
    extensions: tuple[str, ...]
    content_type: str
    label: str


KINDS: dict[str, FileKind] = {
    k.code: k
    for k in (
        FileKind("pdf", (".pdf",), "application/pdf", "PDF"),
        FileKind(
            "docx",
            (".docx",),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "Word (.docx)",
        ),
        FileKind(
            "xlsx",
            (".xlsx",),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "Excel (.xlsx)",
        ),
        FileKind("png", (".png",), "image/png", "PNG image"),
        FileKind("jpeg", (".jpg", ".jpeg"), "image/jpeg", "JPEG image"),
        FileKind("txt", (".txt",), "text/plain", "text (.txt)"),
        FileKind("csv", (".csv",), "text/csv", "CSV"),
    )
}


class EvidenceError(ValueError):
    pass


def _zip_has(data: bytes, member_prefix: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = z.namelist()
    except (zipfile.BadZipFile, ValueError):
        return False
    return "[Content_Types].xml" in names and any(n.startswith(member_prefix) for n in names)


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _content_matches(code: str, data: bytes) -> bool:
    if code == "pdf":
        return data.startswith(b"%PDF-")
    if code == "png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    if code == "jpeg":
        return data.startswith(b"\xff\xd8\xff")
    if code == "docx":
        return data.startswith(b"PK\x03\x04") and _zip_has(data, "word/")
    if code == "xlsx":
        return data.startswith(b"PK\x03\x04") and _zip_has(data, "xl/")
    if code in {"txt", "csv"}:
        return _is_text(data)
    return False


def allowed_kinds() -> list[FileKind]:
    return [KINDS[c] for c in plan_rules().evidence.types]


def check_evidence(name: str, data: bytes) -> FileKind:
    """The file's kind, or EvidenceError with a message for the person who uploaded it."""
    rules = plan_rules().evidence
    if not data:
        raise EvidenceError(_("The file %(name)s is empty.") % {"name": name})
    if len(data) > rules.max_bytes:
        raise EvidenceError(
            _("The file %(name)s is larger than %(mb)s MB.")
            % {"name": name, "mb": f"{rules.max_bytes / 1024 / 1024:g}"}
        )
    suffix = PurePath(name).suffix.lower()
    kind = next((k for k in allowed_kinds() if suffix in k.extensions), None)
    labels = ", ".join(k.label for k in allowed_kinds())
    if kind is None:
        raise EvidenceError(
            _("The file %(name)s must be one of: %(types)s.") % {"name": name, "types": labels}
        )
    if not _content_matches(kind.code, data):
        raise EvidenceError(
            _("The file %(name)s is not a real %(type)s file.") % {"name": name, "type": kind.label}
        )
    return kind
