"""Project-wide test configuration."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator

import pytest
import time_machine
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


# A suite that passes on any date: tests that depend on "today" set it themselves
# (time-machine, or YJAUDIT_PLAN_TODAY for browser journeys). To prove that none reads the
# real clock for a date it asserts on, run the suite with the whole clock moved:
#   YJAUDIT_TEST_CLOCK_SHIFT_DAYS=913 make test      (about 30 months ahead)
# The clock keeps ticking from the shifted start, so sessions and timeouts behave.
_CLOCK_SHIFT_DAYS = os.environ.get("YJAUDIT_TEST_CLOCK_SHIFT_DAYS", "").strip()


@pytest.fixture(autouse=True, scope="session")
def _shifted_clock() -> Iterator[None]:
    if not _CLOCK_SHIFT_DAYS:
        yield
        return
    shifted = dt.datetime.now(dt.UTC) + dt.timedelta(days=int(_CLOCK_SHIFT_DAYS))
    with time_machine.travel(shifted, tick=True):
        yield


@pytest.fixture
def confirm(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """POST a page that queues a background job (an import's confirmation), then let the
    worker run it (eager in tests): the response is the redirect to the job's page."""

    def post(client, url, data):  # type: ignore[no-untyped-def]
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return post


@pytest.fixture(autouse=True)
def _english_between_tests() -> Iterator[None]:
    """Each test starts and ends in the default language. A request in Welsh activates
    Welsh for the thread (LocaleMiddleware never resets it), which would otherwise leak
    into whichever test the worker runs next. The CLI keeps its own language for the
    process (a `--language cy` run sets it), so it is reset too."""
    from django.utils import translation

    from yjaudit.cli import i18n

    translation.deactivate()
    i18n.activate("en")
    yield
    translation.deactivate()
    i18n.activate("en")
