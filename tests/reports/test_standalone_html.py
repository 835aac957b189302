"""The standalone document (download and PDF) has its own small template engine; it
must print exactly what Django's configured engine prints, in English and in Welsh."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from yjaudit.reports.make import build_document
from yjaudit.reports.render.html import context, render_html, stylesheet


def test_same_html_as_the_configured_engine(world: Any) -> None:
    r = world.round("DERBY", size=12)
    for language in ("en", "cy"):
        with translation.override(language):
            doc = build_document(r, "round")
            ctx = context(doc)
            ctx["css"] = mark_safe(stylesheet())  # noqa: S308 - our own stylesheet file
            expected = render_to_string("reports/document.html", ctx)
            assert render_html(doc) == expected
            assert "<table" in expected and "<svg" in expected
