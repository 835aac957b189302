"""Retention, erasure and subject access requests (issue 15 item 6).

Rules per record kind are data (`rules/retention.yaml`, read by `rules.py`); `services`
applies them (dry run by default), erases one child's case on an administrator's request
and exports everything held on one case reference. Answers are kept as anonymous figures,
so a round's results never change when its cases are erased. See docs/retention.md.
"""
