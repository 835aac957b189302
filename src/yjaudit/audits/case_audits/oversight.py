"""The per-manager trend of management oversight rounds: each manager's rating, round by
round (Manager A, B, C ... by half-year), as the results page and the round report show
it. Reads only; the figures are the engine's, split by the overseeing manager."""

from __future__ import annotations

from dataclasses import dataclass

from yjaudit.audits.case_audits import round_scores as results
from yjaudit.audits.disclosure import FULL, Disclosure
from yjaudit.audits.models import AuditRound, RoundSubject

# The most rounds the table shows (the latest, up to the round read): three years of
# half-yearly rounds.
TREND_ROUNDS = 6


@dataclass(frozen=True)
class ManagerCell:
    rating: str | None  # None: not rated (or not shown)
    percent: int | None
    cases: int
    hidden: bool = False  # fewer cases than the reader may see


@dataclass(frozen=True)
class ManagerTrend:
    rounds: tuple[AuditRound, ...]
    # (manager, one cell per round; None where the manager had no case in that round)
    rows: tuple[tuple[str, tuple[ManagerCell | None, ...]], ...]


def oversight_rounds(audit_round: AuditRound) -> list[AuditRound]:
    """The service's management oversight rounds on the same framework up to this one."""
    found = (
        AuditRound.objects.filter(
            service_id=audit_round.service_id,
            subject=RoundSubject.MANAGERS,
            framework_edition__framework_id=audit_round.framework_edition.framework_id,
            period_end__lte=audit_round.period_end,
        )
        .select_related("framework_edition")
        .order_by("period_end", "pk")
    )
    return list(found)[-TREND_ROUNDS:]


def manager_trend(audit_round: AuditRound, shown: Disclosure = FULL) -> ManagerTrend | None:
    """Each manager's rating in each oversight round; None for other rounds."""
    if audit_round.subject != RoundSubject.MANAGERS:
        return None
    rounds = oversight_rounds(audit_round)
    per_round = []
    for r in rounds:
        report = results.round_score(r, by=["manager"])
        per_round.append(report.splits.get("manager", {}))
    names = sorted({name for by in per_round for name in by if name})
    rows = []
    for name in names:
        cells: list[ManagerCell | None] = []
        for by in per_round:
            found = by.get(name)
            if found is None:
                cells.append(None)
            elif shown.hides(found.cases):
                cells.append(ManagerCell(None, None, found.cases, hidden=True))
            else:
                o = found.overall
                cells.append(ManagerCell(o.rating, o.percent, found.cases))
        rows.append((name, tuple(cells)))
    return ManagerTrend(tuple(rounds), tuple(rows))
