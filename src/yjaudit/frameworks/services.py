"""Writes for framework editions: loading bundled files and uploading user-written ones.

Rows are never edited in place (an audit stays tied to the file it used); a changed file
adds the next version and makes it current. Every write records an audit-trail event.
"""

from __future__ import annotations

import hashlib
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max

from yjaudit.audittrail.actors import Actor, user_of
from yjaudit.audittrail.services import record, snapshot
from yjaudit.spec import FrameworkFileError, LoadedFramework, SpecProblem, parse_framework_text
from yjaudit.spec.loader import bundled_framework_paths, load_framework_file

from .access import can_manage_frameworks
from .models import FrameworkEdition

SyncStatus = Literal["created", "unchanged", "new-version"]
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
# The YAML text is kept on the row; the trail holds its hash, not a second copy.
_TRAIL_FIELDS = [
    "framework_id",
    "version",
    "edition",
    "name",
    "publisher",
    "effective_from",
    "effective_to",
    "sha256",
    "source_name",
    "bundled",
    "is_current",
]


def _trail(edition: FrameworkEdition) -> dict[str, Any]:
    return snapshot(edition, fields=_TRAIL_FIELDS)


def _store(
    loaded: LoadedFramework, *, bundled: bool, actor: Actor, source_name: str
) -> tuple[FrameworkEdition, SyncStatus]:
    """Make `loaded` the current edition of its framework id (inside a transaction)."""
    fw = loaded.framework
    rows = FrameworkEdition.objects.select_for_update().filter(framework_id=fw.id)
    current = rows.filter(is_current=True).first()
    if current is not None and current.sha256 == loaded.sha256:
        return current, "unchanged"
    had_rows = rows.exists()
    same_content = rows.filter(sha256=loaded.sha256).first()
    if current is not None:
        before = _trail(current)
        current.is_current = False
        current.save(update_fields=["is_current"])
        record(
            actor=actor,
            action="framework.supersede",
            target=current,
            before=before,
            after=_trail(current),
        )
    if same_content is not None:
        # The file went back to content loaded before: that row becomes current again.
        before = _trail(same_content)
        same_content.is_current = True
        same_content.save(update_fields=["is_current"])
        record(
            actor=actor,
            action="framework.reinstate",
            target=same_content,
            before=before,
            after=_trail(same_content),
        )
        return same_content, "new-version"
    last = rows.aggregate(last=Max("version"))["last"] or 0
    edition = FrameworkEdition.objects.create(
        framework_id=fw.id,
        version=last + 1,
        edition=fw.edition,
        name=fw.name,
        publisher=fw.publisher,
        effective_from=fw.effective_from,
        effective_to=fw.effective_to,
        source=loaded.source,
        sha256=loaded.sha256,
        source_name=source_name[:300],
        bundled=bundled,
        is_current=True,
        loaded_by=user_of(actor),
    )
    record(actor=actor, action="framework.load", target=edition, before=None, after=_trail(edition))
    return edition, ("new-version" if had_rows else "created")


def _bundled_files() -> list[LoadedFramework]:
    """Every bundled file, parsed; any broken file or repeated id stops the whole load."""
    loaded = [
        load_framework_file(p) for p in bundled_framework_paths(settings.YJAUDIT_FRAMEWORK_DIRS)
    ]
    seen: dict[str, str] = {}
    problems = []
    for item in loaded:
        fid = item.framework.id
        if fid in seen:
            problems.append(
                SpecProblem(
                    item.path, None, "id", f"framework id {fid!r} is also used by {seen[fid]}"
                )
            )
        seen[fid] = item.path
    if problems:
        raise FrameworkFileError(problems)
    return loaded


def sync_bundled_frameworks(*, actor: Actor = None) -> list[tuple[str, str, str]]:
    """Load every file in settings.YJAUDIT_FRAMEWORK_DIRS.

    Returns (framework_id, edition, status) per file, status one of "created",
    "unchanged", "new-version". Raises FrameworkFileError (writing nothing) if any file
    is invalid.
    """
    loaded = _bundled_files()
    results: list[tuple[str, str, str]] = []
    with transaction.atomic():
        for item in loaded:
            name = item.path.replace("\\", "/").rsplit("/", 1)[-1]
            _, status = _store(item, bundled=True, actor=actor, source_name=name)
            results.append((item.framework.id, item.framework.edition, status))
    return results


def _bundled_ids() -> set[str]:
    ids = set(FrameworkEdition.objects.filter(bundled=True).values_list("framework_id", flat=True))
    for path in bundled_framework_paths(settings.YJAUDIT_FRAMEWORK_DIRS):
        try:
            ids.add(load_framework_file(path).framework.id)
        except FrameworkFileError:
            continue
    return ids


def upload_framework(*, actor: Actor, filename: str, content: bytes) -> FrameworkEdition:
    """Validate a user-written framework file and load it as a new (current) version.

    Raises FrameworkFileError naming line and field for anything wrong (nothing written),
    PermissionDenied for users who may not manage frameworks.
    """
    if not can_manage_frameworks(actor):
        raise PermissionDenied
    name = (filename or "upload.yaml").replace("\\", "/").rsplit("/", 1)[-1][:200]

    def problem(message: str, field: str = "") -> FrameworkFileError:
        return FrameworkFileError([SpecProblem(name, None, field, message)])

    if not name.lower().endswith((".yaml", ".yml")):
        raise problem("choose a YAML file (.yaml or .yml)")
    if len(content) > MAX_UPLOAD_BYTES:
        raise problem(f"the file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
    if not content.strip():
        raise problem("the file is empty")
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise problem("not UTF-8 text") from None
    framework = parse_framework_text(text, name)
    if framework.id in _bundled_ids():
        raise problem(
            f"{framework.id!r} is the id of a framework bundled with yjaudit; "
            "give your file its own id (for example with your organisation's name)",
            "id",
        )
    sha = hashlib.sha256(content).hexdigest()
    if FrameworkEdition.objects.filter(framework_id=framework.id, sha256=sha).exists():
        raise problem("this exact file is already loaded")
    loaded = LoadedFramework(framework=framework, source=text, sha256=sha, path=name)
    with transaction.atomic():
        edition, _ = _store(loaded, bundled=False, actor=actor, source_name=name)
    return edition
