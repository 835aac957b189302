"""Case references unique per service ignoring letter case (issue 9.7).

Existing references that differ only in letter case are not merged or renamed here:
deciding which is the real case is a person's job, so the migration stops and lists them.
"""

from typing import Any

import django.db.models.functions.text
from django.db import migrations, models


def duplicate_references(case_model: Any) -> list[str]:
    """'SERVICE: ref1, ref2' for each group of references equal ignoring case."""
    groups: dict[tuple[int, str], list[Any]] = {}
    for case in case_model.objects.select_related("service").order_by("service_id", "reference"):
        groups.setdefault((case.service_id, case.reference.lower()), []).append(case)
    return [
        f"{cases[0].service.code}: " + ", ".join(f"{c.reference} (id {c.pk})" for c in cases)
        for cases in groups.values()
        if len(cases) > 1
    ]


def refuse_duplicates(apps: Any, schema_editor: Any) -> None:
    clashes = duplicate_references(apps.get_model("cases", "Case"))
    if clashes:
        raise RuntimeError(
            "Case references that differ only in letter case must be made distinct before "
            "this migration (rename or archive one of each pair, then migrate again):\n  "
            + "\n  ".join(clashes)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("organisations", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(refuse_duplicates, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="case", name="case_unique_reference"),
        migrations.AddConstraint(
            model_name="case",
            constraint=models.UniqueConstraint(
                models.F("service"),
                django.db.models.functions.text.Lower("reference"),
                name="case_unique_reference_ci",
                violation_error_message="This service already has a case with this reference.",
            ),
        ),
    ]
