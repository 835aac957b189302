"""Every e-mail written once per language has its Welsh sibling: for each template under
`.../email/en/` the same name under `.../email/cy/`, with its own words (not a copy)."""

from __future__ import annotations

from pathlib import Path

import yjaudit

SRC = Path(yjaudit.__file__).parent


def english_templates() -> list[Path]:
    return sorted(p for p in SRC.glob("*/templates/**/email/en/*") if p.is_file())


def test_there_are_english_e_mail_templates() -> None:
    assert len(english_templates()) >= 24  # 8 kinds: subject, text and HTML each


def test_every_english_e_mail_template_has_a_welsh_sibling() -> None:
    missing, copies = [], []
    for english in english_templates():
        welsh = english.parent.parent / "cy" / english.name
        where = str(english.relative_to(SRC))
        if not welsh.exists():
            missing.append(where)
        elif welsh.read_text(encoding="utf-8") == english.read_text(encoding="utf-8"):
            copies.append(where)
    assert not missing, f"no Welsh sibling for: {missing}"
    assert not copies, f"the Welsh sibling is a copy of the English: {copies}"


def test_no_welsh_e_mail_template_lacks_its_english() -> None:
    welsh = sorted(p for p in SRC.glob("*/templates/**/email/cy/*") if p.is_file())
    orphans = [
        str(p.relative_to(SRC)) for p in welsh if not (p.parent.parent / "en" / p.name).exists()
    ]
    assert not orphans
