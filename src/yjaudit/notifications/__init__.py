"""E-mail notifications: an outbox of one row per notification, sent once.

Writers (`services.notify`, called from the audits workflow, improvement reminders and
invitations through `events`) put a row in the outbox with an idempotency key;
`services.send_pending()` sends what is waiting through the configured sender (Django's
e-mail backend over SMTP, or GOV.UK Notify). No child's data is ever put in an e-mail:
the values a notification carries are a link, a count, dates and role names.
See docs/notifications.md.
"""
