"""Joint displays: quantitative results of an evaluation beside coded quotations of a qualitative project.

A display stores only the team's choices (which result, which codes, the meta-inference and its note).
The numbers and the quotations are computed when the display is read, so they always follow the
current data, the consent state and the codings.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from puente.accounts.models import Site
from puente.analysis.models import Evaluation
from puente.qualitative.models import CodebookVersion, Project


class MetaInference(models.TextChoices):
    PENDING = "", _("Not decided yet")
    CONVERGES = "converges", _("Converges")
    DIVERGES = "diverges", _("Diverges")
    EXPANDS = "expands", _("Expands")


class JointDisplay(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.PROTECT, related_name="+")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="+")
    codebook_version = models.ForeignKey(CodebookVersion, on_delete=models.PROTECT, related_name="+")
    # The site the two strands share: who may read the display follows it.
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    retired_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    AUDITED_FIELDS = ["evaluation", "project", "codebook_version", "site", "title", "retired_at"]

    class Meta:
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


class JointDisplayRow(models.Model):
    """One quantitative result (a pairwise change of the evaluation, named by its comparison key)."""

    display = models.ForeignKey(JointDisplay, on_delete=models.PROTECT, related_name="rows")
    comparison_key = models.CharField(max_length=300)
    position = models.PositiveIntegerField(default=0)
    # Ids of the qualitative project's codes and code groups linked to the row (codes are never deleted,
    # only retired; which of them count is decided by the display's codebook version when read).
    code_ids = models.JSONField(default=list, blank=True)
    group_ids = models.JSONField(default=list, blank=True)
    meta_inference = models.CharField(
        _("meta-inference"), max_length=12, choices=MetaInference.choices, blank=True, default=""
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    retired_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    AUDITED_FIELDS = ["comparison_key", "code_ids", "group_ids", "meta_inference", "note", "retired_at"]

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.comparison_key
