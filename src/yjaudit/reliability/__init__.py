"""Inter-rater agreement for moderation: percentage agreement and Cohen's kappa.

Pure Python and NumPy: no Django. See kappa.py for the formulas and how not
applicable answers are handled.
"""

from .groups import RatedPair, agreement_by, by_question, by_rater_pair, by_standard, overall
from .kappa import (
    DEFAULT_NA_VALUES,
    Agreement,
    IntervalMethod,
    NaPolicy,
    cohen_kappa,
    fleiss_cohen_everitt_se,
)

__all__ = [
    "DEFAULT_NA_VALUES",
    "Agreement",
    "IntervalMethod",
    "NaPolicy",
    "RatedPair",
    "agreement_by",
    "by_question",
    "by_rater_pair",
    "by_standard",
    "cohen_kappa",
    "fleiss_cohen_everitt_se",
    "overall",
]
