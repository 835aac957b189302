"""Agreement per question, per standard and per pair of markers, for moderation.

Each `RatedPair` is one question on one case marked blind by two people. Grouping
keeps the case as the item id, so a bootstrap interval resamples whole cases.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from .kappa import Agreement, cohen_kappa

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, slots=True)
class RatedPair:
    item_id: str  # the case (or case audit) both markers read
    question_id: str
    standard_id: str
    rater_a: str  # the first marker (usually the auditor)
    rater_b: str  # the second marker
    value_a: str | None
    value_b: str | None


def agreement_by(
    pairs: Iterable[RatedPair], key: Callable[[RatedPair], K], **options: Any
) -> dict[K, Agreement]:
    """One Agreement per key, keys in first-seen order. `options` go to cohen_kappa."""
    groups: dict[K, list[tuple[str, str | None, str | None]]] = {}
    for p in pairs:
        groups.setdefault(key(p), []).append((p.item_id, p.value_a, p.value_b))
    return {k: cohen_kappa(rows, **options) for k, rows in groups.items()}


def overall(pairs: Iterable[RatedPair], **options: Any) -> Agreement:
    return cohen_kappa(((p.item_id, p.value_a, p.value_b) for p in pairs), **options)


def by_question(pairs: Iterable[RatedPair], **options: Any) -> dict[str, Agreement]:
    return agreement_by(pairs, lambda p: p.question_id, **options)


def by_standard(pairs: Iterable[RatedPair], **options: Any) -> dict[str, Agreement]:
    return agreement_by(pairs, lambda p: p.standard_id, **options)


def by_rater_pair(pairs: Iterable[RatedPair], **options: Any) -> dict[tuple[str, str], Agreement]:
    """Per unordered pair of markers, keyed (first, second) in sorted order.

    When a pair arrives the other way round its values are swapped, so the cross-table
    rows always belong to the first name of the key.
    """

    def oriented(p: RatedPair) -> RatedPair:
        if p.rater_a <= p.rater_b:
            return p
        return RatedPair(
            p.item_id, p.question_id, p.standard_id, p.rater_b, p.rater_a, p.value_b, p.value_a
        )

    return agreement_by((oriented(p) for p in pairs), lambda p: (p.rater_a, p.rater_b), **options)
