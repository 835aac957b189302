"""The framework browser's pages, through Django's test client."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from yjaudit.frameworks.services import sync_bundled_frameworks

from .conftest import framework_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_versions(framework_dir: Path) -> None:
    path = framework_dir / "test-fw.yaml"
    path.write_text(framework_text(name="Old name"), encoding="utf-8")
    sync_bundled_frameworks()
    path.write_text(framework_text(), encoding="utf-8")
    sync_bundled_frameworks()


def test_list_shows_current_editions_with_version_counts(
    client: Client, two_versions: None
) -> None:
    response = client.get("/frameworks/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/frameworks/test-fw/"' in html
    assert "Test framework" in html and "Old name" not in html
    assert "Test publisher" in html and "1 Jan 2020" in html
    assert response.context["editions"][0][1] == 2


def test_framework_page_shows_structure(client: Client, two_versions: None) -> None:
    html = client.get("/frameworks/test-fw/").content.decode()
    for text in [
        'Domain 2: <span lang="en">Court disposals</span>',
        '2.1 <span lang="en">Assessment</span>',
        '<span lang="en">Does assessment analyse desistance?</span>',
        'href="#domain-2"',
        "Supporting the child&#x27;s desistance",
        "Were strengths considered?",
        "From case answers",
        "By inspectors&#x27; judgement",
        "Not counted",
        "Court disposals",
        "Sum of the standards&#x27; points, banded",
        "Outstanding",
        "2 of 3",  # 1.1 and 2.1 counted, 2.9 not
    ]:
        assert text in html, text


def test_old_versions_stay_readable(client: Client, two_versions: None) -> None:
    html = client.get("/frameworks/test-fw/versions/1/").content.decode()
    assert "Old name" in html and "which has been replaced" in html
    source = client.get("/frameworks/test-fw/versions/1/source.yaml")
    assert source["Content-Type"].startswith("text/yaml")
    assert 'name: "Old name"' in source.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/frameworks/nope/",
        "/frameworks/test-fw/versions/9/",
        "/frameworks/x/versions/1/source.yaml",
    ],
)
def test_unknown_frameworks_are_404(client: Client, two_versions: None, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_every_bundled_framework_page_renders(client: Client) -> None:
    loaded = sync_bundled_frameworks()
    assert len(loaded) >= 3
    for fid, _edition, _status in loaded:
        response = client.get(f"/frameworks/{fid}/")
        assert response.status_code == 200, fid
        view = response.context["view"]
        assert view is not None and view["standard_count"] > 0, fid
        html = response.content.decode()
        first_kq = next(k for d in view["domains"] for s in d.standards for k in s.key_questions)
        assert first_kq.id in html, fid


def test_list_puts_editions_in_use_first_newest_first(client: Client) -> None:
    import datetime as dt

    from yjaudit.frameworks.selectors import editions_for_choosing

    sync_bundled_frameworks()  # the real library
    ids = [e.framework_id for e in editions_for_choosing(dt.date(2026, 12, 2))]
    # In use today, newest first: the 2025 programme leads; retired editions come last,
    # the most recently retired (2021, to December 2024) first, Core Case Inspection last.
    assert ids[0].startswith("hmip-youth-2025")
    retired = ids[ids.index("hmip-youth-2021") :]
    assert retired[:2] == ["hmip-youth-2021", "hmip-youth-2018"]
    assert set(retired) == {"hmip-youth-2021", "hmip-youth-2018", "cci-2012", "cci-2009"}
    assert retired[-1] == "cci-2009"
    html = client.get("/frameworks/").content.decode()
    assert html.index("hmip-youth-2025") < html.index("hmip-youth-2021") < html.index("cci-2009")


def test_conditions_read_as_the_registers_words_in_either_language() -> None:
    from django.utils import translation

    from yjaudit.frameworks.presenters import describe_conditions
    from yjaudit.spec.model import AppliesWhen

    when = AppliesWhen.model_validate(
        {"all": [{"attribute": "safety_wellbeing", "at_least": "medium",
                  "order": ["low", "medium", "high", "very-high"]},
                 {"attribute": "setting", "equals": "custody"},
                 {"attribute": "disposal_category", "in": ["court", "out-of-court"]},
                 {"attribute": "rosh", "not_in": ["very-high"]},
                 {"attribute": "intervention_level", "equals": "enhanced"}]}
    )  # fmt: skip
    assert describe_conditions(when) == (
        "Safety and wellbeing is Medium or higher; Setting is Custody; Disposal category is"
        " one of: Court disposal, Out-of-court disposal; Risk of serious harm is none of:"
        " Very high; intervention level is enhanced"
    )
    with translation.override("cy"):
        welsh = describe_conditions(when)
    assert "neu uwch" in welsh and "Dalfa" in welsh and "safety_wellbeing" not in welsh
