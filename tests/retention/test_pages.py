"""Administrators reach retention from their service's page; others see no link."""

from __future__ import annotations

import pytest
from django.test import Client

from yjaudit.accounts.testing import make_user, verified_login
from yjaudit.organisations.models import Service

pytestmark = pytest.mark.django_db


def test_the_service_page_links_retention_for_administrators_only(client: Client) -> None:
    service = Service.objects.create(name="Linkshire YJS", code="LINK", nation="england")
    admin = make_user("admin@link.example", service=service, roles=["administrator"])
    qa = make_user("qa@link.example", service=service, roles=["qa_lead"])
    url = f"/organisations/{service.code}/"
    page = verified_login(client, admin).get(url)
    assert page.status_code == 200 and "/retention/LINK/" in page.content.decode()
    client.logout()
    page = verified_login(client, qa).get(url)
    assert page.status_code == 200 and "/retention/LINK/" not in page.content.decode()
