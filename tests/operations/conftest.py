from __future__ import annotations

import importlib
import io
import json
import logging
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.utils.log import configure_logging

from yjaudit.operations.logs import JsonFormatter


@pytest.fixture
def production_log(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[], list[dict[str, Any]]]]:
    """The production LOGGING, its console handler writing to a buffer; returns the lines."""
    monkeypatch.setenv("DJANGO_SECRET_KEY", "p" * 60)
    name = "yjaudit.config.settings.production"
    module = importlib.reload(sys.modules[name]) if name in sys.modules else None
    module = module or importlib.import_module(name)
    configure_logging(settings.LOGGING_CONFIG, module.LOGGING)
    buffer = io.StringIO()
    handlers = [h for h in logging.getLogger().handlers if isinstance(h.formatter, JsonFormatter)]
    assert len(handlers) == 1, "production logs go through one JSON handler"
    assert isinstance(handlers[0], logging.StreamHandler)
    handlers[0].setStream(buffer)

    def raw() -> str:
        out = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return out

    def lines() -> list[dict[str, Any]]:
        return [json.loads(line) for line in raw().splitlines() if line.strip()]

    lines.raw = raw  # type: ignore[attr-defined]
    try:
        yield lines
    finally:
        configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
