"""Projects, their members (coders) and cases."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from puente.accounts.models import Site
from puente.people.models import Participant


class Project(models.Model):
    """One qualitative study (e.g. the user interviews of a site's programme)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    sites = models.ManyToManyField(Site, related_name="qda_projects", verbose_name=_("sites"), blank=True)
    # While True, each coder sees only their own codings; the lead ends it when the team compares.
    independent_coding = models.BooleanField(_("independent coding"), default=False)
    # Names and places the team wants removed from transcripts, one per line ("term" or "term = [PLACE]").
    deidentify_list = models.TextField(_("names and places to remove"), blank=True)
    refi_guid = models.CharField(max_length=40, blank=True)
    refi_extra = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    retired_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    AUDITED_FIELDS = ["name", "description", "independent_coding", "deidentify_list", "retired_at"]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MemberRole(models.TextChoices):
    LEAD = "lead", _("Lead (manages the project)")
    CODER = "coder", _("Coder")
    # A coder known only from an imported REFI-QDA project, with no Puente account.
    EXTERNAL = "external", _("External coder (imported)")


class ProjectMember(models.Model):
    """A coder of the project: a Puente user, or a coder named in an imported project."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="qda_memberships", null=True
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.CODER)
    refi_guid = models.CharField(max_length=40, blank=True)
    refi_id = models.CharField(max_length=200, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "user"], condition=models.Q(user__isnull=False), name="one_member_per_user"
            )
        ]

    def __str__(self) -> str:
        return self.name


class CaseKind(models.TextChoices):
    PARTICIPANT = "participant", _("Service user")
    PSW = "psw", _("Peer support worker")
    PROFESSIONAL = "professional", _("Professional")
    GROUP = "group", _("Group")
    OTHER = "other", _("Other")


class Case(models.Model):
    """A unit of analysis (a person or group). Named by a study code, never a personal name."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="cases")
    name = models.CharField(_("case"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=CaseKind.choices, default=CaseKind.OTHER)
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, null=True, blank=True, related_name="qda_cases"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="qda_cases"
    )
    # Custom attributes on top of the inherited ones: {"name": "value"}.
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)
    description = models.TextField(_("description"), blank=True)
    documents = models.ManyToManyField("Document", through="CaseDocument", related_name="cases")
    refi_guid = models.CharField(max_length=40, blank=True)
    refi_extra = models.JSONField(default=dict, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["project", "name"], name="unique_case_name")]

    def __str__(self) -> str:
        return self.name


class CaseDocument(models.Model):
    """A document belongs to a case; in a focus group, only the turns of `speaker` do."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links")
    document = models.ForeignKey("Document", on_delete=models.CASCADE, related_name="case_links")
    speaker = models.CharField(_("speaker label"), max_length=100, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "document", "speaker"], name="unique_case_document")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} in {self.document_id}"


class RefiLeftover(models.Model):
    """What an imported REFI-QDA project held that Puente does not model (PDF or audio sources,
    links, graphs, rich-text files), kept so that nothing is dropped and an export gives it back."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="refi_leftovers")
    container = models.CharField(max_length=100)
    kind = models.CharField(max_length=100)
    guid = models.CharField(max_length=40, blank=True)
    name = models.CharField(max_length=500, blank=True)
    xml = models.TextField(blank=True)
    # For archive members (attachments): the member name and its bytes.
    member = models.CharField(max_length=500, blank=True)
    data = models.BinaryField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.container}: {self.kind} {self.guid}"
