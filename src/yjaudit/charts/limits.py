"""Band limits from a framework's rating scheme (yjaudit.spec, which is Django-free)."""

from __future__ import annotations

from yjaudit.spec.model import BandBasis, RatingScheme

from .types import BandLimit


def band_limits(scheme: RatingScheme) -> tuple[BandLimit, ...]:
    """The lower limit of every band above zero, lowest first: 50, 65, 80 for HMIP 2021.

    Only percentage schemes can be drawn on a 0-100 scale; a points scheme (the
    overall sum out of 36) raises ValueError.
    """
    if scheme.basis is BandBasis.POINTS:
        raise ValueError(f"rating scheme {scheme.id!r} bands points, not percentages")
    return tuple(
        BandLimit(float(band.lower), band.label)
        for band in sorted(scheme.bands, key=lambda b: b.lower)
        if band.lower > 0
    )
