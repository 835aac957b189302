"""Stop keeping uploaded files (issue 10.3): they held every column of a case management
export, names and addresses included.

An upload still waiting for confirmation is re-read and keeps only the columns its
mapping uses; one that cannot be re-read is discarded (the person uploads it again).
Committed and discarded uploads keep only their record. Then the file column is dropped.
PostgreSQL and SQLite may keep the old bytes in free space until VACUUM: run it after.
"""

from typing import Any

from django.db import migrations, models


def strip_stored_files(apps: Any, schema_editor: Any) -> None:
    from yjaudit.cases.importing.reader import ImportFileError, ImportLimits, read_table

    case_import_model = apps.get_model("cases", "CaseImport")
    for case_import in case_import_model.objects.iterator():
        content = bytes(case_import.content or b"")
        changes: dict[str, Any] = {"content": b""}
        if case_import.status == "uploaded":
            changes["status"] = "discarded"
            try:
                table = read_table(content, case_import.filename, ImportLimits())
            except ImportFileError:
                table = None
            if table is not None:
                wanted = {h for h in (case_import.mapping or {}).values() if h}
                positions = [i for i, h in enumerate(table.headers) if h in wanted]
                changes = {
                    "content": b"",
                    "headers": list(table.headers),
                    "kept_columns": [table.headers[i] for i in positions],
                    "kept_rows": [[n, [cells[i] for i in positions]] for n, cells in table.rows],
                }
        # update(), not save(): no foreign-key trigger events before the ALTER TABLE.
        case_import_model.objects.filter(pk=case_import.pk).update(**changes)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_case_reference_unique_ignoring_case"),
    ]

    operations = [
        migrations.AddField(
            model_name="caseimport",
            name="headers",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="caseimport",
            name="kept_columns",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="caseimport",
            name="kept_rows",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.RunPython(strip_stored_files, migrations.RunPython.noop),
        migrations.RemoveField(model_name="caseimport", name="content"),
    ]
