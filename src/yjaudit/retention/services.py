"""Writes of the retention app: apply the retention rules, erase one case, export one case.

Every function records an audit-trail row. Erasure never names the erased reference in
the trail: the row names the Erasure record (its token) and the reason.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_noop

from yjaudit.accounts.models import ApiToken
from yjaudit.audits.models import AuditRound, CaseAnswer, CaseAudit, Resolution, SecondMark
from yjaudit.audittrail.actors import Actor, user_of
from yjaudit.audittrail.models import AuditEvent
from yjaudit.audittrail.services import record
from yjaudit.cases.models import AttributeDefinition, AttributeType, Case, CaseImport
from yjaudit.errors import DomainError
from yjaudit.improvement.models import EvidenceFile
from yjaudit.indicators.schema import KEYS
from yjaudit.jobs import selectors as job_selectors
from yjaudit.jobs.services import jobs_remove_files
from yjaudit.monitoring.models import IndicatorRecord, MonitoringImport
from yjaudit.organisations.models import Service
from yjaudit.practice.models import PracticeImport
from yjaudit.said import Said

from .exporting import build_export
from .models import Erasure, ErasureCause
from .outcomes import ErasureCounts, KindResult, RetentionRun
from .rules import KINDS, RetentionRules, load_rules
from .scrubbing import Replacer, scrub_places, scrub_trail
from .words import KINDS as KIND_WORDS

ERASED_PREFIX = "erased-"
# Record sets whose records are keyed by a case reference, and the field dating each.
REFERENCED_SETS = tuple(s for s, keys in KEYS.items() if "reference" in keys)
RECORD_DATES = ("start_date", "cohort_start")
REASON_MAX = 1000
# The name an anonymised import record is given (`import-<id>`): done, not again.
DONE_IMPORT = r"^import-[0-9]+$"


class RetentionError(DomainError):
    """An erasure or export the domain refuses (the message is for the user)."""


def _rules() -> RetentionRules:
    return load_rules(str(settings.YJAUDIT_RETENTION_RULES or ""))


# --- Erasure -----------------------------------------------------------------------


def _new_token() -> str:
    return ERASED_PREFIX + secrets.token_hex(8)


def _clear_audit_text(audits: QuerySet[CaseAudit]) -> int:
    """Free text of case audits cleared; answer values kept. Returns the texts cleared."""
    cleared = 0
    cleared += CaseAnswer.objects.filter(audit__in=audits).exclude(note="").update(note="")
    cleared += SecondMark.objects.filter(audit__in=audits).exclude(note="").update(note="")
    cleared += Resolution.objects.filter(audit__in=audits).exclude(note="").update(note="")
    for name in ("summary", "return_comments", "reopen_reason"):
        cleared += audits.exclude(**{name: ""}).update(**{name: ""})
    return cleared


def _anonymise_case(case: Case, token: str) -> ErasureCounts:
    """Replace the reference by the token, drop free-text attributes, clear the audits'
    free text, re-key monitoring records and replace the reference wherever else it is
    written (trail, plans, kept import rows, jobs): what figures use (answers, disposal,
    setting, team, levels) stays, so results do not move."""
    counts = ErasureCounts()
    reference = case.reference
    free_text = set(
        AttributeDefinition.objects.filter(
            service_id=case.service_id, type__in=[AttributeType.TEXT, AttributeType.DATE]
        ).values_list("key", flat=True)
    )
    case.reference = token
    case.extra = {k: v for k, v in (case.extra or {}).items() if k not in free_text}
    case.save(update_fields=["reference", "extra", "updated_at"])
    audits = CaseAudit.objects.filter(case=case)
    counts.answers_kept = CaseAnswer.objects.filter(audit__in=audits).count()
    counts.notes_cleared = _clear_audit_text(audits)
    for rec in _monitoring_of(case.service_id, reference):
        data = dict(rec.data)
        data["reference"] = token
        rec.data = data
        rec.key = "|".join(str(data.get(k, "")) for k in KEYS[rec.record_set])
        rec.save(update_fields=["data", "key", "changed_at"])
        counts.monitoring_anonymised += 1
    replace = Replacer(reference, token)
    counts.trail_rewritten = scrub_trail(case.service_id, replace)
    counts.texts_rewritten = scrub_places(case.service_id, replace)
    return counts


def _monitoring_of(service_id: int, reference: str) -> list[IndicatorRecord]:
    candidates = IndicatorRecord.objects.filter(
        service_id=service_id, record_set__in=REFERENCED_SETS, key__istartswith=reference + "|"
    )
    return [r for r in candidates if str(r.data.get("reference", "")).lower() == reference.lower()]


def erase_case(*, actor: Actor, case: Case, reason: str) -> Erasure:
    """Erase one child's case on request: anonymised in place, answers kept as figures.

    The trail row names who, when and why, and the anonymous token, never the reference.
    """
    reason = (reason or "").strip()
    if not reason:
        raise RetentionError("Give the reason for the erasure.")
    if len(reason) > REASON_MAX:
        raise RetentionError(f"The reason is longer than {REASON_MAX} characters.")
    if Erasure.objects.filter(case=case).exists():
        raise RetentionError("This case has already been erased.")
    with transaction.atomic():
        token = _new_token()
        counts = _anonymise_case(case, token)
        erasure = Erasure.objects.create(
            service_id=case.service_id,
            case=case,
            token=token,
            cause=ErasureCause.REQUEST,
            reason=reason,
            erased_by=user_of(actor),
        )
        record(
            actor=actor,
            action="retention.erase",
            target=erasure,
            service=case.service_id,
            after={"reason": reason, "token": token, **counts.as_dict()},
        )
    return erasure


# --- Subject access request export ----------------------------------------------------


def export_case(*, actor: Actor, case: Case) -> bytes:
    """Everything held on one case reference as a ZIP (JSON, CSV, an HTML summary).

    Recorded in the trail (who asked, when; the case by its id)."""
    data = build_export(case)
    record(
        actor=actor,
        action="retention.export",
        target=case,
        after={"bytes": len(data)},
    )
    return data


# --- Applying the retention rules ----------------------------------------------------


def _start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _scoped(qs: QuerySet[Any], service: Service | None, path: str = "service") -> QuerySet[Any]:
    return qs if service is None else qs.filter(**{path: service})


def _closed_cases(service: Service | None, cutoff: dt.date) -> QuerySet[Case]:
    qs = Case.objects.filter(end_date__lt=cutoff, erasure__isnull=True)
    return _scoped(qs, service)


def _old_audits(service: Service | None, cutoff: dt.date) -> QuerySet[CaseAudit]:
    rounds = AuditRound.objects.filter(status="closed", period_end__lt=cutoff)
    # Positive tests only: a negated test on a many-valued relation would mean "no
    # answer has an empty note", not "some answer has a note".
    qs = CaseAudit.objects.filter(round__in=rounds).filter(
        Q(summary__gt="")
        | Q(return_comments__gt="")
        | Q(reopen_reason__gt="")
        | Q(answers__note__gt="")
        | Q(second_marks__note__gt="")
        | Q(resolutions__note__gt="")
    )
    return _scoped(qs.distinct(), service, "case__service")


def _old_evidence(service: Service | None, cutoff: dt.date) -> QuerySet[EvidenceFile]:
    qs = EvidenceFile.objects.filter(uploaded_at__lt=_start(cutoff))
    return _scoped(qs, service, "update__action__plan__service")


def _old_monitoring(service: Service | None, cutoff: dt.date) -> list[IndicatorRecord]:
    qs = _scoped(IndicatorRecord.objects.filter(record_set__in=REFERENCED_SETS), service)
    past = []
    for rec in qs.iterator():
        when = next((rec.data.get(k) for k in RECORD_DATES if rec.data.get(k)), None)
        try:
            day = dt.date.fromisoformat(str(when)) if when else rec.changed_at.date()
        except ValueError:
            day = rec.changed_at.date()
        if day < cutoff and not str(rec.data.get("reference", "")).startswith(ERASED_PREFIX):
            past.append(rec)
    return past


def _old_imports(service: Service | None, cutoff: dt.date) -> list[QuerySet[Any]]:
    start = _start(cutoff)
    return [
        _scoped(CaseImport.objects.filter(uploaded_at__lt=start), service).exclude(
            filename__regex=DONE_IMPORT
        ),
        _scoped(MonitoringImport.objects.filter(imported_at__lt=start), service).exclude(
            filename__regex=DONE_IMPORT
        ),
        _scoped(PracticeImport.objects.filter(imported_at__lt=start), service).exclude(
            filename__regex=DONE_IMPORT
        ),
    ]


def _old_events(service: Service | None, cutoff: dt.date) -> QuerySet[AuditEvent]:
    return _scoped(AuditEvent.objects.filter(timestamp__lt=_start(cutoff)), service)


def _expired(cutoff: dt.date) -> tuple[QuerySet[Session], QuerySet[ApiToken]]:
    start = _start(cutoff)
    sessions = Session.objects.filter(expire_date__lt=start)
    tokens = ApiToken.objects.filter(Q(expires_at__lt=start) | Q(revoked_at__lt=start))
    return sessions, tokens


def _count(kind: str, service: Service | None, cutoff: dt.date) -> int:
    if kind == "job_files":
        return job_selectors.files_past(_start(cutoff), service).count()
    if kind == "closed_cases":
        return _closed_cases(service, cutoff).count()
    if kind == "case_audits":
        return _old_audits(service, cutoff).count()
    if kind == "evidence_files":
        return _old_evidence(service, cutoff).count()
    if kind == "monitoring_records":
        return len(_old_monitoring(service, cutoff))
    if kind == "import_files":
        return sum(qs.count() for qs in _old_imports(service, cutoff))
    if kind == "audit_trail":
        return _old_events(service, cutoff).count()
    if service is not None:
        return 0  # sessions and tokens belong to no service: only a run over all
    sessions, tokens = _expired(cutoff)
    return sessions.count() + tokens.count()


def _apply(kind: str, action: str, service: Service | None, cutoff: dt.date, today: dt.date) -> int:
    if kind == "job_files":
        # The job's page says after how many days its file went.
        days = (today - cutoff).days
        return jobs_remove_files(before=_start(cutoff), days=days, service=service)
    if kind == "closed_cases":
        done = 0
        for case in _closed_cases(service, cutoff):
            token = _new_token()
            _anonymise_case(case, token)
            Erasure.objects.create(
                service_id=case.service_id, case=case, token=token, cause=ErasureCause.RETENTION
            )
            done += 1
        return done
    if kind == "case_audits":
        audits = CaseAudit.objects.filter(
            pk__in=list(_old_audits(service, cutoff).values_list("pk", flat=True))
        )
        n = audits.count()
        _clear_audit_text(audits)
        return n
    if kind == "evidence_files":
        done = 0
        for ev in _old_evidence(service, cutoff):
            ev.file.delete(save=False)
            ev.delete()
            done += 1
        return done
    if kind == "monitoring_records":
        records = _old_monitoring(service, cutoff)
        for rec in records:
            if action == "remove":
                rec.delete()
            else:
                data = dict(rec.data)
                data["reference"] = _new_token()
                rec.data = data
                rec.key = "|".join(str(data.get(k, "")) for k in KEYS[rec.record_set])
                rec.save(update_fields=["data", "key", "changed_at"])
        return len(records)
    if kind == "import_files":
        done = 0
        for qs in _old_imports(service, cutoff):
            for imp in qs:
                imp.filename = f"import-{imp.pk}"
                changed = ["filename"]
                for name in ("headers", "kept_columns", "kept_rows", "preview", "pending"):
                    if hasattr(imp, name):
                        setattr(imp, name, None if name == "pending" else [])
                        changed.append(name)
                imp.save(update_fields=changed)
                done += 1
        return done
    if kind == "audit_trail":
        # The trail refuses ORM deletes (append-only); retention is the one sanctioned
        # removal, and its own row (counts only) is written after it.
        events = _old_events(service, cutoff)
        n = events.count()
        events._raw_delete(events.db)
        return n
    if service is not None:
        return 0
    sessions, tokens = _expired(cutoff)
    n = sessions.count() + tokens.count()
    sessions.delete()
    tokens.delete()
    return n


def run_retention(
    *,
    actor: Actor,
    apply: bool = False,
    service: Service | None = None,
    today: dt.date | None = None,
    progress: Callable[[str], None] | None = None,
) -> RetentionRun:
    """What is past retention, kind by kind; with `apply`, remove or anonymise it.

    A dry run (the default) writes nothing. Applying writes one audit-trail row per
    kind (a batch): its counts, action and cutoff, never a reference.
    """
    day = today or timezone.localdate()
    table = _rules()
    run = RetentionRun(today=day, applied=apply, service=service.code if service else None)
    for kind in KINDS:
        rule = table.rule(kind)
        cutoff = rule.cutoff(day)
        if apply:
            with transaction.atomic():
                count = _apply(kind, rule.action, service, cutoff, day)
                if count:
                    record(
                        actor=actor,
                        action="retention.apply",
                        target=None,
                        service=service,
                        after={
                            "kind": kind,
                            "action": rule.action,
                            "cutoff": cutoff.isoformat(),
                            "count": count,
                        },
                    )
        else:
            count = _count(kind, service, cutoff)
        run.results.append(KindResult(kind, rule.action, cutoff, count, rule.inferred))
        if progress is not None:
            progress(kind)
    return run


def run_scheduled() -> Said:
    """The scheduler's entry (YJAUDIT_SCHEDULED_TASKS["retention"]): apply, as the system."""
    run = run_retention(actor=None, apply=True)
    return Said(
        tuple(
            (
                gettext_noop("%(kind)s: %(count)s"),
                {"kind": Said.word(KIND_WORDS.get(r.kind, r.kind)), "count": r.count},
            )
            for r in run.results
        )
    )
