"""The stratified, seeded draw.

1. Split the caseload into strata (court / out-of-court by default).
2. Share the sample between strata in proportion to their size, rounding by largest
   remainder, so each stratum's count is within one case of its exact share.
3. Within a stratum, sort the cases by the balancing attributes (sex, ethnicity, RoSH)
   after a seeded shuffle, and take every k-th case from a seeded random start
   (systematic sampling). Each attribute's share in the sample then follows its share
   in the stratum, because the sorted list is walked at an even step.

Everything random comes from one ``random.Random(seed)``, never the global generator,
so the same caseload and seed give the same sample.
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

DEFAULT_BALANCE = ("sex", "ethnicity", "rosh")


@dataclass(frozen=True)
class Unit:
    """One case as the draw sees it: an id, its stratum, and attributes to balance."""

    id: str
    stratum: str
    attributes: Mapping[str, str] = field(default_factory=dict)

    def key(self, balance: Sequence[str]) -> tuple[str, ...]:
        return tuple(self.attributes.get(a) or "" for a in balance)


def allocate(stratum_sizes: Mapping[str, int], size: int) -> dict[str, int]:
    """Proportional allocation with largest-remainder rounding.

    Ties in the remainder go to the larger stratum, then by name, so the result does
    not depend on the order of the mapping.
    """
    total = sum(stratum_sizes.values())
    if size > total:
        raise ValueError(f"cannot sample {size} cases from a caseload of {total}")
    if total == 0:
        return {s: 0 for s in stratum_sizes}
    quotas = {s: Fraction(n * size, total) for s, n in stratum_sizes.items()}
    counts = {s: math.floor(q) for s, q in quotas.items()}
    left = size - sum(counts.values())
    order = sorted(quotas, key=lambda s: (-(quotas[s] - counts[s]), -stratum_sizes[s], s))
    for s in order[:left]:
        counts[s] += 1
    return counts


def _systematic(
    units: list[Unit], k: int, rng: random.Random, balance: Sequence[str]
) -> list[Unit]:
    if k <= 0:
        return []
    ordered = sorted(units, key=lambda u: u.id)  # a fixed order before the seeded shuffle
    rng.shuffle(ordered)
    ordered.sort(key=lambda u: u.key(balance))  # stable: shuffled order breaks ties
    step = Fraction(len(ordered), k)
    start = Fraction(rng.random()) * step
    return [ordered[math.floor(start + i * step)] for i in range(k)]


def draw(
    units: Iterable[Unit],
    size: int,
    seed: int,
    balance: Sequence[str] = DEFAULT_BALANCE,
    keep: Iterable[Unit] = (),
) -> list[Unit]:
    """Draw ``size`` units, stratified and balanced; same input and seed, same result.

    ``keep``: units that stay in the sample whatever is drawn (cases that already hold
    work, on a redraw). They count towards their stratum's share, and only the rest of
    each share is drawn, from the units not kept, in the same way. The result is the
    kept units (in the order given) followed by the units drawn. Kept units need not be
    among ``units``; if they fill more than a stratum's share, the other strata give up
    places (largest first) so the sample stays at ``size`` where it can. With nothing
    kept, the draw is exactly the plain one.
    """
    kept = list(keep)
    kept_ids = {u.id for u in kept}
    by_stratum: dict[str, list[Unit]] = defaultdict(list)
    seen: set[str] = set()
    for u in units:
        if u.id in seen:
            raise ValueError(f"case {u.id} appears twice in the caseload")
        seen.add(u.id)
        by_stratum[u.stratum].append(u)
    for u in kept:
        if u.id not in seen:
            by_stratum[u.stratum].append(u)
    counts = allocate({s: len(v) for s, v in by_stratum.items()}, size)
    held = Counter(u.stratum for u in kept)
    need = {s: max(0, counts[s] - held[s]) for s in by_stratum}
    while need and len(kept) + sum(need.values()) > size and any(need.values()):
        # Kept cases overfill a stratum: the stratum drawing most gives up a place.
        largest = max(need, key=lambda s: (need[s], s))
        need[largest] -= 1
    rng = random.Random(seed)
    chosen: list[Unit] = []
    for stratum in sorted(by_stratum):
        pool = [u for u in by_stratum[stratum] if u.id not in kept_ids]
        chosen.extend(_systematic(pool, need[stratum], rng, balance))
    return kept + chosen


def replacement_for(
    units: Iterable[Unit],
    removed: Unit,
    exclude: set[str],
    seed: int,
    balance: Sequence[str] = DEFAULT_BALANCE,
) -> Unit | None:
    """A case to take ``removed``'s place: same stratum, not in ``exclude``.

    Prefers the candidates that share the most balancing attributes with the removed
    case (so the sample's mix moves as little as possible), then picks among them with
    a generator seeded from the round's seed and the removed case, so the choice can
    be repeated.
    """
    candidates = sorted(
        (
            u
            for u in units
            if u.stratum == removed.stratum and u.id not in exclude and u.id != removed.id
        ),
        key=lambda u: u.id,
    )
    if not candidates:
        return None
    target = removed.key(balance)

    def likeness(u: Unit) -> int:
        return sum(a == b for a, b in zip(u.key(balance), target, strict=True))

    best = max(likeness(u) for u in candidates)
    pool = [u for u in candidates if likeness(u) == best]
    return random.Random(f"{seed}:{removed.id}").choice(pool)


def shares(units: Iterable[Unit], attribute: str) -> Counter[str]:
    """Counts of each value of an attribute (``stratum`` counts strata)."""
    return Counter(
        u.stratum if attribute == "stratum" else (u.attributes.get(attribute) or "") for u in units
    )
