"""Writes to a service's further case attribute definitions (set up by platform staff in
the Django admin, the one admin page that changes data: through here, so it records)."""

from __future__ import annotations

from django.db import transaction

from yjaudit.audittrail.actors import Actor
from yjaudit.audittrail.services import record, snapshot

from .models import AttributeDefinition


def save_attribute_definition(*, actor: Actor, definition: AttributeDefinition) -> None:
    """Create or change `definition` (validated), with an audit-trail row either way."""
    definition.full_clean()
    with transaction.atomic():
        old = (
            AttributeDefinition.objects.filter(pk=definition.pk).first() if definition.pk else None
        )
        before = snapshot(old) if old is not None else None
        definition.save()
        record(
            actor=actor,
            action="case_attribute.update" if old is not None else "case_attribute.create",
            target=definition,
            before=before,
            after=snapshot(definition),
        )
