"""Signals other apps listen to, so this app never imports them.

`roles_changed(actor, user)`: sent inside the transaction of a role grant, revoke or
set that changed `user`'s roles. `accounts` revokes the user's API tokens on it (a
token never outlives the roles, and the two-factor requirement, it was issued under).
"""

from __future__ import annotations

from django.dispatch import Signal

roles_changed = Signal()
