"""One entry point for views, CLI and benchmarks: a round, a kind -> ReportDocument."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from django.utils import translation

from yjaudit.audits.disclosure import FULL, Disclosure
from yjaudit.audits.models import AuditRound
from yjaudit.config.plugins import plugin
from yjaudit.organisations.models import StaffMember

from . import sources
from .board_pack import build_board_pack
from .document import ReportDocument, report_language
from .practitioner_report import build_practitioner_report
from .round_report import build_round_report
from .trend_report import build_trend_report

KINDS = ("round", "trend", "practitioner", "board")


def build_document(
    audit_round: AuditRound,
    kind: str,
    *,
    staff: StaffMember | None = None,
    benchmarks_file: str | Path | None = None,
    rounds: int = 8,
    progress: Callable[[AuditRound], None] | None = None,
    shown: Disclosure = FULL,
    language: str | None = None,
) -> ReportDocument:
    """`shown`: what the reader may see (`disclosure.disclosure_for`); practitioner
    feedback is for readers who may see the practitioner's cases, and is not redacted.
    `language`: "en" or "cy" (default: the active language, e.g. the page's); every
    sentence, heading and table header is written in it, and the document says which."""
    chosen = report_language(language or translation.get_language())
    with translation.override(chosen):
        doc = _build(audit_round, kind, staff, benchmarks_file, rounds, progress, shown)
    return replace(doc, language=chosen)


def _build(
    audit_round: AuditRound,
    kind: str,
    staff: StaffMember | None,
    benchmarks_file: str | Path | None,
    rounds: int,
    progress: Callable[[AuditRound], None] | None,
    shown: Disclosure,
) -> ReportDocument:
    if kind == "round":
        doc = build_round_report(
            sources.round_data(audit_round, benchmarks_file=benchmarks_file, shown=shown)
        )
        return _with_extra_sections(doc, audit_round, shown)
    if kind == "trend":
        return build_trend_report(
            sources.trend_data(audit_round, limit=rounds, progress=progress, shown=shown)
        )
    if kind == "board":
        doc = build_board_pack(
            sources.board_data(
                audit_round,
                rounds=rounds,
                benchmarks_file=benchmarks_file,
                progress=progress,
                shown=shown,
            )
        )
        return _with_extra_sections(doc, audit_round, shown)
    if kind == "practitioner":
        if staff is None:
            raise ValueError("practitioner feedback needs a staff member")
        if staff.service_id != audit_round.service_id:
            raise ValueError(f"staff member {staff.pk} is not in the round's service")
        return build_practitioner_report(sources.practitioner_data(audit_round, staff))
    raise ValueError(f"unknown report kind {kind!r}; use one of {', '.join(KINDS)}")


def _with_extra_sections(
    doc: ReportDocument, audit_round: AuditRound, shown: Disclosure
) -> ReportDocument:
    """Sections other apps add (settings.YJAUDIT_REPORT_EXTRA_SECTIONS), at the end."""
    extra = tuple(plugin("YJAUDIT_REPORT_EXTRA_SECTIONS")(audit_round, doc.kind, shown))
    return replace(doc, sections=doc.sections + extra) if extra else doc


def filename(audit_round: AuditRound, kind: str, fmt: str, staff: StaffMember | None = None) -> str:
    who = f"-staff{staff.pk}" if staff is not None else ""
    return f"{audit_round.service.code.lower()}-round{audit_round.pk}-{kind}{who}.{fmt}"
