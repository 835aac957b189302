"""Demo seeding: the bundled published HMIP youth ratings (idempotent: skipped once any
published inspection is held). Called by `manage.py seed_demo` after the frameworks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import services
from .models import PublishedInspection

STARTER = Path(__file__).parent / "data" / "hmip-published-ratings.csv"


def seed(context: Any) -> None:
    if PublishedInspection.objects.exists():
        return
    batch = services.import_published(actor=None, filename=STARTER.name, data=STARTER.read_bytes())
    context.log(f"Imported {batch.created} published inspection ratings.")
