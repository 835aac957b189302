"""Writes to the case register: single cases and whole imports, all audit-trailed."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from yjaudit.audittrail import archiving
from yjaudit.audittrail.actors import Actor, user_of
from yjaudit.audittrail.services import record, snapshot
from yjaudit.errors import DomainError
from yjaudit.jobs import selectors as job_selectors
from yjaudit.jobs.kinds import (
    JobProblems,
    JobSummary,
    Progress,
    RowProgress,
    in_language,
    shown_by,
)
from yjaudit.jobs.models import Job
from yjaudit.jobs.services import job_request
from yjaudit.organisations import permissions
from yjaudit.organisations.models import Service, StaffMember, Team

from . import selectors
from .importing import listed
from .importing.fields import EXTRA_PREFIX, looks_identifying, suggest_mapping
from .importing.keeping import WrongFile, keep_columns, table_for_mapping, table_from_kept
from .importing.reader import ImportFileError, ImportLimits, Problem, Table, read_table
from .importing.rows import AttributeSpec, RowOutcome, mapping_problems, parse_attribute, parse_rows
from .importing.victim_rows import parse_victim_rows, victim_mapping_problems
from .models import Case, CaseImport, CaseKind, ImportMapping, ImportStatus, VictimDetails
from .register_rules import register_rules

# The fields an import or the API may set (everything else is derived or fixed).
WRITABLE = (
    "reference",
    "team_id",
    "case_manager_id",
    "disposal_type",
    "disposal_category",
    "setting",
    "resettlement",
    "start_date",
    "end_date",
    "rosh",
    "safety_wellbeing",
    "likelihood_reoffending",
    "sex",
    "ethnicity",
    "age_at_start",
    "looked_after",
)

# What a victim's case records of its own (VictimDetails), set by a victims' import.
VICTIM_WRITABLE = ("linked_case_id", "consent_to_contact", "rj_offered", "rj_taken_up")
# What a victim's case carries over from its linked child's case (team, case manager,
# disposal, dates), so caseloads, strata and who may see it follow the child's case.
FROM_LINKED_CASE = (
    "team_id",
    "case_manager_id",
    "disposal_type",
    "disposal_category",
    "setting",
    "resettlement",
    "start_date",
    "end_date",
)
# The remembered mapping of a victims' import is kept beside the children's one.
VICTIMS_PREFIX = "victims:"


def max_import_bytes() -> int:
    return int(settings.YJAUDIT_IMPORT_MAX_BYTES)


def import_limits() -> ImportLimits:
    """The reader's limits: ImportLimits' documented defaults, each overridable by a
    YJAUDIT_IMPORT_<NAME> setting (e.g. YJAUDIT_IMPORT_MAX_ROWS)."""
    overrides = {
        f.name: int(getattr(settings, f"YJAUDIT_IMPORT_{f.name.upper()}"))
        for f in fields(ImportLimits)
        if hasattr(settings, f"YJAUDIT_IMPORT_{f.name.upper()}")
    }
    return ImportLimits(**overrides)


# -- planning --------------------------------------------------------------------------


@dataclass
class PlannedUpdate:
    outcome: RowOutcome
    case: Case
    changes: dict[str, tuple[Any, Any]]  # field -> (before, after)


@dataclass
class ImportPlan:
    """What an import would do. It may be committed only when ``problems`` is empty."""

    creates: list[RowOutcome] = field(default_factory=list)
    updates: list[PlannedUpdate] = field(default_factory=list)
    unchanged: list[RowOutcome] = field(default_factory=list)
    rejects: list[RowOutcome] = field(default_factory=list)
    file_problems: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    identifying_columns: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        return self.file_problems + [p for r in self.rejects for p in r.problems]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def rows(self) -> int:
        return len(self.creates) + len(self.updates) + len(self.unchanged) + len(self.rejects)


class ImportRejected(DomainError):
    """Raised by commit when any row is rejected: nothing has been written."""

    def __init__(self, plan: ImportPlan):
        self.plan = plan
        super().__init__(f"{len(plan.problems)} problem(s); nothing imported")


class ImportAlreadyCommitted(DomainError):
    """A second confirmation of an upload (a double click, two tabs): nothing more is done."""

    def __init__(self, case_import: CaseImport):
        self.case_import = case_import
        super().__init__(_("This file was already imported."))


class ImportConflict(DomainError):
    """Someone else changed the register while this import was being written: nothing was."""


def _comparable(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def plan_import(
    service: Service,
    table: Table,
    mapping: Mapping[str, str],
    kind: str = CaseKind.CHILDREN,
    progress: Callable[[int], None] | None = None,
) -> ImportPlan:
    """What importing `table` would do; reads only. `progress(1)` after each row read."""
    lookups = selectors.import_lookups(service)
    plan = ImportPlan()
    if kind == CaseKind.VICTIMS:
        plan.file_problems = victim_mapping_problems(mapping, table.headers)
    else:
        plan.file_problems = mapping_problems(mapping, table.headers, lookups.attributes)
    mapped = {h for h in mapping.values() if h}
    plan.ignored_columns = [h for h in table.headers if h and h not in mapped]
    plan.identifying_columns = [h for h in plan.ignored_columns if looks_identifying(h)]
    if plan.file_problems:
        return plan
    if kind == CaseKind.VICTIMS:
        outcomes = _victim_outcomes(service, table, mapping, progress)
    else:
        outcomes = parse_rows(table, mapping, lookups, progress)
    # References differing only in letter case are the same case to a person reading them.
    existing = {
        c.reference.lower(): c
        for c in Case.objects.filter(service=service).select_related("victim")
    }
    for outcome in outcomes:
        if not outcome.ok:
            plan.rejects.append(outcome)
            continue
        case = existing.get(outcome.reference.lower())
        if case is None:
            plan.creates.append(outcome)
            continue
        if case.kind != kind:
            outcome.problems.append(
                Problem(
                    outcome.row,
                    mapping.get("reference", "reference"),
                    _("%(ref)s is already in the register as one of the %(kind)s.")
                    % {"ref": case.reference, "kind": case.get_kind_display()},
                )
            )
            plan.rejects.append(outcome)
            continue
        changes = _changes(case, outcome.values)
        if changes:
            plan.updates.append(PlannedUpdate(outcome, case, changes))
        else:
            plan.unchanged.append(outcome)
    return plan


def _victim_outcomes(
    service: Service,
    table: Table,
    mapping: Mapping[str, str],
    progress: Callable[[int], None] | None = None,
) -> list[RowOutcome]:
    """A victims' file's rows, each carrying its linked child's case's fields."""
    children = {c.pk: c for c in Case.objects.filter(service=service, kind=CaseKind.CHILDREN)}
    by_reference = {c.reference.lower(): pk for pk, c in children.items()}
    outcomes = parse_victim_rows(table, mapping, by_reference, progress)
    for outcome in outcomes:
        linked = children.get(outcome.values.get("linked_case_id"))  # type: ignore[arg-type]
        if outcome.ok and linked is not None:
            outcome.values.update({key: getattr(linked, key) for key in FROM_LINKED_CASE})
    return outcomes


def _changes(case: Case, values: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    changes: dict[str, tuple[Any, Any]] = {}
    victim = getattr(case, "victim", None) if case.kind == CaseKind.VICTIMS else None
    for key in (*WRITABLE, *VICTIM_WRITABLE):
        if key == "reference" or key not in values:
            continue
        holder = victim if key in VICTIM_WRITABLE else case
        before, after = getattr(holder, key, None), values[key]
        if _comparable(before) != _comparable(after):
            changes[key] = (before, after)
    merged = {**(case.extra or {}), **values.get("extra", {})}
    if merged != (case.extra or {}):
        changes["extra"] = (case.extra, merged)
    return changes


# -- uploading and committing ----------------------------------------------------------


def read_upload(data: bytes, filename: str) -> Table:
    return read_table(data, filename, import_limits())


def extra_fields(service: Service) -> list[tuple[str, str]]:
    return [(a.key, a.label) for a in selectors.attribute_specs(service)]


def suggested_mapping(service: Service, headers: list[str], kind: str) -> dict[str, str]:
    """The remembered mapping of this kind of import where it still fits, else by name."""
    remembered = selectors.remembered_mapping(service)
    if kind == CaseKind.VICTIMS:
        mine = {
            k.removeprefix(VICTIMS_PREFIX): v
            for k, v in remembered.items()
            if k.startswith(VICTIMS_PREFIX)
        }
        return suggest_mapping(headers, mine, (), kind=kind)
    return suggest_mapping(headers, remembered, extra_fields(service))


def start_import(
    *,
    actor: Actor,
    service: Service,
    filename: str,
    data: bytes,
    kind: str = CaseKind.CHILDREN,
) -> CaseImport:
    """Read an uploaded file and keep only the columns the suggested mapping uses.

    Raises ImportFileError if it cannot be read; nothing is stored then."""
    table = read_upload(data, filename)
    mapping = suggested_mapping(service, list(table.headers), kind)
    case_import = CaseImport(
        kind=kind,
        service=service,
        uploaded_by=user_of(actor),
        filename=filename[:255],
        file_format=table.file_format,
        sha256=hashlib.sha256(data).hexdigest(),
    )
    _keep(case_import, table, mapping)
    case_import.save()
    record(
        actor=actor,
        action="case_import.upload",
        target=case_import,
        after={
            "filename": case_import.filename,
            "rows": len(table.rows),
            "sha256": case_import.sha256,
            "kind": kind,
        },
    )
    return case_import


def _keep(case_import: CaseImport, table: Table, mapping: Mapping[str, str]) -> None:
    """Set the mapping and keep the cells of the mapped columns, and nothing else."""
    kept = keep_columns(table, mapping)
    case_import.mapping = kept.mapping
    case_import.headers = kept.headers
    case_import.kept_columns = kept.columns
    case_import.kept_rows = kept.rows


def table_of(case_import: CaseImport) -> Table:
    """The upload as a table: the kept columns' cells, every other column empty."""
    return table_from_kept(
        case_import.file_format,
        case_import.headers,
        case_import.kept_columns,
        case_import.kept_rows,
    )


