"""Role matrix entries for the framework browser (reference data, not per service).

Frameworks are published inspection criteria: readable by anyone (see frameworks/access.py);
uploading is for platform operators only (no service role may do it).
"""

from __future__ import annotations

from typing import Any

from .matrix import NOBODY, PUBLIC, Expect, World


def _edition(w: World) -> Any:
    if "edition" not in w.extra:
        from yjaudit.frameworks.models import FrameworkEdition
        from yjaudit.frameworks.services import sync_bundled_frameworks

        sync_bundled_frameworks()
        w.extra["edition"] = FrameworkEdition.objects.order_by("framework_id", "version").first()
    return w.extra["edition"]


def _framework(w: World) -> dict[str, Any]:
    return {"framework_id": _edition(w).framework_id}


def _version(w: World) -> dict[str, Any]:
    edition = _edition(w)
    return {"framework_id": edition.framework_id, "version": edition.version}


ENTRIES: dict[str, Expect] = {
    "frameworks:list": Expect(get=PUBLIC),
    "frameworks:upload": Expect(get=NOBODY, post=NOBODY),
    "frameworks:detail": Expect(get=PUBLIC, kwargs=_framework, scoped=False),
    "frameworks:version": Expect(get=PUBLIC, kwargs=_version, scoped=False),
    "frameworks:source": Expect(get=PUBLIC, kwargs=_version, scoped=False),
}
