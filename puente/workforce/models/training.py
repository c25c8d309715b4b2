"""Training cohorts run from a curriculum template, their sessions, attendance and accreditation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from puente.accounts.models import Site
from puente.workforce.models.recruitment import Candidate


class Cohort(models.Model):
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="training_cohorts", verbose_name=_("site")
    )
    name = models.CharField(_("name"), max_length=200)
    curriculum_key = models.CharField(_("curriculum"), max_length=60)
    # The accreditation rule as it stood when the cohort began, so a later edit of the template
    # cannot change who qualified.
    rule = models.JSONField(default=dict)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    starts_on = models.DateField(_("starts on"))
    trainers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="training_cohorts", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-starts_on", "name"]

    def __str__(self) -> str:
        return self.name


class Enrollment(models.Model):
    """A candidate taking part in a cohort: a trainee."""

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="enrollments")
    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="enrollments")
    enrolled_on = models.DateField(_("enrolled on"))
    practice_completed_on = models.DateField(_("practice completed on"), null=True, blank=True)
    withdrawn_on = models.DateField(_("left the training on"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for leaving"), blank=True)

    class Meta:
        ordering = ["candidate__code"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "candidate"], name="one_enrollment_per_cohort")
        ]

    def __str__(self) -> str:
        return f"{self.candidate_id} in {self.cohort_id}"


class TrainingSession(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="sessions")
    module_key = models.CharField(_("module"), max_length=60)
    held_on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    place = models.CharField(_("place"), max_length=200)
    trainers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="training_sessions", blank=True)

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.module_key} {self.held_on}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused")


class Attendance(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.PROTECT, related_name="attendance")
    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "enrollment"], name="one_attendance_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id} {self.status} at {self.session_id}"


class Accreditation(models.Model):
    """A trainee found to meet their curriculum's rule; kept when revoked, with the reason."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="accreditations")
    certificate_number = models.CharField(_("certificate number"), max_length=40, unique=True)
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    attendance_percent = models.DecimalField(_("attendance"), max_digits=5, decimal_places=1)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    revoked_reason = models.TextField(_("reason for revoking"), blank=True)

    class Meta:
        ordering = ["-issued_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment"],
                condition=models.Q(revoked_on__isnull=True),
                name="one_valid_accreditation",
            )
        ]

    def __str__(self) -> str:
        return self.certificate_number

    @property
    def is_valid(self) -> bool:
        return self.revoked_on is None
