"""Load and validate compliance rule sets and risk forum files, naming file, line and
field of every error (the framework files' reader, `parse_yaml_model`).

`language` asks for the words in that language: a wording file beside the rule file
(`rules/cy/<name>.yaml`, `rules/forums/cy/risk-forums.yaml`; see `wording`) gives
them; English otherwise."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from yjaudit.spec.loader import parse_yaml_model, read_text
from yjaudit.spec.wording import SOURCE_LANGUAGE

from .forums import ForumPolicy
from .model import RuleSet
from .wording import in_language

BUNDLED_DIR = Path(__file__).resolve().parent / "rules"
FORUMS_FILE = BUNDLED_DIR / "forums" / "risk-forums.yaml"


def parse_rule_set_text(text: str, filename: str = "<text>") -> RuleSet:
    """Parse and validate; raise `yjaudit.spec.FrameworkFileError` naming line and field."""
    return parse_yaml_model(text, filename, RuleSet, what="a compliance rule set file")


def load_rule_set(path: str | Path, language: str = SOURCE_LANGUAGE) -> RuleSet:
    found = parse_rule_set_text(read_text(path), str(path))
    return in_language(found, path, language)


def bundled_rule_sets(language: str = SOURCE_LANGUAGE) -> Iterator[RuleSet]:
    for path in sorted(BUNDLED_DIR.glob("*.yaml")):
        yield load_rule_set(path, language)


def find_rule_set(id_or_path: str, language: str = SOURCE_LANGUAGE) -> RuleSet:
    for candidate in sorted(BUNDLED_DIR.glob("*.yaml")):
        if candidate.stem == id_or_path:
            return load_rule_set(candidate, language)
    return load_rule_set(id_or_path, language)


def parse_forum_policy_text(text: str, filename: str = "<text>") -> ForumPolicy:
    return parse_yaml_model(text, filename, ForumPolicy, what="a risk forum file")


def load_forum_policy(
    path: str | Path | None = None, language: str = SOURCE_LANGUAGE
) -> ForumPolicy:
    path = path or FORUMS_FILE
    found = parse_forum_policy_text(read_text(path), str(path))
    return in_language(found, path, language)
