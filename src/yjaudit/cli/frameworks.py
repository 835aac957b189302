"""`yjaudit frameworks list | show | validate | load`."""

from __future__ import annotations

import json

import click

from yjaudit.interchange.results import framework_dict, framework_list_item
from yjaudit.spec import FrameworkFileError, find_framework, load_framework_file
from yjaudit.spec.loader import bundled_framework_paths
from yjaudit.spec.model import (
    AppliesWhen,
    Framework,
    OverallMethod,
    PointsItem,
    RatedBy,
    Subject,
)
from yjaudit.spec.translation import bundled_translation, in_language

from .errors import BAD_INPUT, CliError, framework_problem, warn
from .i18n import _, gettext_noop, language, ngettext
from .tables import render_table


@click.group(short_help="Inspection frameworks: list, show, validate, load.")
def frameworks() -> None:
    """Inspection frameworks: the bundled library and framework files."""


@frameworks.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def list_frameworks(as_json: bool) -> None:
    """List the bundled frameworks."""
    items: list[tuple[Framework, str]] = []
    broken = False
    for path in bundled_framework_paths():
        try:
            items.append((load_framework_file(path).framework, str(path)))
        except FrameworkFileError as exc:
            broken = True
            warn(
                _("skipped a broken bundled framework: %(problem)s")
                % {"problem": framework_problem(exc).message}
            )
    if as_json:
        click.echo(json.dumps([framework_list_item(f, p) for f, p in items], indent=2))
    elif items:
        # Names in the language the CLI speaks; the JSON keeps the files' own words.
        rows = [[f.id, f.edition, _title(f), str(len(f.standards))] for f, _ in items]
        click.echo(
            render_table([_("Id"), _("Edition"), _("Name"), _("Standards")], rows, right={3})
        )
    else:
        click.echo(_("No bundled frameworks."))
    if broken:
        raise click.exceptions.Exit(BAD_INPUT)


@frameworks.command("show", short_help="Show a framework's standards, questions and prompts.")
@click.argument("framework_ref", metavar="ID_OR_FILE")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def show_framework(framework_ref: str, as_json: bool) -> None:
    """Show a framework's domains, standards, key questions and prompts.

    ID_OR_FILE is a bundled framework id (see `yjaudit frameworks list`) or a
    framework file.
    """
    if as_json:
        framework = load(framework_ref)
        click.echo(json.dumps(framework_dict(framework), indent=2, ensure_ascii=False))
        return
    click.echo(describe(load(framework_ref, language())))


@frameworks.command("validate", short_help="Check framework files.")
@click.argument("files", metavar="FILE...", nargs=-1, required=True, type=click.Path())
def validate(files: tuple[str, ...]) -> None:
    """Check framework files; print each problem as FILE:LINE: FIELD: MESSAGE.

    Exit status 0 when every file is valid, 2 otherwise.
    """
    problems = 0
    for file in files:
        try:
            framework = load_framework_file(file).framework
        except FrameworkFileError as exc:
            for problem in exc.problems:
                click.echo(str(problem))
            problems += len(exc.problems)
            continue
        click.echo(
            _("%(file)s: valid: %(summary)s") % {"file": file, "summary": summary(framework)}
        )
    if problems:
        click.echo(
            ngettext("%(n)s problem found", "%(n)s problems found", problems) % {"n": problems},
            err=True,
        )
        raise click.exceptions.Exit(BAD_INPUT)


@frameworks.command("load", short_help="Load the bundled frameworks into the database.")
def load_into_database() -> None:
    """Load the bundled frameworks into the database (new editions added, none changed).

    Uses DJANGO_SETTINGS_MODULE (default: yjaudit.config.settings.demo).
    """
    from .django import setup_django

    setup_django()
    from django.db import DatabaseError

    from yjaudit.frameworks.services import sync_bundled_frameworks

    try:
        results = sync_bundled_frameworks(actor=None)
    except FrameworkFileError as exc:
        raise framework_problem(exc) from None
    except DatabaseError as exc:
        raise CliError(
            _("the database is not ready (%(error)s); run `python -m django migrate` first")
            % {"error": exc}
        ) from None
    for framework_id, edition, status in results:
        click.echo(
            _("%(id)s (edition %(edition)s): %(status)s")
            % {"id": framework_id, "edition": edition, "status": status}
        )


