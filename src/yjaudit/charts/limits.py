"""Band limits from a framework's rating scheme (yjaudit.spec, which is Django-free)."""

from __future__ import annotations

from collections.abc import Callable

from yjaudit.spec.model import BandBasis, RatingScheme

from .types import BandLimit


def band_limits(
    scheme: RatingScheme, words: Callable[[str], str] | None = None
) -> tuple[BandLimit, ...]:
    """The lower limit of every band above zero, lowest first: 50, 65, 80 for HMIP 2021.

    `words` turns a band's label into the reader's words (the label itself is a key and
    stays English; yjaudit.web.ratings gives the Welsh). Only percentage schemes can be
    drawn on a 0-100 scale; a points scheme (the overall sum out of 36) raises ValueError.
    """
    if scheme.basis is BandBasis.POINTS:
        raise ValueError(f"rating scheme {scheme.id!r} bands points, not percentages")
    return tuple(
        BandLimit(float(band.lower), words(band.label) if words else band.label)
        for band in sorted(scheme.bands, key=lambda b: b.lower)
        if band.lower > 0
    )
