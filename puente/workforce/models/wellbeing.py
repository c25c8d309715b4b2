"""A PSW's own wellbeing: check-ins, alerts to the supervisor, a safeguarding plan, leave.

Visible only to the PSW and their supervisor (see selectors.wellbeing).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from puente.accounts.models import Site


class CheckIn(models.Model):
    """A short self check-in, each item 1 to 5 (stress, workload: 5 is most; sleep, support: 5 is best)."""

    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="wellbeing_checkins"
    )
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    checked_on = models.DateField(_("date"))
    stress = models.PositiveSmallIntegerField(_("stress"))
    workload = models.PositiveSmallIntegerField(_("workload"))
    sleep = models.PositiveSmallIntegerField(_("sleep"))
    support = models.PositiveSmallIntegerField(_("support"))
    comment = models.TextField(_("anything else"), blank=True)
    strain = models.DecimalField(max_digits=5, decimal_places=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-checked_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["worker", "checked_on"], name="one_checkin_per_day")]

    def __str__(self) -> str:
        return f"check-in {self.worker_id} {self.checked_on}"


class AlertKind(models.TextChoices):
    WORSENING = "worsening", _("Check-ins show rising strain")
    MISSED = "missed", _("Check-in missed")


class WellbeingAlert(models.Model):
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="wellbeing_alerts"
    )
    supervisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("alert"), max_length=20, choices=AlertKind.choices)
    raised_on = models.DateField(_("raised on"))
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    response_note = models.TextField(_("what was agreed"), blank=True)

    class Meta:
        ordering = ["acknowledged_at", "-raised_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "kind"],
                condition=models.Q(acknowledged_at__isnull=True),
                name="one_open_alert",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} alert {self.worker_id} {self.raised_on}"


class SafeguardingPlan(models.Model):
    worker = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="safeguarding_plan"
    )
    early_signs = models.TextField(_("early signs that things are getting harder"))
    what_helps = models.TextField(_("what helps"))
    adjustments = models.TextField(_("agreed adjustments"), blank=True)
    reduced_hours_per_week = models.DecimalField(
        _("reduced hours per week"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    agreed_on = models.DateField(_("agreed on"))
    review_on = models.DateField(_("review on"), null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    AUDITED_FIELDS = [
        "early_signs",
        "what_helps",
        "adjustments",
        "reduced_hours_per_week",
        "agreed_on",
        "review_on",
    ]

    def __str__(self) -> str:
        return f"safeguarding plan of {self.worker_id}"


class LeaveKind(models.TextChoices):
    PERSONAL = "personal", _("Personal leave")
    SICK = "sick", _("Sick leave")
    RECOVERY = "recovery", _("Time out for own recovery")
    OTHER = "other", _("Other")


class LeaveRecord(models.Model):
    """Leave, including time out after a relapse, recorded without blame.

    Kept out of research exports unless the PSW agreed: later export code must read these only
    through ``selectors.research.exportable_leave_records`` (``research_consent=True``).
    """

    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="psw_leave")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind of leave"), max_length=20, choices=LeaveKind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    research_consent = models.BooleanField(_("the PSW agrees to its use in research"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} leave of {self.worker_id} from {self.starts_on}"
