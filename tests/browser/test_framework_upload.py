"""A platform operator uploads a framework file, fixes its error, and sees it in the browser."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIBRARY = Path(__file__).resolve().parents[2] / "src" / "yjaudit" / "frameworks" / "library"


def framework_text(fid: str, name: str = "Our own audit") -> str:
    """A bundled file under our own id and name (uploads may not reuse a bundled id)."""
    text = (LIBRARY / "hmip-style-local-audit.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("id: "):
            lines[i] = f"id: {fid}"
        elif line.startswith("name: "):
            lines[i] = f'name: "{name}"'
    return "\n".join(lines) + "\n"


def test_upload_with_error_then_success(
    page: Any, login: Any, django_user_model: Any, tmp_path: Path, assert_accessible: Any
) -> None:
    operator = django_user_model.objects.create_superuser("operator", "op@example.org", "x" * 16)
    login(page, operator)

    page.goto("/frameworks/")
    page.get_by_role("link", name="Upload a framework file").click()
    assert page.locator("h1").inner_text() == "Upload a framework file"
    assert_accessible(page)

    bad = tmp_path / "ours.yaml"
    bad.write_text(framework_text("ours").replace("rated_by: cases", "rated_by: vibes"))
    page.get_by_label("Framework file").set_input_files(str(bad))
    page.get_by_role("button", name="Check and load").click()
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "ours.yaml:" in summary.inner_text() and "rated_by" in summary.inner_text()
    assert page.title().startswith("Error:")
    assert_accessible(page)

    good = tmp_path / "ours-fixed.yaml"
    good.write_text(framework_text("ours", "Our own framework"))
    page.get_by_label("Framework file").set_input_files(str(good))
    page.get_by_role("button", name="Check and load").click()
    page.wait_for_url("**/frameworks/ours/")
    banner = page.locator(".govuk-notification-banner--success")
    assert "Loaded Our own framework, version 1." in banner.inner_text()
    assert page.get_by_role("heading", name="2.1 Assessment").is_visible()
    assert_accessible(page)
