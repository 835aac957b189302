"""Questionnaire collections, one-use links and responses, per service.

Anonymous by design: a link holds no case reference and no person, and says whether it
was used but not when; a response holds neither, nor which link it came by, nor a time
of day (only the date it was given), so no one can tell from the data which child or
victim gave which answers.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from yjaudit.organisations.models import Service

from .questionnaires import questionnaire_of, words_language


class Collection(models.Model):
    """A service gathering answers to one questionnaire (children's or victims')."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    questionnaire = models.CharField(max_length=64)  # a bundled questionnaire's id
    name = models.CharField(max_length=200)  # as given when opened; "" for none
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        indexes = [models.Index(fields=["service", "questionnaire"])]

    def __str__(self) -> str:
        return self.title

    def audit_repr(self) -> str:
        return f"{self.questionnaire} questionnaire collection {self.name}".rstrip()

    @property
    def title(self) -> str:
        """What pages call it: the name it was given, else its questionnaire's title in
        the reader's language. Collections opened before names were optional hold the
        English title as their name: that, too, reads as the title in the reader's language."""
        found = questionnaire_of(self.questionnaire)
        if found is None:
            return self.name or self.questionnaire
        if self.name and self.name != found.title.en:
            return self.name
        return found.title.get(words_language())

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Link(models.Model):
    """A one-use link: only the SHA-256 of its random token is kept."""

    collection = models.ForeignKey(Collection, on_delete=models.PROTECT, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    # Whether it was used, never when: a card handed to someone and a date of use would
    # together point at that person's response (which carries its date).
    used = models.BooleanField(default=False)
    # Answers given so far (question id to value), until the person submits them.
    draft = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"link {self.pk}"


class Source(models.TextChoices):
    ONLINE = "online", "online"
    PAPER = "paper", "paper"


class Response(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.PROTECT, related_name="responses")
    source = models.CharField(max_length=10, choices=Source.choices)
    submitted_on = models.DateField()
    language = models.CharField(max_length=8, default="en")
    answers = models.JSONField()
    # Paper questionnaires: the member of staff who typed it in (online: nobody).
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["submitted_on", "pk"]
        indexes = [models.Index(fields=["collection", "submitted_on"])]

    def __str__(self) -> str:
        return f"{self.source} response of {self.submitted_on}"

    def audit_repr(self) -> str:
        return f"{self.source} questionnaire response"
