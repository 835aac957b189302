"""Framework editions as loaded into the database.

A row is immutable once written: an audit stays tied to the exact file it was done under.
When a framework file's content changes, a new row (the next `version`) becomes current;
earlier rows stay, so their audits keep their questions and rules.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yjaudit.spec import Framework

from .cache import parse_cached
from .translations import framework_title, reading_language


class FrameworkEdition(models.Model):
    framework_id = models.CharField(max_length=64, db_index=True)
    version = models.PositiveIntegerField(help_text=_("1, 2, 3... per framework id, in load order"))
    edition = models.CharField(max_length=64)
    name = models.CharField(max_length=300)
    publisher = models.CharField(max_length=300)
    effective_from = models.DateField(null=True, blank=True)
    effective_to = models.DateField(null=True, blank=True)
    source = models.TextField(help_text=_("The framework file's YAML text, exactly as loaded"))
    sha256 = models.CharField(max_length=64)
    source_name = models.CharField(
        max_length=300, blank=True, help_text=_("File name it came from")
    )
    bundled = models.BooleanField(default=False, help_text=_("Shipped with yjaudit"))
    is_current = models.BooleanField(default=True)
    loaded_at = models.DateTimeField(auto_now_add=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["framework_id", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework_id", "sha256"], name="frameworks_edition_unique_content"
            ),
            models.UniqueConstraint(
                fields=["framework_id", "version"], name="frameworks_edition_unique_version"
            ),
            models.UniqueConstraint(
                fields=["framework_id"],
                condition=Q(is_current=True),
                name="frameworks_edition_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.edition}), version {self.version}"

    def audit_repr(self) -> str:
        return f"{self.framework_id} v{self.version} ({self.sha256[:12]})"

    def spec(self, language: str | None = None) -> Framework:
        """The parsed framework in the reader's language (the active one unless given):
        parsed once per content hash and language per process. Only words differ between
        languages; ids, answer codes, bands and rules are the file's, so scores do not.

        Only bundled editions take the bundled translation: an uploaded file under a
        bundled id may have reworded a question, and stays in its own words."""
        return parse_cached(
            self.sha256,
            self.source,
            self.source_name or self.framework_id,
            reading_language(language) if self.bundled else "",
        )

    @property
    def title(self) -> str:
        """The framework's name in the reader's language (`name` is the file's own), read
        from the translation alone, without parsing the framework."""
        if not self.bundled:
            return self.name
        return framework_title(self.framework_id, self.name)
