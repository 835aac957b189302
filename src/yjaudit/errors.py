"""The one base class of the errors a service raises when the domain refuses a change.

Each app derives its own (`AuditError`, `SampleError`, `ImportRejected`, ...); the
message is for the user, so views show it and the API answers 400 with it. Pure: no
Django, so every layer may import it.
"""

from __future__ import annotations


class DomainError(Exception):
    """A change the domain refuses; the message is for the user."""
