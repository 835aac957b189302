"""`yjaudit sample ROUND_ID [--seed N] [--replace-untouched]`: draw a round's sample.

A round that already has a sample is drawn again only with `--replace-untouched`, and
then only the cases whose case audit holds no work are replaced (archived, can be
restored); without it, or when every case holds work, the command exits 2 with the
reason and writes nothing.
"""

from __future__ import annotations

import click

from .django import setup_django
from .errors import CliError
from .i18n import _


@click.command()
@click.argument("round_id", type=int)
@click.option("--seed", type=click.IntRange(0, 2**31 - 1), help="Repeat a draw with this seed.")
@click.option(
    "--replace-untouched",
    is_flag=True,
    help="The round has a sample: replace only its cases whose audit holds no work.",
)
def sample(round_id: int, seed: int | None, replace_untouched: bool) -> None:
    """Draw (or redraw) the sample for an audit round, with its case audits."""
    setup_django()
    from yjaudit.audits.models import AuditRound
    from yjaudit.audits.rounds import services as round_services
    from yjaudit.audits.rounds.selectors import active_sample, comparison, sample_rules

    audit_round = AuditRound.objects.filter(pk=round_id).select_related("service").first()
    if audit_round is None:
        raise CliError(_("no audit round %(id)s") % {"id": round_id})
    try:
        round_services.draw_sample(
            actor=None,
            audit_round=audit_round,
            seed=seed,
            replace_untouched=replace_untouched,
        )
    except round_services.ConfirmationNeeded as exc:
        raise CliError(
            _("round %(id)s: %(error)s Run again with --replace-untouched to do that.")
            % {"id": round_id, "error": exc}
        ) from None
    except round_services.SampleError as exc:
        raise CliError(_("round %(id)s: %(error)s") % {"id": round_id, "error": exc}) from None
    audit_round.refresh_from_db()
    click.echo(
        _(
            "Round %(id)s (%(service)s, %(name)s): %(n)s of %(of)s cases, "
            "rule %(rule)s, seed %(seed)s"
        )
        % {
            "id": audit_round.pk,
            "service": audit_round.service.code,
            "name": audit_round.name,
            "n": active_sample(audit_round).count(),
            "of": audit_round.caseload_size,
            "rule": audit_round.sample_rule,
            "seed": audit_round.seed,
        }
    )
    # The rule's name in the language the CLI speaks (setup_django activated it).
    rule = sample_rules().get(audit_round.sample_rule)
    if rule is not None:
        click.echo(_("Sample size rule: %(name)s") % {"name": rule.name})
    for s in active_sample(audit_round):
        click.echo(f"  {s.position:>3}  {s.case.reference}  {s.stratum}")
    for comp in comparison(audit_round):
        click.echo(
            f"{comp.label}: "
            + ", ".join(
                f"{r.label} {r.sample_percent:g}% (caseload {r.caseload_percent:g}%)"
                for r in comp.rows
            )
        )
