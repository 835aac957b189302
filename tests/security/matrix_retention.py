"""Role matrix entries for retention, erasure and subject access requests (written out by
hand): administrators only, in their own service."""

from __future__ import annotations

from typing import Any

from .matrix import Expect, World, roles

ADMIN = roles("administrator")


def _service(w: World) -> dict[str, Any]:
    return {"service_code": w.service.code}


def _api_service(w: World) -> dict[str, Any]:
    return {"version": "v1", "service_code": w.service.code}


ENTRIES: dict[str, Expect] = {
    "retention:index": Expect(get=ADMIN, kwargs=_service),
    "retention:erase": Expect(get=ADMIN, post=ADMIN, kwargs=_service),
    "retention:export": Expect(get=ADMIN, post=ADMIN, kwargs=_service),
    "api:retention-due": Expect(get=ADMIN, kwargs=_api_service),
    "api:retention-erase": Expect(post=ADMIN, kwargs=_api_service),
    "api:retention-export": Expect(post=ADMIN, kwargs=_api_service),
}
