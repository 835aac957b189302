"""The case register: one row per child's case, known only by a pseudonymous reference.

There is deliberately no field for a name or date of birth: the register holds what
sampling and reporting need (disposal, setting, risk levels, protected
characteristics) and nothing that identifies a child outside the case management
system the reference points into.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from yjaudit.audittrail.archiving import Archivable
from yjaudit.organisations.models import Service, StaffMember, Team

from .codes import codes
from .register_rules import register_rules

reference_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9/_.-]{0,63}$",
    _("Use letters, digits and / _ . - only (a case management reference, never a name)."),
)


class CaseKind(models.TextChoices):
    """Which register a case belongs to (the framework's standards name it as `subject`)."""

    CHILDREN = "children", _("Children's cases")
    VICTIMS = "victims", _("Victims' cases")


class Case(Archivable):
    # A victim's case is a register entry too, so sampling, answering, moderation,
    # results and reports work on it unchanged; what only a victim's case has is in
    # VictimDetails. It carries its linked child's case's team, case manager,
    # disposal and dates (copied at import), so the same caseload and strata apply.
    kind = models.CharField(
        _("register"), max_length=20, choices=CaseKind.choices, default=CaseKind.CHILDREN
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="cases", verbose_name=_("service")
    )
    reference = models.CharField(_("reference"), max_length=64, validators=[reference_validator])
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("team"),
    )
    case_manager = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("case manager"),
    )
    disposal_type = models.CharField(
        _("disposal type"), max_length=40, choices=codes().disposal_types.choices
    )
    disposal_category = models.CharField(
        _("disposal category"), max_length=20, choices=codes().disposal_categories.choices
    )
    setting = models.CharField(_("setting"), max_length=20, choices=codes().settings.choices)
    resettlement = models.BooleanField(_("resettlement case"), default=False)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    rosh = models.CharField(
        _("risk of serious harm"), max_length=20, blank=True, choices=codes().levels.choices
    )
    safety_wellbeing = models.CharField(
        _("safety and wellbeing"), max_length=20, blank=True, choices=codes().levels.choices
    )
    likelihood_reoffending = models.CharField(
        _("likelihood of reoffending"),
        max_length=20,
        blank=True,
        choices=codes().levels.choices,
    )
    sex = models.CharField(_("sex"), max_length=20, blank=True, choices=codes().sexes.choices)
    ethnicity = models.CharField(
        _("ethnic group"), max_length=20, blank=True, choices=codes().ethnicities.choices
    )
    age_at_start = models.PositiveSmallIntegerField(
        _("age at start"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(register_rules().age_at_start.lowest),
            MaxValueValidator(register_rules().age_at_start.highest),
        ],
    )
    looked_after = models.BooleanField(_("looked after"), null=True, blank=True)
    # Attributes the service defines (AttributeDefinition), validated on every write.
    extra = models.JSONField(_("further attributes"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["service__name", "reference"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            # ABC-1 and abc-1 are the same case to a person reading them (issue 9.7).
            models.UniqueConstraint(
                "service",
                Lower("reference"),
                name="case_unique_reference_ci",
                violation_error_message=_("This service already has a case with this reference."),
            )
        ]
        indexes = [
            models.Index(fields=["service", "start_date"]),
            models.Index(fields=["service", "kind", "start_date"], name="case_service_kind_start"),
        ]

    def __str__(self) -> str:
        return self.reference

    def audit_repr(self) -> str:
        return f"case {self.reference}"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})

    def case_attributes(self) -> dict[str, str]:
        """Attributes under the names framework files test (`applies_when`, splits)."""
        attrs: dict[str, str] = {
            "setting": self.setting,
            "disposal_category": self.disposal_category,
            "disposal_type": self.disposal_type,
            "resettlement": "yes" if self.resettlement else "no",
            "rosh": self.rosh,
            "safety_wellbeing": self.safety_wellbeing,
            "likelihood_reoffending": self.likelihood_reoffending,
            "sex": self.sex,
            "ethnicity": self.ethnicity,
            "age_at_start": "" if self.age_at_start is None else str(self.age_at_start),
            "looked_after": {None: "", True: "yes", False: "no"}[self.looked_after],
        }
        details = _victim_details(self)
        if details is not None:
            attrs.update(details.case_attributes())
        for key, value in (self.extra or {}).items():
            attrs.setdefault(key, _as_text(value))
        return attrs