def set_mapping(
    *,
    actor: Actor,
    case_import: CaseImport,
    mapping: Mapping[str, str],
    data: bytes | None = None,
) -> None:
    """Choose the columns. A column whose cells were not kept at upload needs the same
    file again (``data``); afterwards only the newly mapped columns are kept."""
    mapping = {k: v for k, v in mapping.items() if v}
    try:
        table = table_for_mapping(case_import, mapping, data, read_upload)
    except WrongFile as wrong:
        raise ValidationError({"file": [p.message for p in wrong.problems]}) from None
    _keep(case_import, table, mapping)
    case_import.save(update_fields=["mapping", "headers", "kept_columns", "kept_rows"])
    record(
        actor=actor,
        action="case_import.map",
        target=case_import,
        after={"mapping": case_import.mapping},
    )


def preview_import(
    case_import: CaseImport, progress: Callable[[int], None] | None = None
) -> ImportPlan:
    return plan_import(
        case_import.service, table_of(case_import), case_import.mapping, case_import.kind, progress
    )


def commit_import(
    *,
    actor: Actor,
    case_import: CaseImport,
    progress: Callable[[int], None] | None = None,
) -> ImportPlan:
    """Write the whole import in one transaction, or nothing (ImportRejected).

    The upload's row is locked first, so a second confirmation waits for the first and
    then raises ImportAlreadyCommitted instead of importing the same rows again."""
    with _conflicts_reported(), transaction.atomic():
        locked = CaseImport.objects.select_for_update().get(pk=case_import.pk)
        if locked.status == ImportStatus.COMMITTED:
            raise ImportAlreadyCommitted(locked)
        if locked.status != ImportStatus.UPLOADED:
            raise ValueError(_("This upload was discarded."))
        plan = apply_plan(
            actor=actor,
            service=locked.service,
            table=table_of(locked),
            mapping=locked.mapping,
            progress=progress,
            source=locked.filename,
            kind=locked.kind,
        )
        locked.status = ImportStatus.COMMITTED
        locked.created = len(plan.creates)
        locked.updated = len(plan.updates)
        locked.committed_at = timezone.now()
        locked.kept_columns, locked.kept_rows = [], []  # in the register now
        locked.save(
            update_fields=[
                "status",
                "created",
                "updated",
                "committed_at",
                "kept_columns",
                "kept_rows",
            ]
        )
        _forget_listed(locked)
    return plan


