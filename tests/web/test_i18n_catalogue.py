"""The Welsh catalogue: committed .mo files match their .po, and the compiler is exact."""

from __future__ import annotations

import gettext
import io
from pathlib import Path

from yjaudit.web.pocompile import (
    LOCALE_DIR,
    compile_entries,
    compile_po_file,
    parse_po,
    po_files,
)


def test_every_committed_mo_matches_its_po() -> None:
    files = po_files()
    assert files, "no .po catalogues found"
    for po in files:
        mo = po.with_suffix(".mo")
        assert mo.exists(), f"{mo} is missing: run python -m yjaudit.web.pocompile"
        assert mo.read_bytes() == compile_po_file(po), (
            f"{mo} is out of date: run python -m yjaudit.web.pocompile"
        )


def test_compiler_handles_plurals_context_and_fuzzy(tmp_path: Path) -> None:
    po = r"""
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

msgid "Day"
msgstr "Diwrnod"

msgctxt "month"
msgid "May"
msgstr "Mai"

msgid "%(n)s case"
msgid_plural "%(n)s cases"
msgstr[0] "%(n)s achos"
msgstr[1] "%(n)s achosion"

#, fuzzy
msgid "Guess"
msgstr "Dyfalu"

msgid "Untranslated"
msgstr ""

msgid "Multi"
"line"
msgstr "Aml"
"linell \"dyfynnu\""
"""
    catalogue = gettext.GNUTranslations(io.BytesIO(compile_entries(parse_po(po))))
    assert catalogue.gettext("Day") == "Diwrnod"
    assert catalogue.pgettext("month", "May") == "Mai"
    assert catalogue.ngettext("%(n)s case", "%(n)s cases", 1) == "%(n)s achos"
    assert catalogue.ngettext("%(n)s case", "%(n)s cases", 3) == "%(n)s achosion"
    assert catalogue.gettext("Guess") == "Guess"
    assert catalogue.gettext("Untranslated") == "Untranslated"
    assert catalogue.gettext("Multiline") == 'Amllinell "dyfynnu"'


def test_layout_strings_are_translated() -> None:
    # The shared catalogue (packages have their own beside it since the Welsh check).
    po = LOCALE_DIR / "cy" / "LC_MESSAGES" / "django.po"
    translated = {e.msgid: e.msgstr for e in parse_po(po.read_text(encoding="utf-8")) if e.msgid}
    for msgid in [
        "Skip to main content",
        "There is a problem",
        "Error:",
        "Menu",
        "Home",
        "Page not found",
        "Inspection frameworks",
    ]:
        assert translated[msgid][0], msgid
