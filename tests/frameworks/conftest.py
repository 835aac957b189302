from __future__ import annotations

from pathlib import Path

import pytest

MINIMAL = """\
id: {id}
name: "{name}"
edition: "2020"
publisher: "Test publisher"
effective_from: 2020-01-01
answer_types:
  - id: yn
    label: "Yes or no"
    values:
      - {{value: "yes", label: "Yes", points: 1}}
      - {{value: "no", label: "No", points: 0}}
      - {{value: "na", label: "Not applicable", points: null}}
default_answer_type: yn
rating_schemes:
  - id: bands
    bands:
      - {{lower: 80, label: "Outstanding", points: 3}}
      - {{lower: 0, label: "Inadequate", points: 0}}
default_rating_scheme: bands
domains:
  - id: "1"
    name: "Organisational delivery"
    standards:
      - {{id: "1.1", name: "Leadership", rated_by: judgement}}
  - id: "2"
    name: "Court disposals"
    standards:
      - id: "2.1"
        name: "Assessment"
        rated_by: cases
        scope: court
        key_questions:
          - id: "2.1.1"
            text: "Does assessment analyse desistance?"
            theme: desistance
            prompts:
              - {{id: "2.1.1a", text: "Were strengths considered?"}}
      - id: "2.9"
        name: "Resettlement"
        rated_by: judgement
        counted: false
overall:
  method: sum-of-standard-points
  rating_scheme: bands
"""


def framework_text(fid: str = "test-fw", name: str = "Test framework") -> str:
    return MINIMAL.format(id=fid, name=name)


@pytest.fixture
def framework_dir(tmp_path: Path, settings: pytest.FixtureRequest) -> Path:
    """An empty bundled-framework directory the services read instead of the library."""
    d = tmp_path / "library"
    d.mkdir()
    settings.YJAUDIT_FRAMEWORK_DIRS = [d]  # type: ignore[attr-defined]
    return d
