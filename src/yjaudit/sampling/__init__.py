"""Sample-size rules and the stratified, seeded draw of cases for an audit round.

Pure Python (no Django): the audits app feeds it plain case units and stores what it
returns, so the draw is testable and reproducible on its own.
"""

from .draw import Unit, allocate, draw, replacement_for
from .rules import RuleFileError, SampleRule, load_rules

__all__ = [
    "RuleFileError",
    "SampleRule",
    "Unit",
    "allocate",
    "draw",
    "load_rules",
    "replacement_for",
]
