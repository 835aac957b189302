"""The round report's management oversight section: each manager's rating, round by
round. Plugged in through `YJAUDIT_ROUND_REPORT_SECTIONS` (config.plugins), so the round
report itself only appends what the plug-in returns."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from yjaudit.audits.case_audits.oversight import ManagerCell, manager_trend
from yjaudit.audits.disclosure import FULL, Disclosure
from yjaudit.audits.models import AuditRound

from .document import Cell, Paragraph, Section, Table
from .figures import rating_words


def _cell(found: ManagerCell | None) -> Cell:
    if found is None:
        return Cell(_("No cases"))
    if found.hidden:
        return Cell(_("Not shown (too few cases)"))
    text = rating_words(found.rating) or _("Not rated")
    if found.percent is not None:
        text += f" ({found.percent}%)"
    return Cell(text, found.percent)


def manager_section(audit_round: AuditRound, shown: Disclosure = FULL) -> tuple[Section, ...]:
    """The per-manager trend table, for management oversight rounds only."""
    trend = manager_trend(audit_round, shown)
    if trend is None:
        return ()
    headers = (
        _("Manager"),
        *(f"{r.name} ({date_format(r.period_end, 'M Y')})" for r in trend.rounds),
    )
    rows = tuple((Cell(name), *(_cell(c) for c in cells)) for name, cells in trend.rows)
    table = Table(
        "manager-trend",
        _("Each manager's rating in each management oversight round, oldest first"),
        headers,
        rows,
    )
    blocks: tuple[Paragraph | Table, ...] = (
        (table,) if rows else (Paragraph(_("No manager's cases have been audited yet.")),)
    )
    return (Section("managers", _("Management oversight by manager"), blocks),)
