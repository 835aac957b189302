"""Fuzz the whole OpenAPI schema in-process and require zero 5xx (issue 10, item 9).

Schemathesis generates requests (valid and not) for every operation the schema declares,
query filters included, and sends them to the WSGI application as the demo service's QA
lead, signed in with two-factor passed. Bounded: a few examples per operation and a time
budget for the whole run. Every 5xx is collected and reported with its request.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from typing import Any

import pytest
import schemathesis
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from yjaudit.accounts.testing import verified_login
from yjaudit.api.views import api_schema

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

EXAMPLES_PER_OPERATION = int(os.environ.get("YJAUDIT_FUZZ_EXAMPLES", "15"))
BUDGET_SECONDS = int(os.environ.get("YJAUDIT_FUZZ_SECONDS", "240"))
CSRF = "SchemathesisCsrfToken0123456789a"  # Django wants 32 letters and digits


def _signed_in_cookies() -> dict[str, str]:
    from django.contrib.auth import get_user_model

    qa = get_user_model().objects.get(username="qa@demo.example")
    client = verified_login(Client(), qa)
    return {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF}


def test_no_request_the_schema_allows_gets_a_server_error() -> None:
    call_command("seed_demo", stdout=None)
    schema = schemathesis.openapi.from_dict(api_schema())
    schema.app = get_wsgi_application()
    cookies = _signed_in_cookies()
    headers = {"X-CSRFToken": CSRF}
    failures: list[str] = []
    statuses: Counter[int] = Counter()
    started = time.monotonic()
    operations = 0

    for result in schema.get_all_operations():
        operation = result.ok()
        if time.monotonic() - started > BUDGET_SECONDS:
            break
        operations += 1

        # Valid requests and invalid ones (wrong types, out-of-range ids, bad bodies).
        strategy = st.one_of(
            operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
            operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
        )

        @given(case=strategy)
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any) -> None:
            response = case.call(headers=headers, cookies=cookies)
            statuses[response.status_code] += 1
            if response.status_code >= 500:
                failures.append(
                    f"{response.status_code} {case.method} {case.formatted_path} "
                    f"query={case.query} body={str(case.body)[:200]}"
                )

        try:
            run()
        except Unsatisfiable:
            continue

    print(f"{operations} operations, responses by status: {dict(sorted(statuses.items()))}")
    assert operations > 40  # the whole schema was visited
    # Signed in for real: most answers are successes or validation errors, not 401/403.
    assert statuses[200] + statuses[201] + statuses[400] > statuses[401] + statuses[403]
    assert not failures, "server errors:\n" + "\n".join(sorted(set(failures)))
