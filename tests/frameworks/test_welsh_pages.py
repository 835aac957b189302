"""The framework browser in Welsh: Welsh headings around the framework's own (English)
text, which is marked lang="en"."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from yjaudit.frameworks.services import sync_bundled_frameworks

from .conftest import framework_text

pytestmark = pytest.mark.django_db


def test_framework_pages_speak_welsh(client: Client, framework_dir: Path) -> None:
    (framework_dir / "test-fw.yaml").write_text(framework_text(), encoding="utf-8")
    sync_bundled_frameworks()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    pages = {
        "/frameworks/": (
            ["Fframweithiau arolygu", "Fframweithiau sydd ar gael"],
            ["Inspection frameworks", "Available frameworks", "Upload a framework file"],
        ),
        "/frameworks/test-fw/": (
            ["Sut mae'n cael ei raddio", "Parthau a safonau", "SHA-256", "Argraffiad"],
            ["How it is rated", "Domains and standards", "Where the rules come from"],
        ),
    }
    for url, (welsh, english) in pages.items():
        page = client.get(url)
        assert page.status_code == 200, url
        html = page.content.decode().replace("&#x27;", "'")
        for words in welsh:
            assert words in html, (url, words)
        for words in english:
            assert words not in html, (url, words)
