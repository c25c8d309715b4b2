"""Transcripts and other texts, kept verbatim, with their speaker turns."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .projects import Project


class DocumentKind(models.TextChoices):
    INTERVIEW = "interview", _("Interview")
    FOCUS_GROUP = "focus_group", _("Focus group")
    QUESTIONNAIRE = "questionnaire", _("Open questionnaire")
    OTHER = "other", _("Other")


class DocumentFormat(models.TextChoices):
    TXT = "txt", _("Plain text")
    DOCX = "docx", _("Word document")
    ODT = "odt", _("OpenDocument text")
    VTT = "vtt", _("WebVTT captions")
    SRT = "srt", _("SubRip captions")
    PASTE = "paste", _("Pasted text")
    REFI = "refi", _("REFI-QDA import")


class Document(models.Model):
    """A text to code. Positions are Unicode code points into `text`, which is never normalised."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="documents")
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.INTERVIEW
    )
    source_format = models.CharField(_("format"), max_length=10, choices=DocumentFormat.choices)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    text = models.TextField(_("text"))
    # False when an imported project named a text the archive did not hold (codings kept as they were).
    text_available = models.BooleanField(default=True)
    # Coding is refused until the de-identification review has been applied.
    deidentified_at = models.DateTimeField(null=True, blank=True)
    deidentified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    # Set when the team has reconciled the coders into an agreed version.
    reconciled_at = models.DateTimeField(null=True, blank=True)
    refi_guid = models.CharField(max_length=40, blank=True)
    refi_extra = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    retired_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["title", "pk"]
        indexes = [models.Index(fields=["project", "retired_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_deidentified(self) -> bool:
        return self.deidentified_at is not None


class SpeakerTurn(models.Model):
    """A speaker's turn [start, end) in a document, so codings can be filtered by speaker."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="turns")
    speaker = models.CharField(_("speaker"), max_length=100)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()

    class Meta:
        ordering = ["document", "start"]
        indexes = [models.Index(fields=["document", "start"])]

    def __str__(self) -> str:
        return f"{self.speaker} {self.start}-{self.end}"
