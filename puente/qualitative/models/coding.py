"""Codings by coder, memos, and framework-matrix cell summaries."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .codebook import Code
from .documents import Document
from .projects import Case, Project, ProjectMember


class Coding(models.Model):
    """One code applied by one coder to [start, end) of a document, in Unicode code points."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="codings")
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="codings")
    code = models.ForeignKey(Code, on_delete=models.PROTECT, related_name="codings")
    coder = models.ForeignKey(ProjectMember, on_delete=models.PROTECT, related_name="codings")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    # The team's reconciled version of a document, as opposed to one coder's.
    agreed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    refi_selection_guid = models.CharField(max_length=40, blank=True)
    refi_guid = models.CharField(max_length=40, blank=True)
    refi_extra = models.JSONField(default=dict, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    retired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    version = models.PositiveIntegerField(default=1)

    AUDITED_FIELDS = ["document", "code", "coder", "start", "end", "agreed", "retired_at"]

    class Meta:
        ordering = ["document", "start", "end", "pk"]
        indexes = [
            models.Index(fields=["document", "retired_at"]),
            models.Index(fields=["project", "code"]),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="coding_order")
        ]

    def __str__(self) -> str:
        return f"{self.code_id} {self.start}-{self.end} by {self.coder_id}"


class Memo(models.Model):
    """A note on the project, a document, a case, a code or a selection of a document."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="memos")
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    author_name = models.CharField(max_length=200, blank=True)
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="memos"
    )
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="memos")
    code = models.ForeignKey(Code, on_delete=models.PROTECT, null=True, blank=True, related_name="memos")
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    refi_guid = models.CharField(max_length=40, blank=True)
    refi_extra = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    AUDITED_FIELDS = ["title", "text", "document", "case", "code", "start", "end", "retired_at"]

    class Meta:
        ordering = ["-updated_at", "pk"]

    def __str__(self) -> str:
        return self.title


class MatrixCell(models.Model):
    """The team's summary of what one case says about one code (framework method charting)."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="matrix_cells")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="matrix_cells")
    code = models.ForeignKey(Code, on_delete=models.PROTECT, related_name="matrix_cells")
    summary = models.TextField(_("summary"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "code"], name="one_cell_per_case_and_code")]

    def __str__(self) -> str:
        return f"cell {self.case_id} x {self.code_id}"