# -- confirming as a background job (issue 15) ------------------------------------------

IMPORT_JOB = "cases.import"


class ImportNotAllowed(DomainError):
    """The person who confirmed may no longer import into this service's register."""


def request_import_commit(*, actor: Actor, case_import: CaseImport) -> Job:
    """Queue the confirmation of an upload (a large file takes longer than a request may).
    A second click while the first waits or runs is taken to the same job."""
    waiting = job_selectors.unfinished(IMPORT_JOB, **{"import": case_import.pk})
    if waiting is not None:
        return waiting
    # No file name in the title: a name may say whose file it is, and the title is kept.
    title = (
        _("Import into the victims' register")
        if case_import.kind == CaseKind.VICTIMS
        else _("Import into the case register")
    )
    return job_request(
        actor=actor,
        kind=IMPORT_JOB,
        title=title,
        parameters={"import": case_import.pk, "language": get_language()},
        service=case_import.service,
        visible_with=["case.import"],
    )


def import_job(job: Job, progress: Progress) -> JobSummary:
    """The job's run: commit the kept rows, all or nothing. Safe to run again: the upload's
    row is locked and marked committed in the same transaction as the cases, so a retry
    after a commit reports that import and writes nothing more."""
    with in_language(job):
        case_import = CaseImport.objects.select_related("service").get(pk=job.parameters["import"])
        next_url = reverse("cases:list")
        if case_import.status == ImportStatus.COMMITTED:
            return JobSummary(
                {"created": case_import.created, "updated": case_import.updated}, next_url
            )
        if case_import.status != ImportStatus.UPLOADED:
            raise ImportNotAllowed(_("This upload was discarded."))
        user = job.requested_by
        if user is None or not permissions.can(user, "case.import", case_import.service):
            raise ImportNotAllowed(_("You may no longer import into this register."))
        total = len(case_import.kept_rows)
        progress(2, _("Checking %(n)s rows") % {"n": total})
        try:
            plan = commit_import(
                actor=user, case_import=case_import, progress=RowProgress(progress, total)
            )
        except ImportRejected as rejected:
            found = [p.as_dict(case_import.filename) for p in rejected.plan.problems]
            raise JobProblems(str(rejected), found) from None
        except ImportAlreadyCommitted as done:
            counts = {"created": done.case_import.created, "updated": done.case_import.updated}
            return JobSummary(counts, next_url)
        counts = {
            "rows": plan.rows,
            "created": len(plan.creates),
            "updated": len(plan.updates),
            "unchanged": len(plan.unchanged),
        }
        return JobSummary(counts, next_url)


