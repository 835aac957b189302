"""The demo (`make run`) shows the service's own error pages, never Django's debug pages."""

from __future__ import annotations

import importlib


def test_demo_runs_without_debug_pages_and_still_serves_static_files() -> None:
    demo = importlib.import_module("yjaudit.config.settings.demo")
    # DEBUG on would answer a 404 with Django's technical page listing every URL pattern.
    assert demo.DEBUG is False
    # With DEBUG off runserver serves no static files; WhiteNoise must find them itself.
    assert demo.WHITENOISE_USE_FINDERS is True
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in demo.MIDDLEWARE
