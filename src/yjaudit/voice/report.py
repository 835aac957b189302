"""The board pack's children's and victims' views section (plug-in setting
YJAUDIT_BOARD_VOICE): per questionnaire, the latest quarter with answers, each choice
question's positive share with its 95% Wilson interval. Suppressed questions show no
counts; free text is never part of it."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from yjaudit.organisations.models import Service
from yjaudit.reports.document import Cell, Table, cell

from . import presenters, selectors
from .models import Response
from .questionnaires import bundled, words_language


def board_tables(service: Service) -> tuple[Table, ...]:
    today = timezone.localdate()
    # The pack's language (a report job activates the language it was asked in).
    language = words_language()
    tables = []
    for questionnaire in bundled().values():
        held = Response.objects.filter(
            collection__service=service, collection__questionnaire=questionnaire.id
        ).exists()
        if not held:
            continue
        quarter = selectors.latest_quarter(service, questionnaire, today)
        found = selectors.service_results(service, questionnaire, quarter)
        rows = []
        for row in presenters.result_rows(found, language):
            if row.free_text or (row.positive is None and not row.suppressed):
                continue
            if row.suppressed or row.positive is None:
                rows.append((Cell(row.text), Cell(""), Cell(_("too few to show")), Cell("")))
            else:
                share = row.positive.count / row.answered
                rows.append(
                    (
                        Cell(row.text),
                        cell(row.answered),
                        Cell(row.positive.percent, share),
                        Cell(row.positive.interval),
                    )
                )
        tables.append(
            Table(
                f"voice-{questionnaire.id}",
                _("%(title)s, %(quarter)s: %(n)s people answered")
                % {
                    "title": questionnaire.title.get(language),
                    "quarter": quarter.label,
                    "n": found.responses,
                },
                (_("Question"), _("Answered"), _("Positive answers"), _("95% interval")),
                tuple(rows),
                note=_(
                    "Questions answered by fewer than %(n)s people show no figures. "
                    "What people wrote is not part of this pack."
                )
                % {"n": questionnaire.suppress.below},
            )
        )
    return tuple(tables)


def board_tables_for_round(audit_round: Any) -> tuple[Table, ...]:
    """The section for a round's service (empty while it holds no answers)."""
    return board_tables(audit_round.service)
