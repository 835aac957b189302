"""`yjaudit questionnaires list|issue-links|results`: children's and victims' questionnaires.

`issue-links` prints each one-use link once (only hashes are kept: save the output);
`results` prints results per question, suppressed questions without counts and free
text never.
"""

from __future__ import annotations

import json
from typing import Any

import click

from .django import setup_django
from .errors import CliError
from .i18n import _
from .tables import render_table


@click.group()
def questionnaires() -> None:
    """Children's and victims' questionnaires: links and results."""


@questionnaires.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def list_questionnaires(as_json: bool) -> None:
    """The bundled questionnaires."""
    from yjaudit.questionnaires import bundled_questionnaires

    found = list(bundled_questionnaires())
    if as_json:
        out = [
            {"id": q.id, "audience": q.audience, "title": q.title.en, "questions": len(q.questions)}
            for q in found
        ]
        click.echo(json.dumps(out, indent=2))
        return
    click.echo(
        render_table(
            ["Questionnaire", "Audience", "Questions", "Title"],
            [[q.id, q.audience, str(len(q.questions)), q.title.en] for q in found],
        )
    )


def _service(code: str) -> Any:
    from yjaudit.organisations.models import Service

    service = Service.objects.filter(code=code.upper()).first()
    if service is None:
        raise CliError(_("no service with code %(code)r") % {"code": code})
    return service


def _questionnaire(questionnaire_id: str) -> Any:
    from yjaudit.voice.questionnaires import bundled

    found = bundled().get(questionnaire_id)
    if found is None:
        raise CliError(
            _("no questionnaire %(id)r; have %(ids)s")
            % {"id": questionnaire_id, "ids": ", ".join(bundled())}
        )
    return found


@questionnaires.command("issue-links")
@click.option("--service", "service_code", required=True, help="The service's code.")
@click.option("--questionnaire", "questionnaire_id", required=True, help="children or victims.")
@click.option("--count", type=click.IntRange(min=1), required=True, help="How many links.")
@click.option(
    "--base-url",
    required=True,
    help="Where the site is served, e.g. https://yjaudit.example.org (links start with it).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of lines.")
def issue_links(
    service_code: str, questionnaire_id: str, count: int, base_url: str, as_json: bool
) -> None:
    """Issue one-use links into the questionnaire's open collection (opened if none)."""
    setup_django()
    from django.urls import reverse

    from yjaudit.voice import services
    from yjaudit.voice.models import Collection
    from yjaudit.voice.rules import voice_rules

    service = _service(service_code)
    questionnaire = _questionnaire(questionnaire_id)
    if not base_url.startswith(("https://", "http://")):
        raise CliError(_("--base-url must start with https:// or http://"))
    collection = Collection.objects.filter(
        service=service, questionnaire=questionnaire.id, closed_at__isnull=True
    ).first() or services.open_collection(
        actor=None, service=service, questionnaire_id=questionnaire.id
    )
    try:
        tokens = services.issue_links(actor=None, collection=collection, count=count)
    except services.VoiceError as exc:
        raise CliError(str(exc)) from None
    base = base_url.rstrip("/")
    links = [base + reverse("voice:start", kwargs={"token": t}) for t in tokens]
    if as_json:
        out = {
            "service": service.code,
            "questionnaire": questionnaire.id,
            "collection": collection.pk,
            "expires_in_days": voice_rules().link_days,
            "links": links,
        }
        click.echo(json.dumps(out, indent=2))
        return
    for link in links:
        click.echo(link)
    click.echo(
        _("%(n)s one-use links for %(id)s (%(service)s); they are shown only now.")
        % {"n": len(links), "id": questionnaire.id, "service": service.code},
        err=True,
    )


@questionnaires.command("results")
@click.option("--service", "service_code", required=True, help="The service's code.")
@click.option("--questionnaire", "questionnaire_id", required=True, help="children or victims.")
@click.option("--quarter", default="", help='e.g. "2025-26 Q1" (default: the latest with answers).')
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def results(service_code: str, questionnaire_id: str, quarter: str, as_json: bool) -> None:
    """Results per question for a quarter: counts, shares, 95% Wilson intervals, trend."""
    setup_django()
    from django.utils import timezone

    from yjaudit.voice import presenters, selectors

    service = _service(service_code)
    questionnaire = _questionnaire(questionnaire_id)
    today = timezone.localdate()
    chosen = selectors.latest_quarter(service, questionnaire, today)
    if quarter:
        offered = selectors.offered_quarters(chosen, today)
        found = next((q for q in offered if q.label == quarter), None)
        if found is None:
            raise CliError(
                _("unknown quarter %(quarter)r; use a label such as %(latest)r")
                % {"quarter": quarter, "latest": chosen.label}
            )
        chosen = found
    found_results = selectors.service_results(service, questionnaire, chosen)
    if as_json:
        click.echo(json.dumps(presenters.results_json(found_results, service.code), indent=2))
        return
    click.echo(
        _("%(title)s, %(service)s, %(quarter)s: %(n)s answered (%(paper)s on paper)")
        % {
            "title": questionnaire.title.en,
            "service": service.code,
            "quarter": chosen.label,
            "n": found_results.responses,
            "paper": found_results.paper,
        }
    )
    rows = []
    for row in presenters.result_rows(found_results, "en"):
        if row.free_text:
            continue
        if row.suppressed:
            rows.append([row.text, "", "too few to show", ""])
            continue
        for n, o in enumerate(row.options):
            label = f"{row.text}: {o.label}" if n == 0 else f"  {o.label}"
            rows.append([label, str(o.count), o.percent, o.interval])
    click.echo(
        render_table([_("Question: answer"), _("People"), _("Share"), _("95% interval")], rows)
    )
