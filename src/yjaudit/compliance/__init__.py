"""National Standards compliance, working days and risk forum coverage: the pure core
(no Django) that the monitoring app uses. See docs/compliance.md."""

from .figures import (
    Figure,
    Occasion,
    RecordsError,
    Scope,
    Status,
    compliance_figures,
    occasions,
    trend,
)
from .forums import Coverage, Forum, ForumPolicy, Uncovered, coverage_by_month, uncovered_cases
from .loader import (
    bundled_rule_sets,
    find_rule_set,
    load_forum_policy,
    load_rule_set,
    parse_forum_policy_text,
    parse_rule_set_text,
)
from .model import RiskLevel, Rule, RuleSet
from .months import Month, add_months, months_ending
from .records import Case, Event, Membership
from .workdays import (
    Calendar,
    add_working_days,
    bank_holidays,
    is_working_day,
    working_days_between,
)

__all__ = [
    "Calendar",
    "Case",
    "Coverage",
    "Event",
    "Figure",
    "Forum",
    "ForumPolicy",
    "Membership",
    "Month",
    "Occasion",
    "RecordsError",
    "RiskLevel",
    "Rule",
    "RuleSet",
    "Scope",
    "Status",
    "Uncovered",
    "add_months",
    "add_working_days",
    "bank_holidays",
    "bundled_rule_sets",
    "compliance_figures",
    "coverage_by_month",
    "find_rule_set",
    "is_working_day",
    "load_forum_policy",
    "load_rule_set",
    "months_ending",
    "occasions",
    "parse_forum_policy_text",
    "parse_rule_set_text",
    "trend",
    "uncovered_cases",
    "working_days_between",
]