def load(framework_ref: str, in_words_of: str = "") -> Framework:
    """A bundled framework by id, or a framework file, in the words of a language when
    given (its bundled translation); bad input stops with one message."""
    try:
        found = find_framework(framework_ref)
        if not in_words_of:
            return found.framework
        return in_language(found.source, found.path, found.framework, in_words_of)
    except FrameworkFileError as exc:
        raise framework_problem(exc) from None


def _title(framework: Framework) -> str:
    words = bundled_translation(framework.id, language())
    return words.name if words is not None and language() != framework.language else framework.name


def summary(framework: Framework) -> str:
    standards = framework.standards
    key_questions = [kq for s in standards for kq in s.key_questions]
    prompts = sum(len(kq.prompts) for kq in key_questions)
    return _(
        "%(id)s (edition %(edition)s): %(domains)s domains, %(standards)s standards, "
        "%(key_questions)s key questions, %(prompts)s prompts"
    ) % {
        "id": framework.id,
        "edition": framework.edition,
        "domains": len(framework.domains),
        "standards": len(standards),
        "key_questions": len(key_questions),
        "prompts": prompts,
    }


_OVERALL = {
    OverallMethod.SUM_OF_STANDARD_POINTS: gettext_noop(
        "the counted standards' band points summed, banded"
    ),
    OverallMethod.POINTS_OVER_MAXIMUM: gettext_noop("all points over all maximum, banded"),
    OverallMethod.SUM_OF_DOMAIN_POINTS: gettext_noop(
        "the rated domains' band points summed, banded"
    ),
    OverallMethod.NONE: gettext_noop("none (no overall rating)"),
}


def describe(framework: Framework) -> str:
    lines = [
        _("%(name)s (%(id)s, edition %(edition)s)")
        % {"name": framework.name, "id": framework.id, "edition": framework.edition},
        _("Publisher: %(publisher)s") % {"publisher": framework.publisher},
        _("Overall: %(method)s")
        % {"method": _(_OVERALL.get(framework.overall.method, framework.overall.method.value))},
    ]
    if framework.points_items != (PointsItem.KEY_QUESTION,):
        items = " and ".join(i.value.replace("_", " ") + "s" for i in framework.points_items)
        lines.append(_("Points totals score: %(items)s") % {"items": items})
    for domain in framework.domains:
        lines.append("")
        rated = ""
        if domain.rating is not None:
            rule = domain.rating
            scheme = f" ({rule.rating_scheme})" if rule.rating_scheme else ""
            rated = "  " + _("[rated: %(method)s%(scheme)s]") % {
                "method": rule.method.value,
                "scheme": scheme,
            }
        lines.append(_("Domain %(id)s: %(name)s") % {"id": domain.id, "name": domain.name} + rated)
        for s in domain.standards:
            how = _("judgement") if s.rated_by is RatedBy.JUDGEMENT else _("cases")
            if s.rated_by is RatedBy.CASES and s.subject is not Subject.CHILDREN:
                how = f"{s.subject.value}' cases"  # victims' cases, managers' cases
            counted = _("counted") if s.counted else _("not counted in the overall")
            lines.append(f"  {s.id}  {s.name}  [{how}, {counted}]{_when(s.applies_when)}")
            for kq in s.key_questions:
                lines.append(f"    {kq.id}  {kq.text}  ({kq.theme.value}){_when(kq.applies_when)}")
                for p in kq.prompts:
                    lines.append(f"      {p.id}  {p.text}{_when(p.applies_when)}")
    if framework.headlines:
        lines.append("")
        named = (f"{h.name} (tags: {', '.join(h.tags)})" for h in framework.headlines)
        lines.append(_("Headlines: ") + "; ".join(named))
    return "\n".join(lines)


def _when(applies: AppliesWhen | None) -> str:
    if applies is None:
        return ""
    parts = []
    for c in applies.all:
        if c.equals is not None:
            parts.append(f"{c.attribute} = {c.equals}")
        elif c.in_ is not None:
            parts.append(f"{c.attribute} in {', '.join(c.in_)}")
        elif c.not_in is not None:
            parts.append(f"{c.attribute} not in {', '.join(c.not_in)}")
        else:
            parts.append(f"{c.attribute} at least {c.at_least}")
    return "  " + _("[only when %(conditions)s]") % {"conditions": _(" and ").join(parts)}


__all__ = ["frameworks", "load"]
