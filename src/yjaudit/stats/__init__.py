"""Small statistics used by reports and monitoring. Pure Python: no Django."""

from .disproportionality import RelativeRate, relative_rate_index

__all__ = ["RelativeRate", "relative_rate_index"]
