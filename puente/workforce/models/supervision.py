"""Who supervises each PSW, and the supervision sessions they attend."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from puente.accounts.models import Site


class SupervisionAssignment(models.Model):
    """A PSW's supervisor. Only the PSW and this supervisor see the PSW's wellbeing records."""

    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervised_by"
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervises"
    )
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["worker"], condition=models.Q(ends_on__isnull=True), name="one_open_supervision"
            )
        ]
        indexes = [models.Index(fields=["supervisor", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.supervisor_id} supervises {self.worker_id}"


class SupervisionKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    GROUP = "group", _("Group")


class SupervisionTopic(models.TextChoices):
    ROLE_CLARITY = "role_clarity", _("Role clarity")
    BOUNDARIES = "boundaries", _("Boundaries")
    OWN_WELLBEING = "own_wellbeing", _("Own wellbeing")
    DIFFICULT_SITUATIONS = "difficult_situations", _("Difficult situations")
    TEAMWORK = "teamwork", _("Working with the team")
    RECOGNITION = "recognition", _("Recognition of the role")
    PEER_VALUES = "peer_values", _("Keeping peer values")
    OTHER = "other", _("Other")


class SupervisionSession(models.Model):
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="supervision_sessions")
    held_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=SupervisionKind.choices)
    supervisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=60)
    topics = models.JSONField(_("topics"), default=list)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} supervision {self.held_on}"


class SupervisionAttendance(models.Model):
    session = models.ForeignKey(SupervisionSession, on_delete=models.PROTECT, related_name="attendees")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    attended = models.BooleanField(_("attended"), default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "worker"], name="one_supervision_attendance")
        ]

    def __str__(self) -> str:
        return f"{self.worker_id} at {self.session_id}"
