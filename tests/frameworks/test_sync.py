"""Loading bundled framework files: created, unchanged, new versions; nothing edited in place."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import IntegrityError, transaction

from yjaudit.audittrail.models import AuditEvent
from yjaudit.frameworks import selectors
from yjaudit.frameworks.models import FrameworkEdition
from yjaudit.frameworks.services import sync_bundled_frameworks
from yjaudit.spec import FrameworkFileError

from .conftest import framework_text

pytestmark = pytest.mark.django_db


def test_first_load_creates_then_unchanged(framework_dir: Path) -> None:
    (framework_dir / "test-fw.yaml").write_text(framework_text(), encoding="utf-8")
    assert sync_bundled_frameworks() == [("test-fw", "2020", "created")]
    edition = FrameworkEdition.objects.get()
    assert (edition.version, edition.is_current, edition.bundled) == (1, True, True)
    assert edition.name == "Test framework"
    assert edition.source_name == "test-fw.yaml"
    assert len(edition.sha256) == 64
    assert edition.spec().standard("2.1").key_questions[0].prompts[0].id == "2.1.1a"

    assert sync_bundled_frameworks() == [("test-fw", "2020", "unchanged")]
    assert FrameworkEdition.objects.count() == 1


def test_changed_file_adds_a_version_and_keeps_the_old(framework_dir: Path) -> None:
    path = framework_dir / "test-fw.yaml"
    path.write_text(framework_text(), encoding="utf-8")
    sync_bundled_frameworks()
    first = FrameworkEdition.objects.get()
    first_source = first.source

    path.write_text(framework_text(name="Test framework, corrected"), encoding="utf-8")
    assert sync_bundled_frameworks() == [("test-fw", "2020", "new-version")]

    first.refresh_from_db()
    assert first.is_current is False
    assert first.source == first_source  # never rewritten
    assert first.spec().name == "Test framework"
    current = selectors.get_current_edition("test-fw")
    assert (current.version, current.name) == (2, "Test framework, corrected")
    assert [e.version for e in selectors.editions_of("test-fw")] == [2, 1]
    assert selectors.version_counts() == {"test-fw": 2}


def test_reverted_file_reinstates_the_earlier_row(framework_dir: Path) -> None:
    path = framework_dir / "test-fw.yaml"
    path.write_text(framework_text(), encoding="utf-8")
    sync_bundled_frameworks()
    path.write_text(framework_text(name="Changed"), encoding="utf-8")
    sync_bundled_frameworks()
    path.write_text(framework_text(), encoding="utf-8")
    assert sync_bundled_frameworks() == [("test-fw", "2020", "new-version")]
    assert FrameworkEdition.objects.count() == 2  # (framework_id, sha256) stays unique
    assert selectors.get_current_edition("test-fw").version == 1


def test_a_broken_file_stops_the_load_and_writes_nothing(framework_dir: Path) -> None:
    (framework_dir / "a-good.yaml").write_text(framework_text("good"), encoding="utf-8")
    (framework_dir / "b-bad.yaml").write_text(
        framework_text("bad").replace("rated_by: cases", "rated_by: vibes"), encoding="utf-8"
    )
    with pytest.raises(FrameworkFileError) as caught:
        sync_bundled_frameworks()
    message = str(caught.value)
    assert "b-bad.yaml:" in message and "rated_by" in message
    assert FrameworkEdition.objects.count() == 0


def test_two_files_with_one_id_are_refused(framework_dir: Path) -> None:
    (framework_dir / "one.yaml").write_text(framework_text("same"), encoding="utf-8")
    (framework_dir / "two.yaml").write_text(framework_text("same", "Other"), encoding="utf-8")
    with pytest.raises(FrameworkFileError, match="also used by"):
        sync_bundled_frameworks()
    assert FrameworkEdition.objects.count() == 0


def test_each_write_is_in_the_audit_trail(framework_dir: Path) -> None:
    path = framework_dir / "test-fw.yaml"
    path.write_text(framework_text(), encoding="utf-8")
    sync_bundled_frameworks()
    path.write_text(framework_text(name="Changed"), encoding="utf-8")
    sync_bundled_frameworks()
    sync_bundled_frameworks()  # unchanged: no event
    actions = list(
        AuditEvent.objects.filter(object_type="frameworks.frameworkedition")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["framework.load", "framework.supersede", "framework.load"]
    superseded = AuditEvent.objects.get(action="framework.supersede")
    assert superseded.before["is_current"] is True
    assert superseded.after["is_current"] is False
    assert "source" not in superseded.after


def test_only_one_current_row_per_framework() -> None:
    common = {"framework_id": "x", "edition": "1", "name": "X", "publisher": "P", "source": ""}
    FrameworkEdition.objects.create(version=1, sha256="a" * 64, **common)
    with pytest.raises(IntegrityError), transaction.atomic():
        FrameworkEdition.objects.create(version=2, sha256="b" * 64, **common)


def test_the_bundled_library_loads() -> None:
    results = sync_bundled_frameworks()
    ids = {fid for fid, _, status in results if status == "created"}
    assert {"hmip-youth-2018", "hmip-youth-2021", "hmip-style-local-audit"} <= ids
    assert all(status == "unchanged" for _, _, status in sync_bundled_frameworks())
