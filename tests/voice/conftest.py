from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from yjaudit.accounts.testing import make_user
from yjaudit.organisations.models import Service
from yjaudit.voice import services
from yjaudit.voice.models import Collection


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


@pytest.fixture
def service(db: Any) -> Service:
    return Service.objects.create(name="Demoshire YJS", code="DEMO", nation="england")


@pytest.fixture
def other_service(db: Any) -> Service:
    return Service.objects.create(name="Otherton YJS", code="OTHER", nation="wales")


@pytest.fixture
def qa(service: Service) -> Any:
    return make_user("qa@demo.example", service=service, roles=["qa_lead"])


@pytest.fixture
def collection(service: Service, qa: Any) -> Collection:
    return services.open_collection(actor=qa, service=service, questionnaire_id="children")


@pytest.fixture
def token(collection: Collection, qa: Any) -> str:
    (one,) = services.issue_links(actor=qa, collection=collection, count=1)
    return one
