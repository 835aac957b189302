"""Background jobs: a row per request, run by Celery workers, scheduled work (issue 15).

Other apps register what a job kind does (`YJAUDIT_JOB_KINDS`) and what runs on a
schedule (`YJAUDIT_SCHEDULED_TASKS`) by dotted path, so this app imports none of them.
"""