def _victim_details(case: Case) -> VictimDetails | None:
    if case.kind != CaseKind.VICTIMS:
        return None
    try:
        return case.victim
    except VictimDetails.DoesNotExist:
        return None


class VictimDetails(models.Model):
    """What only a victim's case records: no name, no contact details, ever.

    The victim is known by the case's reference; the child whose offence they were
    harmed by by ``linked_case`` (a children's case of the same service).
    """

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, related_name="victim", verbose_name=_("victim's case")
    )
    linked_case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        related_name="victim_cases",
        verbose_name=_("linked child's case"),
    )
    consent_to_contact = models.BooleanField(_("consent to contact"), null=True, blank=True)
    rj_offered = models.BooleanField(_("restorative justice offered"), null=True, blank=True)
    rj_taken_up = models.BooleanField(_("restorative justice taken up"), null=True, blank=True)

    class Meta:
        verbose_name = _("victim's case details")
        verbose_name_plural = _("victims' case details")

    def __str__(self) -> str:
        return f"victim details of {self.case_id}"

    def audit_repr(self) -> str:
        return f"victim details of case {self.case_id}"

    def case_attributes(self) -> dict[str, str]:
        yes_no = {None: "", True: "yes", False: "no"}
        return {
            "consent_to_contact": yes_no[self.consent_to_contact],
            "rj_offered": yes_no[self.rj_offered],
            "rj_taken_up": yes_no[self.rj_taken_up],
        }


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)


class AttributeType(models.TextChoices):
    TEXT = "text", _("Text")
    NUMBER = "number", _("Whole number")
    CHOICE = "choice", _("One of a list")
    YES_NO = "yes_no", _("Yes or no")
    DATE = "date", _("Date")


attribute_key_validator = RegexValidator(
    r"^[a-z][a-z0-9_]{0,39}$",
    _("Use lower-case letters, digits and underscores, starting with a letter."),
)


class AttributeDefinition(models.Model):
    """A further case attribute a service records (e.g. `mappa_level`, `send_plan`)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="case_attributes")
    key = models.CharField(_("key"), max_length=40, validators=[attribute_key_validator])
    label = models.CharField(_("label"), max_length=100)
    type = models.CharField(
        _("type"), max_length=10, choices=AttributeType.choices, default=AttributeType.TEXT
    )
    choices = models.JSONField(_("choices"), default=list, blank=True)
    required = models.BooleanField(_("required"), default=False)

    class Meta:
        ordering = ["service", "key"]
        constraints = [
            models.UniqueConstraint(fields=["service", "key"], name="case_attribute_unique_key")
        ]

    def __str__(self) -> str:
        return self.label


class RememberedMapping(models.Model):
    """A column mapping last used, offered again on the next import: the case
    register's per service, monitoring's per service and record set."""

    mapping = models.JSONField(default=dict)  # field -> column header
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True


class ImportMapping(RememberedMapping):
    """The column mapping a service last used, offered again on its next import."""

    service = models.OneToOneField(
        Service, on_delete=models.CASCADE, related_name="case_import_mapping"
    )

    def __str__(self) -> str:
        return f"mapping for {self.service.code}"


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    COMMITTED = "committed", _("Imported")
    DISCARDED = "discarded", _("Discarded")


class CaseImport(models.Model):
    """An uploaded export between upload and confirmation; kept afterwards as a record.

    The uploaded file itself is never stored (issue 10.3): it is parsed, and only the
    columns matched to a register field are kept (``kept_columns``/``kept_rows``), so
    names, addresses and notes in other columns never reach the database. Once the
    import is committed or discarded the kept rows are cleared too, leaving a record
    (file name, hash, mapping, counts).
    """

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="case_imports")
    # Which register the file feeds (children's or victims' cases).
    kind = models.CharField(max_length=20, choices=CaseKind.choices, default=CaseKind.CHILDREN)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    filename = models.CharField(max_length=255)
    file_format = models.CharField(max_length=10)
    headers = models.JSONField(default=list, blank=True)  # every column name in the file
    kept_columns = models.JSONField(default=list, blank=True)  # the mapped ones only
    kept_rows = models.JSONField(default=list, blank=True)  # [row number, [kept cells]]
    sha256 = models.CharField(max_length=64)
    mapping = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=20, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    committed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.filename

    def audit_repr(self) -> str:
        return f"case import {self.filename}"
