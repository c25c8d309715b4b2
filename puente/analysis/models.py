"""Saved evaluations (the options of an analysis) and their rendered reports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from puente.programs.models import Programme


class Evaluation(models.Model):
    """A saved analysis: a programme and the options chosen in the builder (groups, instruments,
    time points, test overrides). Results are always recomputed from the current data."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    options = models.JSONField(default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    retired_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    AUDITED_FIELDS = ["programme", "title", "options"]

    class Meta:
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return self.title


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Rendering")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class Report(models.Model):
    """One rendering of an evaluation (HTML and PDF) in one language, made by a background task.

    ``site_ids`` are the sites whose data the report contains (the requester's scope at the time):
    only people who see all of them may open it."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.PROTECT, related_name="reports")
    language = models.CharField(max_length=5, choices=settings.LANGUAGES)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    site_ids = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(max_length=40, blank=True)
    html = models.TextField(blank=True)
    pdf = models.BinaryField(null=True, blank=True)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)
    pdf_seconds = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"report {self.pk} of evaluation {self.evaluation_id}"

    @property
    def is_finished(self) -> bool:
        return self.status in (ReportStatus.DONE, ReportStatus.FAILED)
