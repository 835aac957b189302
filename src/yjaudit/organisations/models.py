"""Services, their teams and staff, and the roles users hold in each service."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Nation(models.TextChoices):
    ENGLAND = "england", _("England")
    WALES = "wales", _("Wales")


class Role(models.TextChoices):
    """Roles a user holds in a service. What each may do is in `permissions.ACTIONS`."""

    ADMINISTRATOR = "administrator", _("Administrator")
    QA_LEAD = "qa_lead", _("QA lead")
    AUDITOR = "auditor", _("Auditor")
    MANAGER = "manager", _("Manager")
    PRACTITIONER = "practitioner", _("Practitioner")
    BOARD_MEMBER = "board_member", _("Board member")
    INSPECTOR = "inspector", _("Inspector")


class StaffRole(models.TextChoices):
    CASE_MANAGER = "case_manager", _("Case manager")
    OPERATIONAL_MANAGER = "operational_manager", _("Operational manager")
    OTHER = "other", _("Other")


service_code_validator = RegexValidator(
    r"^[A-Z0-9][A-Z0-9-]{1,19}$",
    _("Use 2 to 20 capital letters, digits or hyphens, e.g. DERBY."),
)


class Service(models.Model):
    """A youth justice service (YOT / YOS / YJS)."""

    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(
        _("code"), max_length=20, unique=True, validators=[service_code_validator]
    )
    nation = models.CharField(_("nation"), max_length=10, choices=Nation.choices)
    region = models.CharField(_("region"), max_length=100, blank=True)
    family_group = models.CharField(_("YJB family group"), max_length=50, blank=True)
    population_10_17 = models.PositiveIntegerField(
        _("population aged 10 to 17"), null=True, blank=True
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="teams", verbose_name=_("service")
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["service__name", "name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [models.UniqueConstraint(fields=["service", "name"], name="team_unique_name")]

    def __str__(self) -> str:
        return self.name


class StaffMember(models.Model):
    """A member of a service's staff (adults: names are fine; children's never are)."""

    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="staff", verbose_name=_("service")
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("team"),
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(
        _("role"), max_length=30, choices=StaffRole.choices, default=StaffRole.CASE_MANAGER
    )
    line_manager = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("line manager"),
    )
    # Links a practitioner's account to the cases they manage (see permissions).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_records",
        verbose_name=_("user account"),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["service__name", "name"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "user"],
                condition=models.Q(user__isnull=False),
                name="staff_one_record_per_user_per_service",
            )
        ]

    def __str__(self) -> str:
        return self.name


class RoleGrant(models.Model):
    """User U holds role R in service S. A user may hold several roles in several services."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_grants",
        verbose_name=_("user"),
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="role_grants", verbose_name=_("service")
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )

    class Meta:
        ordering = ["service__name", "role"]
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            models.UniqueConstraint(fields=["user", "service", "role"], name="role_grant_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.role} @ {self.service.code}"
