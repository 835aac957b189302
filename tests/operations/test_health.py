"""/healthz and /readyz: public, never cached, read-only, 503 naming only the failed check."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from yjaudit.operations import selectors as health


@pytest.fixture(autouse=True)
def _fresh_migration_check() -> Iterator[None]:
    health.forget_migration_check()
    yield
    health.forget_migration_check()


def test_healthz_answers_without_the_database(client: Client) -> None:
    # No django_db mark: any database access in the request would raise here.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_ok_when_database_and_migrations_are_fine(client: Client) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_503_when_database_unreachable_names_no_detail(client: Client) -> None:
    secret = "could not connect to server at db-primary.internal user=yjaudit"
    execute = "django.db.backends.utils.CursorWrapper.execute"
    with mock.patch(execute, side_effect=Exception(secret)):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "failed": ["database"]}
    assert b"db-primary" not in response.content


@pytest.mark.django_db
def test_readyz_503_when_a_migration_is_not_applied(client: Client) -> None:
    pending = [(mock.Mock(), False)]
    with mock.patch.object(MigrationExecutor, "migration_plan", return_value=pending):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["migrations"]


@pytest.mark.django_db
def test_readyz_503_when_a_shared_cache_is_unreachable(client: Client, settings: Any) -> None:
    from django.core.cache.backends.redis import RedisCache

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://cache.internal:6379/0",
        }
    }
    refused = ConnectionError("Error 111 connecting to cache.internal:6379")
    with mock.patch.object(RedisCache, "get", side_effect=refused):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "failed": ["cache"]}
    assert b"cache.internal" not in response.content


@pytest.mark.django_db
def test_readyz_reads_a_shared_cache_that_works(
    client: Client, settings: Any, tmp_path: Any
) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        }
    }
    with mock.patch("django.core.cache.backends.filebased.FileBasedCache.get") as get:
        get.return_value = None
        assert client.get("/readyz").status_code == 200
    get.assert_called_once()


@pytest.mark.django_db
def test_probes_never_write_and_refuse_post(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    # Reads only: a SELECT 1 and the migration table (no INSERT/UPDATE anywhere).
    with django_assert_max_num_queries(5) as captured:
        assert client.get("/readyz").status_code == 200
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in captured.captured_queries)
    assert client.post("/healthz").status_code == 405
    assert client.post("/readyz").status_code == 405


@pytest.mark.django_db
def test_readyz_rereads_migrations_only_after_the_interval(client: Client, settings: Any) -> None:
    settings.YJAUDIT_READYZ_MIGRATIONS_SECONDS = 3600
    assert client.get("/readyz").status_code == 200
    with mock.patch.object(MigrationExecutor, "migration_plan") as plan:
        assert client.get("/readyz").status_code == 200
    plan.assert_not_called()
