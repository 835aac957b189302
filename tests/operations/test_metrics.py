"""/metrics: Prometheus text, deny by default, token or allowed address; worker sums."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.checks import run_checks
from django.test import Client

from yjaudit.operations.metrics import REGISTRY

TOKEN = "metrics-token-for-tests-0123456789"


def _count(route: str, status: str, method: str = "GET") -> float:
    labels = {"method": method, "route": route, "status": status}
    return REGISTRY.get_sample_value("yjaudit_http_requests_total", labels) or 0.0


@pytest.mark.django_db
def test_denied_by_default(client: Client, settings: Any) -> None:
    settings.YJAUDIT_METRICS_TOKEN = ""
    settings.YJAUDIT_METRICS_ALLOWED_IPS = []
    response = client.get("/metrics")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert b"yjaudit_http" not in response.content
    # An empty token never matches an empty bearer.
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 403


@pytest.mark.django_db
def test_bearer_token(client: Client, settings: Any) -> None:
    settings.YJAUDIT_METRICS_TOKEN = TOKEN
    settings.YJAUDIT_METRICS_ALLOWED_IPS = []
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Basic {TOKEN}").status_code == 403
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_allowed_addresses(client: Client, settings: Any) -> None:
    settings.YJAUDIT_METRICS_TOKEN = ""
    settings.YJAUDIT_METRICS_ALLOWED_IPS = ["10.0.5.0/24", "::1"]
    assert client.get("/metrics", REMOTE_ADDR="10.0.5.17").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="::1").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="10.0.6.17").status_code == 401
    # A forwarded header is not believed.
    spoofed = client.get("/metrics", REMOTE_ADDR="192.0.2.9", HTTP_X_FORWARDED_FOR="10.0.5.17")
    assert spoofed.status_code == 401


@pytest.mark.django_db
def test_requests_counted_by_route_name_with_bounded_labels(client: Client, settings: Any) -> None:
    settings.YJAUDIT_METRICS_TOKEN = TOKEN
    before_ok = _count("operations:healthz", "200")
    before_404 = _count("<unmatched>", "404")
    client.get("/healthz")
    client.get("/healthz?x=1")
    client.get("/no/such/YJ-CASE-0001/")
    assert _count("operations:healthz", "200") == before_ok + 2
    assert _count("<unmatched>", "404") == before_404 + 1
    queries_before = REGISTRY.get_sample_value(
        "yjaudit_http_request_db_queries_sum", {"route": "operations:readyz"}
    )
    client.get("/readyz")
    queries_after = REGISTRY.get_sample_value(
        "yjaudit_http_request_db_queries_sum", {"route": "operations:readyz"}
    )
    assert queries_after is not None and queries_after >= (queries_before or 0) + 1
    text = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").content.decode()
    assert (
        'yjaudit_http_requests_total{method="GET",route="operations:healthz",status="200"}' in text
    )
    assert "yjaudit_http_request_duration_seconds_bucket" in text
    assert "YJ-CASE-0001" not in text


def test_a_bad_address_setting_fails_the_system_checks(settings: Any) -> None:
    settings.YJAUDIT_METRICS_ALLOWED_IPS = ["10.0.0.0/8", "10.0.0.300"]
    errors = [e for e in run_checks() if e.id == "operations.E001"]
    assert len(errors) == 1 and "10.0.0.300" in errors[0].msg


_WORKER = """
import django
django.setup()
from yjaudit.operations import metrics
metrics.observe("GET", "cases:list", 200, 0.2, 3)
if "--expose" in __import__("sys").argv:
    print(metrics.exposition()[0].decode())
"""


@pytest.mark.slow
def test_multi_process_mode_sums_every_worker(tmp_path: Path) -> None:
    env = dict(os.environ, PROMETHEUS_MULTIPROC_DIR=str(tmp_path))
    env["DJANGO_SETTINGS_MODULE"] = "yjaudit.config.settings.test"
    for _ in range(2):
        subprocess.run([sys.executable, "-c", _WORKER], env=env, check=True, timeout=60)
    out = subprocess.run(
        [sys.executable, "-c", _WORKER, "--expose"],
        env=env,
        check=True,
        timeout=60,
        capture_output=True,
        text=True,
    ).stdout
    line = 'yjaudit_http_requests_total{method="GET",route="cases:list",status="200"} 3.0'
    assert line in out
