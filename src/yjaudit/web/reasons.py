"""Why a figure has no rating, in words a reader can act on, in their language.

The engine says why in fixed English (`yjaudit score` prints it as its CLI contract):
"not rated: standards 1.1, 2.1 not rated", "3 cases, fewer than the minimum of 5".
Pages and reports put "Not rated" beside the reason, so the reason must not repeat it.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

_MISSING = re.compile(r"^not rated: (standard|domain)s? (?P<ids>.+) not rated$")
_BELOW = re.compile(r"^(?P<n>\d+) cases?, fewer than the minimum of (?P<min>\d+)$")


def why_not_rated(reason: str | None) -> str:
    if not reason:
        return ""
    text = reason.strip()
    if m := _MISSING.match(text):
        ids = [i.strip() for i in m["ids"].split(",")]
        listed = ", ".join(ids)
        if m[1] == "standard":
            return ngettext(
                "Standard %(ids)s has no rating yet.",
                "Standards %(ids)s have no rating yet.",
                len(ids),
            ) % {"ids": listed}
        return ngettext(
            "Area %(ids)s has no rating yet.", "Areas %(ids)s have no rating yet.", len(ids)
        ) % {"ids": listed}
    if m := _BELOW.match(text):
        n, minimum = int(m["n"]), int(m["min"])
        return ngettext(
            "Only %(n)d case: a rating needs at least %(min)d.",
            "Only %(n)d cases: a rating needs at least %(min)d.",
            n,
        ) % {"n": n, "min": minimum}
    known = {
        "no applicable answers": _("No case has an answer that counts here yet."),
        "no judgement given": _("No judgement has been recorded yet."),
        "no case in the sample meets the standard's conditions": _(
            "No case in the sample meets this standard's conditions."
        ),
        "no counted standards": _("No standard counts towards it."),
    }
    if text in known:
        return known[text]
    # Anything else: at least no "not rated" twice, and a capital letter.
    text = re.sub(r"^not rated:?\s*", "", text)
    return text[:1].upper() + text[1:]
