"""PSW + CMHW teams at a site, and which team supports which enrolment."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from puente.accounts.models import Site
from puente.people.models import Gender, WorkerRole
from puente.programs.models.programme import Enrolment


class Team(models.Model):
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="teams", verbose_name=_("site"))
    name = models.CharField(_("name"), max_length=120)
    # Languages the team can work in (language codes), used when matching participants.
    languages = models.JSONField(_("languages"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["site", "name"]
        constraints = [models.UniqueConstraint(fields=["site", "name"], name="unique_team_name_per_site")]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="members")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="team_memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=WorkerRole.choices)
    # Full-time equivalent: the caseload limit scales with it.
    fte = models.DecimalField(
        _("full-time equivalent"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("1.0"))],
    )
    # Attributes a participant may share with the worker (used, with consent, only for matching).
    gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices, blank=True)
    age_band = models.CharField(_("age band"), max_length=8, blank=True)

    class Meta:
        ordering = ["team", "role"]
        constraints = [models.UniqueConstraint(fields=["team", "worker"], name="one_membership_per_team")]

    def __str__(self) -> str:
        return f"{self.worker_id} in {self.team_id} as {self.role}"


class TeamAssignment(models.Model):
    """The history of teams supporting an enrolment; the open one is ``Enrolment.team``."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="team_assignments")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="assignments")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["enrolment", "started_on", "pk"]

    def __str__(self) -> str:
        return f"{self.team_id} supports {self.enrolment_id}"
