"""What a framework edition rates, as published inspections report it: its standards,
its rated domains (the 2025 programme's "areas") and the overall, each with the rating
labels of its scheme, best first. Pure Python: no Django."""

from __future__ import annotations

from dataclasses import dataclass

from yjaudit.spec.model import Framework, RatingScheme

OVERALL = "overall"


@dataclass(frozen=True, slots=True)
class RatedItem:
    id: str  # a standard id, a domain id, or "overall"
    name: str
    kind: str  # "standard", "area" or "overall"
    labels: tuple[str, ...]  # the scheme's band labels, best first


def _labels(scheme: RatingScheme | None) -> tuple[str, ...]:
    if scheme is None:
        return ()
    return tuple(b.label for b in sorted(scheme.bands, key=lambda b: b.lower, reverse=True))


def rated_items(fw: Framework) -> tuple[RatedItem, ...]:
    """Every item a published inspection may rate, in the framework's order."""
    out: list[RatedItem] = []
    for d in fw.domains:
        for s in d.standards:
            labels = _labels(fw.rating_scheme(s.rating_scheme))
            if labels:
                out.append(RatedItem(s.id, s.name, "standard", labels))
        if d.rating is not None:
            out.append(
                RatedItem(d.id, d.name, "area", _labels(fw.rating_scheme(d.rating.rating_scheme)))
            )
    overall = _labels(fw.rating_scheme(fw.overall.rating_scheme))
    if overall:
        out.append(RatedItem(OVERALL, "Overall", "overall", overall))
    return tuple(out)


def label_in(labels: tuple[str, ...], raw: str) -> str | None:
    """The scheme's own spelling of `raw` (letter case and spaces ignored), or None."""
    wanted = " ".join(raw.split()).casefold()
    for label in labels:
        if label.casefold() == wanted:
            return label
    return None
