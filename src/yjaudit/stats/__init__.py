"""Small statistics used by reports and monitoring. Pure Python: no Django."""

from .disproportionality import Reason, RelativeRate, Why, relative_rate_index

__all__ = ["Reason", "RelativeRate", "Why", "relative_rate_index"]
