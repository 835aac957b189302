"""Performance indicators: definitions as data and figures with their uncertainty.

- `model`: the indicator set format (YAML, docs/indicators.md), validated on load with
  file, line and field (`loader`); bundled sets in `definitions/` (the YJB's key
  performance indicators from 2023, and the national indicators).
- `schema`: the record sets indicators read (intervention records, reoffending cohorts,
  board attendance, population figures) and their fields.
- `records`: records as typed NumPy columns; `periods`: reporting quarters;
  `compute`: numerator, denominator, value and 95% interval per quarter and group.

Pure Python and NumPy: no Django (the monitoring app stores the records and shows the
figures).
"""

from .compute import Figure, available, compute
from .loader import bundled_indicator_sets, find_indicator_set, parse_indicator_set_text
from .model import Indicator, IndicatorSet, Kind, PeriodRule
from .periods import Quarter, quarter_containing, quarters_ending
from .records import RecordsError, RecordTable

__all__ = [
    "Figure",
    "Indicator",
    "IndicatorSet",
    "Kind",
    "PeriodRule",
    "Quarter",
    "RecordTable",
    "RecordsError",
    "available",
    "bundled_indicator_sets",
    "compute",
    "find_indicator_set",
    "parse_indicator_set_text",
    "quarter_containing",
    "quarters_ending",
]
