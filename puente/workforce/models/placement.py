"""Accredited PSWs placed in a team or service, and the hours they work there."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from puente.accounts.models import Site
from puente.workforce.models.training import Accreditation


class ServiceKind(models.TextChoices):
    INPATIENT_UNIT = "inpatient_unit", _("Inpatient unit")
    COMMUNITY_RECOVERY = "community_recovery", _("Community recovery service")
    CTI_TEAM = "cti_team", _("CTI team")
    OTHER = "other", _("Other service")


class PlacementOutcome(models.TextChoices):
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    LEFT = "left", _("Left early")


class Placement(models.Model):
    # The team or service is described by kind, name and site; a later change can link a programme team.
    accreditation = models.ForeignKey(Accreditation, on_delete=models.PROTECT, related_name="placements")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="psw_placements"
    )
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="psw_placements")
    service_kind = models.CharField(_("kind of service"), max_length=30, choices=ServiceKind.choices)
    service_name = models.CharField(_("team or service"), max_length=200)
    hours_per_week = models.DecimalField(_("hours per week"), max_digits=4, decimal_places=1)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    reference_professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="psw_placements_referenced",
        verbose_name=_("reference professional"),
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=PlacementOutcome.choices, default=PlacementOutcome.ONGOING
    )
    outcome_on = models.DateField(_("outcome date"), null=True, blank=True)
    outcome_reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    AUDITED_FIELDS = [
        "worker",
        "site",
        "service_kind",
        "service_name",
        "hours_per_week",
        "starts_on",
        "ends_on",
        "reference_professional",
        "outcome",
        "outcome_on",
        "outcome_reason",
    ]

    class Meta:
        ordering = ["-starts_on", "pk"]
        indexes = [models.Index(fields=["worker", "starts_on"])]

    def __str__(self) -> str:
        return f"{self.service_name} ({self.get_service_kind_display()})"

    @property
    def effective_end(self):
        """The last day the placement runs: its planned end, or the day it ended early."""
        if self.outcome_on is not None and self.outcome_on < self.ends_on:
            return self.outcome_on
        return self.ends_on


class HoursEntry(models.Model):
    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="hours")
    worked_on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-worked_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.hours} h on {self.worked_on}"
