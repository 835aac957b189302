"""Load and validate compliance rule sets and risk forum files, naming file, line and
field of every error (the framework files' reader, `parse_yaml_model`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from yjaudit.spec.loader import parse_yaml_model, read_text

from .forums import ForumPolicy
from .model import RuleSet

BUNDLED_DIR = Path(__file__).resolve().parent / "rules"
FORUMS_FILE = BUNDLED_DIR / "forums" / "risk-forums.yaml"


def parse_rule_set_text(text: str, filename: str = "<text>") -> RuleSet:
    """Parse and validate; raise `yjaudit.spec.FrameworkFileError` naming line and field."""
    return parse_yaml_model(text, filename, RuleSet, what="a compliance rule set file")


def load_rule_set(path: str | Path) -> RuleSet:
    return parse_rule_set_text(read_text(path), str(path))


def bundled_rule_sets() -> Iterator[RuleSet]:
    for path in sorted(BUNDLED_DIR.glob("*.yaml")):
        yield load_rule_set(path)


def find_rule_set(id_or_path: str) -> RuleSet:
    for candidate in sorted(BUNDLED_DIR.glob("*.yaml")):
        if candidate.stem == id_or_path:
            return load_rule_set(candidate)
    return load_rule_set(id_or_path)


def parse_forum_policy_text(text: str, filename: str = "<text>") -> ForumPolicy:
    return parse_yaml_model(text, filename, ForumPolicy, what="a risk forum file")


def load_forum_policy(path: str | Path | None = None) -> ForumPolicy:
    path = path or FORUMS_FILE
    return parse_forum_policy_text(read_text(path), str(path))
