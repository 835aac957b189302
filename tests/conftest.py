"""Project-wide test configuration."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# Property tests check correctness, not speed: Hypothesis's per-example deadline would turn
# a busy machine into a failure (speed is measured by `make bench`). On CI the examples
# are derived from each test's name, so a failure there is reproducible.
settings.register_profile(
    "yjaudit",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=bool(os.environ.get("CI")),
)
settings.load_profile("yjaudit")
