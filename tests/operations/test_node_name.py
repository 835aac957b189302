"""Many nodes: each names itself on its responses and its log lines (docs/deploy.md)."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.test import Client

from yjaudit.operations.logs import JsonFormatter


def _line(message: str) -> dict[str, Any]:
    record = logging.LogRecord("yjaudit.request", logging.INFO, __file__, 1, message, (), None)
    return dict(json.loads(JsonFormatter().format(record)))


@pytest.mark.django_db
def test_a_named_node_says_so_on_every_response_and_log_line(client: Client, settings: Any) -> None:
    settings.YJAUDIT_NODE_NAME = "app2"
    response = client.get("/healthz")
    assert response["X-Yjaudit-Node"] == "app2"
    assert client.get("/no-such-page/")["X-Yjaudit-Node"] == "app2"  # errors too
    assert _line("request")["node"] == "app2"


@pytest.mark.django_db
def test_one_node_names_nothing(client: Client, settings: Any) -> None:
    settings.YJAUDIT_NODE_NAME = ""
    assert "X-Yjaudit-Node" not in client.get("/healthz")
    assert "node" not in _line("request")
