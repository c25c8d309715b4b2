"""The codebook: hierarchical codes, code groups (sets) and the versions it went through."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .projects import Project


class Code(models.Model):
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="codes")
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    name = models.CharField(_("name"), max_length=200)
    definition = models.TextField(_("definition"), blank=True)
    inclusion = models.TextField(_("use it when"), blank=True)
    exclusion = models.TextField(_("do not use it when"), blank=True)
    example = models.TextField(_("example"), blank=True)
    colour = models.CharField(_("colour"), max_length=7, default="#4a7fb5")
    # Which starting framework it came from ("watson", "chime", "content_groups"), blank if the team's own.
    framework = models.CharField(max_length=40, blank=True)
    is_codable = models.BooleanField(default=True)
    position = models.PositiveIntegerField(default=0)
    refi_guid = models.CharField(max_length=40, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    retired_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    AUDITED_FIELDS = [
        "name",
        "parent",
        "definition",
        "inclusion",
        "exclusion",
        "example",
        "colour",
        "retired_at",
    ]

    class Meta:
        ordering = ["position", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class CodeGroup(models.Model):
    """A set of codes (ATLAS.ti code group, NVivo set, seed 004's four groups)."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="code_groups")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    codes = models.ManyToManyField(Code, related_name="groups", blank=True)
    refi_guid = models.CharField(max_length=40, blank=True)
    refi_extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class CodebookVersion(models.Model):
    """A numbered state of the codebook with what changed since the previous one."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="codebook_versions")
    number = models.PositiveIntegerField()
    changes = models.JSONField(default=list)
    snapshot = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["project", "number"], name="unique_codebook_version")]

    def __str__(self) -> str:
        return f"codebook version {self.number}"