# -- checking a large file as a background job --------------------------------------------

CHECK_JOB = "cases.import_check"
# The check's page lists this many problems (a job's result is one database row); the
# rest are counted. The in-request check of a smaller file lists them all.
CHECK_PROBLEMS_KEPT = 1_000


LISTED_KEYS = ("creates", "updates")


def _forget_listed(case_import: CaseImport) -> None:
    """Drop the references a check job listed once its upload is imported or discarded,
    as the upload's kept rows are: the job keeps its counts and problems."""
    checks = Job.objects.filter(kind=CHECK_JOB, parameters__import=case_import.pk)
    for job in checks.only("pk", "result"):
        if any(k in (job.result or {}) for k in LISTED_KEYS):
            kept = {k: v for k, v in job.result.items() if k not in LISTED_KEYS}
            Job.objects.filter(pk=job.pk).update(result=kept)


def check_in_background(case_import: CaseImport) -> bool:
    """Whether this upload is large enough that its check runs as a job (the setting
    says why the line is where it is)."""
    return len(case_import.kept_rows) >= int(settings.YJAUDIT_CASE_CHECK_JOB_FROM_ROWS)


def mapping_key(case_import: CaseImport) -> str:
    """A short fingerprint of the column matches a check was made with: a check of other
    matches is not the one being confirmed."""
    text = json.dumps(case_import.mapping, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def request_import_check(*, actor: Actor, case_import: CaseImport) -> Job:
    """Queue the check of an upload's rows (nothing is written to the register until the
    person confirms). A second request while one waits or runs is taken to it."""
    key = mapping_key(case_import)
    waiting = job_selectors.unfinished(CHECK_JOB, **{"import": case_import.pk, "mapping": key})
    if waiting is not None:
        return waiting
    # No file name in the title: a name may say whose file it is, and the title is kept.
    title = (
        _("Check a file for the victims' register")
        if case_import.kind == CaseKind.VICTIMS
        else _("Check a file for the case register")
    )
    return job_request(
        actor=actor,
        kind=CHECK_JOB,
        title=title,
        parameters={
            "import": case_import.pk,
            "mapping": key,
            "kind": case_import.kind,
            "language": get_language(),
        },
        service=case_import.service,
        visible_with=["case.import"],
    )


def check_summary(plan: ImportPlan, case_import: CaseImport) -> JobSummary:
    """What the check page shows, JSON-ready: the counts, each problem by file, row and
    field (identifying columns are never read, so no problem quotes one), the identifying
    columns ignored (their headings only) and the matches it was made with."""
    problems = plan.problems
    counts = {
        "rows": plan.rows,
        "new": len(plan.creates),
        "changed": len(plan.updates),
        "unchanged": len(plan.unchanged),
        "rejected": len(plan.rejects),
        "problems": len(problems),
    }
    details = {
        "problems": [p.as_dict(case_import.filename) for p in problems[:CHECK_PROBLEMS_KEPT]],
        "identifying_columns": list(plan.identifying_columns),
        "mapping": mapping_key(case_import),
        # The first new and changed cases, as the small file's check page lists them;
        # removed again when the upload is imported or discarded (`_forget_listed`).
        LISTED_KEYS[0]: listed.new_cases(plan.creates),
        LISTED_KEYS[1]: listed.changed_cases(plan.updates),
    }
    confirm_url = reverse(
        "cases:import_preview",
        kwargs={"service_code": case_import.service.code, "pk": case_import.pk},
    )
    return JobSummary(counts, confirm_url, details)


@shown_by("cases/import_check_result.html")
def import_check_job(job: Job, progress: Progress) -> JobSummary:
    """The job's run: check every kept row against the register, as the page would, and
    write nothing but the job's own result; so a retry only checks again."""
    with in_language(job):
        case_import = CaseImport.objects.select_related("service").get(pk=job.parameters["import"])
        if case_import.status != ImportStatus.UPLOADED:
            raise ImportNotAllowed(_("This upload was already imported or discarded."))
        user = job.requested_by
        if user is None or not permissions.can(user, "case.import", case_import.service):
            raise ImportNotAllowed(_("You may no longer import into this register."))
        if mapping_key(case_import) != job.parameters.get("mapping"):
            raise ImportNotAllowed(
                _("The column matches changed after this check was asked for: check again.")
            )
        total = len(case_import.kept_rows)
        progress(2, _("Checking %(n)s rows") % {"n": total})
        plan = preview_import(case_import, progress=RowProgress(progress, total))
        return check_summary(plan, case_import)


def import_file(
    *,
    actor: Actor,
    service: Service,
    filename: str,
    data: bytes,
    mapping: Mapping[str, str] | None = None,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    kind: str = CaseKind.CHILDREN,
) -> ImportPlan:
    """One-step import (CLI, API): read, map (remembered or suggested), plan, commit.

    Raises ImportFileError for an unreadable file and ImportRejected when any row is
    rejected; in both cases nothing is written.
    """
    table = read_upload(data, filename)
    if mapping is None:
        mapping = suggested_mapping(service, list(table.headers), kind)
    if dry_run:
        plan = plan_import(service, table, mapping, kind)
        if not plan.ok:
            raise ImportRejected(plan)
        return plan
    with _conflicts_reported(), transaction.atomic():
        return apply_plan(
            actor=actor,
            service=service,
            table=table,
            mapping=mapping,
            progress=progress,
            source=filename,
            kind=kind,
        )


def apply_plan(
    *,
    actor: Actor,
    service: Service,
    table: Table,
    mapping: Mapping[str, str],
    progress: Callable[[int], None] | None = None,
    source: str = "",
    kind: str = CaseKind.CHILDREN,
) -> ImportPlan:
    """Must run inside a transaction: raises ImportRejected before writing anything."""
    # One import per service at a time: the plan is made after any other has committed,
    # so two identical uploads give the same register, not a duplicate-key error.
    Service.objects.select_for_update().filter(pk=service.pk).first()
    plan = plan_import(service, table, mapping, kind)
    if not plan.ok:
        raise ImportRejected(plan)
    for outcome in plan.creates:
        case = Case(service=service, kind=kind, extra=outcome.values.get("extra", {}))
        for key in WRITABLE:
            if key in outcome.values:
                setattr(case, key, outcome.values[key])
        case.save()
        after = snapshot(case)
        if kind == CaseKind.VICTIMS:
            victim = VictimDetails.objects.create(
                case=case, **{k: outcome.values.get(k) for k in VICTIM_WRITABLE}
            )
            after["victim"] = snapshot(victim)
        record(actor=actor, action="case.create", target=case, after=after)
        if progress:
            progress(1)
    for upd in plan.updates:
        case = upd.case
        before = _snapshot_with_victim(case)
        victim_changes = {k: v for k, v in upd.changes.items() if k in VICTIM_WRITABLE}
        for key, (_old, new) in upd.changes.items():
            if key not in VICTIM_WRITABLE:
                setattr(case, key, new)
        case.save()
        if victim_changes:
            victim = case.victim
            for key, (_old, new) in victim_changes.items():
                setattr(victim, key, new)
            victim.save()
        record(
            actor=actor,
            action="case.update",
            target=case,
            before=before,
            after=_snapshot_with_victim(case),
        )
        if progress:
            progress(1)
    if progress and plan.unchanged:
        progress(len(plan.unchanged))
    _remember_mapping(actor, service, mapping, kind)
    record(
        actor=actor,
        action="case_import.commit",
        target=service,
        after={
            "file": source,
            "created": len(plan.creates),
            "updated": len(plan.updates),
            "unchanged": len(plan.unchanged),
            "mapping": dict(mapping),
            "kind": kind,
        },
    )
    return plan


def _snapshot_with_victim(case: Case) -> dict[str, Any]:
    found = snapshot(case)
    if case.kind == CaseKind.VICTIMS and hasattr(case, "victim"):
        found["victim"] = snapshot(case.victim)
    return found


def _remember_mapping(
    actor: Actor, service: Service, mapping: Mapping[str, str], kind: str
) -> None:
    """Keep this kind's mapping for next time, leaving the other kind's as it was."""
    old = selectors.remembered_mapping(service)
    if kind == CaseKind.VICTIMS:
        kept = {k: v for k, v in old.items() if not k.startswith(VICTIMS_PREFIX)}
        new = {**kept, **{VICTIMS_PREFIX + k: v for k, v in mapping.items()}}
    else:
        kept = {k: v for k, v in old.items() if k.startswith(VICTIMS_PREFIX)}
        new = {**dict(mapping), **kept}
    ImportMapping.objects.update_or_create(
        service=service, defaults={"mapping": new, "updated_by": user_of(actor)}
    )


@contextmanager
def _conflicts_reported() -> Iterator[None]:
    try:
        yield
    except IntegrityError:
        raise ImportConflict(
            _(
                "The register changed while the file was being imported. "
                "Nothing was imported: try again."
            )
        ) from None


def discard_import(*, actor: Actor, case_import: CaseImport) -> None:
    if case_import.status == ImportStatus.UPLOADED:
        case_import.status = ImportStatus.DISCARDED
        case_import.kept_columns, case_import.kept_rows = [], []
        case_import.save(update_fields=["status", "kept_columns", "kept_rows"])
        _forget_listed(case_import)
        record(actor=actor, action="case_import.discard", target=case_import)


# -- single cases (API, forms) ---------------------------------------------------------


def validate_extra(service: Service, extra: Any) -> dict[str, Any]:
    """The service's further attributes, each parsed by its type; anything else refused."""
    if not isinstance(extra, Mapping):
        raise ValidationError(
            {"extra": _("Give the further attributes as an object of attribute: value.")}
        )
    specs: dict[str, AttributeSpec] = {s.key: s for s in selectors.attribute_specs(service)}
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    for key, value in extra.items():
        spec = specs.get(key)
        if spec is None:
            errors[str(key)[:40]] = _("This service defines no attribute “%s”.") % str(key)[:40]
            continue
        if value is None or isinstance(value, list | dict):
            errors[key] = _("Give a single value (text, a number, yes or no).")
            continue
        try:
            clean[key] = parse_attribute(
                spec, str(value) if not isinstance(value, bool) else ("yes" if value else "no")
            )
        except ValueError as exc:
            errors[key] = str(exc)
    for spec in specs.values():
        if spec.required and spec.key not in clean and spec.key not in errors:
            errors[spec.key] = _("%s is required.") % spec.label
    if errors:
        raise ValidationError({"extra": [f"{k}: {v}" for k, v in errors.items()]})
    return clean


def _check_people(case: Case) -> None:
    if case.team_id and not Team.objects.filter(pk=case.team_id, service=case.service_id).exists():
        raise ValidationError({"team": _("The team belongs to another service.")})
    if (
        case.case_manager_id
        and not StaffMember.objects.filter(
            pk=case.case_manager_id, service=case.service_id
        ).exists()
    ):
        raise ValidationError({"case_manager": _("The case manager belongs to another service.")})


def _derive(case: Case, setting_given: bool) -> None:
    from .codes import codes

    disposal = codes().disposal_types.get(case.disposal_type)
    if disposal is not None:
        case.disposal_category = disposal.category or ""
        if not setting_given or not case.setting:
            case.setting = disposal.setting or ""


def _check_reference(case: Case) -> None:
    """References equal ignoring letter case are one case (the database enforces it too)."""
    clash = Case.objects.filter(service_id=case.service_id, reference__iexact=case.reference)
    if case.pk is not None:
        clash = clash.exclude(pk=case.pk)
    if case.reference and clash.exists():
        raise ValidationError(
            {
                "reference": _("This service already has case %(ref)s.")
                % {"ref": clash.values_list("reference", flat=True).first()}
            }
        )


def _save(case: Case) -> None:
    """Save, turning a lost race on the unique reference into the same clear error."""
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:
        _check_reference(case)
        raise


def create_case(*, actor: Actor, service: Service, data: Mapping[str, Any]) -> Case:
    case = Case(service=service)
    for key in WRITABLE:
        if key in data:
            setattr(case, key, data[key])
    case.extra = validate_extra(service, data.get("extra", {}))
    if case.team_id is None and case.case_manager_id is not None:
        # As in an import: a new case with no team is in its case manager's team.
        case.team_id = (
            StaffMember.objects.filter(pk=case.case_manager_id, service=service)
            .values_list("team_id", flat=True)
            .first()
        )
    _derive(case, "setting" in data)
    if "resettlement" not in data:
        case.resettlement = register_rules().resettlement.implied_by(case.setting)
    _check_people(case)
    _check_reference(case)
    case.full_clean()
    _save(case)
    record(actor=actor, action="case.create", target=case, after=snapshot(case))
    return case


def update_case(*, actor: Actor, case: Case, data: Mapping[str, Any]) -> Case:
    before = snapshot(case)
    for key in WRITABLE:
        if key in data:
            setattr(case, key, data[key])
    if "extra" in data:
        if not isinstance(data["extra"], Mapping):
            validate_extra(case.service, data["extra"])  # raises the clear error
        case.extra = validate_extra(case.service, {**case.extra, **data["extra"]})
    _derive(case, "setting" in data)
    _check_people(case)
    _check_reference(case)
    case.full_clean()
    _save(case)
    record(actor=actor, action="case.update", target=case, before=before, after=snapshot(case))
    return case


__all__ = [
    "EXTRA_PREFIX",
    "ImportAlreadyCommitted",
    "ImportConflict",
    "ImportFileError",
    "ImportPlan",
    "ImportRejected",
    "commit_import",
    "create_case",
    "import_file",
    "plan_import",
    "preview_import",
    "start_import",
    "update_case",
]


def archive_case(*, actor: Actor, case: Case, reason: str) -> Case:
    """Archive a case: kept, offered to no new sample; its past audits are untouched."""
    return archiving.archive(
        actor=actor, target=case, reason=reason, action="case.archive", service=case.service_id
    )


def restore_case(*, actor: Actor, case: Case, reason: str = "") -> Case:
    """Bring an archived case back into the register (new samples may draw it again)."""
    return archiving.restore(
        actor=actor, target=case, reason=reason, action="case.restore", service=case.service_id
    )
