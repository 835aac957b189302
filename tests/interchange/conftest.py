from __future__ import annotations

from pathlib import Path

import pytest

from yjaudit.spec import load_framework_file
from yjaudit.spec.model import Framework

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def mini() -> Framework:
    return load_framework_file(DATA / "mini.yaml").framework
