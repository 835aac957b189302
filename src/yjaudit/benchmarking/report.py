"""The round report's and board pack's section on published inspection ratings
(settings.YJAUDIT_REPORT_EXTRA_SECTIONS): the round's own ratings beside how many
published inspections on its framework gave each rating. Nothing while none is held."""

from __future__ import annotations

from django.utils.translation import gettext as _

from yjaudit.audits.disclosure import Disclosure
from yjaudit.audits.models import AuditRound
from yjaudit.reports.document import Cell, Paragraph, Section, Table, cell
from yjaudit.web.ratings import rating_words
from yjaudit.web.reasons import why_not_rated

from .selectors import Comparison, comparison_shown

SECTION_ID = "published-ratings"


def comparison_table(found: Comparison) -> Table:
    labels = [label for label, _n in found.rows[0].distribution.counts] if found.rows else []
    headers = (
        _("Standard or area"),
        _("This round"),
        _("This round's rating"),
        *(_("Published %(rating)s") % {"rating": rating_words(label)} for label in labels),
        _("Published, rated"),
    )
    rows = []
    for r in found.rows:
        item = r.distribution.item
        name = _("Overall") if item.kind == "overall" else f"{item.id} {item.name}"
        percent = cell(r.percent, f"{r.percent}%" if r.percent is not None else None)
        counts = tuple(cell(n) for _label, n in r.distribution.counts)
        rating = Cell(rating_words(r.rating) or why_not_rated(r.note))
        rows.append((Cell(name), percent, rating, *counts, cell(r.distribution.total)))
    return Table(
        SECTION_ID,
        _("This round and the published ratings, per standard and area"),
        headers,
        tuple(rows),
        note=_("Counts of published inspections on the same framework giving each rating."),
    )


def sections_for_round(
    audit_round: AuditRound, kind: str, shown: Disclosure
) -> tuple[Section, ...]:
    found = comparison_shown(audit_round, shown)
    if not found.published or not found.rows:
        return ()
    intro = _(
        "This round's own figures beside %(n)d published inspection reports rated on the "
        "same framework. A self-audit reads its own sample: its ratings are an estimate, "
        "not an inspection's."
    ) % {"n": found.published}
    return (
        Section(
            SECTION_ID,
            _("Published inspection ratings"),
            (Paragraph(intro), comparison_table(found)),
        ),
    )
