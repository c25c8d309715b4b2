"""Programmes (defined as data from templates) and the enrolment of participants into them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from puente.accounts.models import Site
from puente.people.models import Participant


class ProgrammeKind(models.TextChoices):
    CTI_TS = "cti_ts", _("Critical Time Intervention - Task Shifting")
    PEER_PLACEMENT = "peer_placement", _("Peer-to-peer placement programme")
    CUSTOM = "custom", _("Custom programme")


class Programme(models.Model):
    """A programme run at one or more sites. ``definition`` holds its phases, team roles, targets,
    areas of focus and eligibility rules as data (see the templates)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ProgrammeKind.choices)
    sites = models.ManyToManyField(Site, related_name="programmes", verbose_name=_("sites"))
    definition = models.JSONField(_("definition"), default=dict)
    is_trial = models.BooleanField(_("randomised trial"), default=False)
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class EnrolmentStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    EXITED = "exited", _("Left early")


class Enrolment(models.Model):
    """A participant taking part in a programme at a site; the anchor of phases and assessment schedules."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="enrolments")
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="enrolments")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="enrolments")
    enrolled_on = models.DateField(_("enrolled on"))
    start_date = models.DateField(_("intervention start"), null=True, blank=True)
    arm = models.CharField(_("trial arm"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ACTIVE
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    exit_reason = models.CharField(_("reason for leaving"), max_length=40, blank=True)
    exit_note = models.TextField(_("note"), blank=True)
    enrolled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-enrolled_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "participant"], name="one_enrolment_per_programme")
        ]
        indexes = [models.Index(fields=["site", "status"])]

    def __str__(self) -> str:
        return f"{self.participant} in {self.programme}"
