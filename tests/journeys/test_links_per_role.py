"""Every link a demo user is shown leads somewhere they may go.

Walks the seeded demo as each role would, breadth first from the home page, following
same-site links (GET only; no sign-out, no downloads of large files), and records any link
that answers 404 or 403 for that role, and any 500. A page must not offer a link its
reader cannot open ("Back to the round" on the board pack was a 404 for board members).
"""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from yjaudit.accounts.testing import verified_login

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ROLES = ("admin", "qa", "auditor", "manager", "practitioner", "board", "inspector")
MAX_PAGES = 500  # per role, a safety stop; shapes below keep the walk far shorter
PER_SHAPE = 2  # pages visited per URL shape (/rounds/1/ and /rounds/2/ are one shape)
ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+")
HREF = re.compile(r'href="([^"#][^"]*)"')
# Not walked: sign-out ends the walk; files are large and already tested by kind; the
# language switch and static assets are not pages.
SKIP = re.compile(
    r"^/(static|media)/|/logout|/sign-out|\.(pdf|docx|xlsx|csv|zip|png|svg)$|"
    r"format=(pdf|docx|xlsx|csv)|/download|/i18n/|/api/"
)


def walk(client: Client, start: str = "/") -> tuple[dict[str, tuple[int, str]], int]:
    """Broken links found: link -> (status, page it was on); and pages walked."""
    seen = {start}
    shapes: dict[str, int] = {}
    queue: deque[tuple[str, str]] = deque([(start, "(start)")])
    broken: dict[str, tuple[int, str]] = {}
    pages = 0
    while queue and pages < MAX_PAGES:
        url, found_on = queue.popleft()
        response = client.get(url)
        if response.status_code in (403, 404) or response.status_code >= 500:
            broken[url] = (response.status_code, found_on)
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        pages += 1
        for href in HREF.findall(response.content.decode()):
            href = urldefrag(href.replace("&amp;", "&"))[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href.startswith("/") or SKIP.search(href):
                continue
            shape = ID.sub("N", href)
            if href not in seen and shapes.get(shape, 0) < PER_SHAPE:
                seen.add(href)
                shapes[shape] = shapes.get(shape, 0) + 1
                queue.append((href, url))
    return broken, pages


def test_every_link_shown_to_a_role_opens_for_it(settings, client: Client) -> None:
    from django.contrib.auth import get_user_model

    settings.YJAUDIT_DEMO = True
    call_command("seed_demo", verbosity=0)
    problems = []
    for role in ROLES:
        client.logout()
        verified_login(client, get_user_model().objects.get(email=f"{role}@demo.example"))
        broken, pages = walk(client)
        assert pages >= 5, f"{role}: only {pages} pages reached"
        problems += [
            f"{role}: {link} -> {status} (linked from {page})"
            for link, (status, page) in sorted(broken.items())
        ]
    assert not problems, "\n".join(problems)
