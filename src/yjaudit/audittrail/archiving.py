"""Archive and restore: the one way a round, plan, finding, action or case leaves view.

Nothing is deleted: archiving stamps who, when and why on the row and records a trail
row; restoring clears the stamp and records another. Each app's service decides what
an archived thing means (read-only, out of worklists, ...) and calls these two.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from yjaudit.audittrail.actors import Actor, user_of
from yjaudit.audittrail.services import record, snapshot
from yjaudit.errors import DomainError

# A reason is a sentence or two; a bound keeps the trail row (and forms) small.
REASON_MAX_CHARS = 1000
FIELDS = ("archived_at", "archived_by", "archive_reason")


class Archivable(models.Model):
    """Who archived the row, when and why (all empty while it is in use)."""

    archived_at = models.DateTimeField(_l("archived"), null=True, blank=True, db_index=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_l("archived by"),
    )
    archive_reason = models.TextField(_l("reason for archiving"), blank=True, default="")

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class ArchiveError(DomainError):
    """Archiving or restoring refused (already archived, not archived, ...)."""


M = TypeVar("M", bound=Archivable)


def clean_reason(reason: str | None, *, required: bool) -> str:
    text = (reason or "").strip()
    if required and not text:
        raise ValidationError({"reason": _("Give the reason for archiving.")})
    if len(text) > REASON_MAX_CHARS:
        raise ValidationError(
            {"reason": _("The reason must be %(n)d characters or fewer.") % {"n": REASON_MAX_CHARS}}
        )
    return text


def archive(*, actor: Actor, target: M, reason: str, action: str, service: Any = None) -> M:
    """Archive `target` (locked for the change); the caller checks its own rules first."""
    text = clean_reason(reason, required=True)
    with transaction.atomic():
        locked = type(target)._default_manager.select_for_update().get(pk=target.pk)
        if locked.archived_at is not None:
            raise ArchiveError(_("This is already archived."))
        before = snapshot(locked, FIELDS)
        locked.archived_at = timezone.now()
        locked.archived_by = user_of(actor)
        locked.archive_reason = text
        locked.save(update_fields=list(FIELDS))
        record(
            actor=actor,
            action=action,
            target=locked,
            service=service,
            before=before,
            after=snapshot(locked, FIELDS),
        )
    return locked


def restore(*, actor: Actor, target: M, action: str, reason: str = "", service: Any = None) -> M:
    """Bring `target` back into use; the reason (optional) goes to the trail row."""
    text = clean_reason(reason, required=False)
    with transaction.atomic():
        locked = type(target)._default_manager.select_for_update().get(pk=target.pk)
        if locked.archived_at is None:
            raise ArchiveError(_("This is not archived."))
        before = snapshot(locked, FIELDS)
        locked.archived_at = None
        locked.archived_by = None
        locked.archive_reason = ""
        locked.save(update_fields=list(FIELDS))
        after: dict[str, Any] = snapshot(locked, FIELDS)
        if text:
            after["restore_reason"] = text
        record(
            actor=actor, action=action, target=locked, service=service, before=before, after=after
        )
    return locked
