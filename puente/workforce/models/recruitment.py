"""Candidates for the peer support role (pseudonymous), their identity kept apart, and selection."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from puente.accounts.models import Site
from puente.people.models import NationalIdKind


class CandidateSource(models.TextChoices):
    CURRENT_SERVICE_USER = "current_service_user", _("Current user of the service")
    FORMER_SERVICE_USER = "former_service_user", _("Former user of the service")
    ADVOCACY_GROUP = "advocacy_group", _("Advocacy or self-help group")
    REFERRAL = "referral", _("Referral")


class Stage(models.TextChoices):
    APPLIED = "applied", _("Applied")
    INTERVIEWED = "interviewed", _("Interviewed")
    SELECTED = "selected", _("Selected for training")
    IN_TRAINING = "in_training", _("In training")
    ACCREDITED = "accredited", _("Accredited")
    PLACED = "placed", _("Placed")
    LEFT = "left", _("Left")


# The pipeline moves forward only; "left" can be reached from any stage.
STAGE_ORDER: tuple[str, ...] = (
    Stage.APPLIED,
    Stage.INTERVIEWED,
    Stage.SELECTED,
    Stage.IN_TRAINING,
    Stage.ACCREDITED,
    Stage.PLACED,
)


class Candidate(models.Model):
    """The pseudonymous record of one person in the recruitment pipeline: a code, never a name."""

    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="psw_candidates", verbose_name=_("site")
    )
    code = models.CharField(_("candidate code"), max_length=32, unique=True)
    source = models.CharField(_("source"), max_length=30, choices=CandidateSource.choices)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.APPLIED)
    stage_since = models.DateField(_("in this stage since"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    # The person's account, once they have one (trainees see their own progress through it).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="psw_candidacies",
        verbose_name=_("account"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    AUDITED_FIELDS = ["code", "site", "source", "stage", "stage_since", "language", "user"]

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class CandidateIdentity(models.Model):
    """Direct identifiers of a candidate, read only by coordinators and administrators, each read logged."""

    candidate = models.OneToOneField(Candidate, on_delete=models.PROTECT, related_name="identity")
    full_name = models.CharField(_("full name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    national_id_kind = models.CharField(
        _("kind of national ID"), max_length=10, choices=NationalIdKind.choices, blank=True
    )
    national_id = models.CharField(_("national ID"), max_length=40, blank=True)
    # A second editor of a stale version gets the conflict page.
    version = models.PositiveIntegerField(default=0)

    AUDITED_FIELDS = ["full_name", "phone", "email", "national_id_kind", "national_id"]

    def __str__(self) -> str:
        return f"identity of candidate {self.candidate_id}"


class StageChange(models.Model):
    """The history of a candidate's stages, with dates and reasons."""

    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="stage_changes")
    from_stage = models.CharField(_("from"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=20, choices=Stage.choices)
    changed_on = models.DateField(_("date"))
    reason = models.TextField(_("reason"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.from_stage} -> {self.to_stage} on {self.changed_on}"


class SelectionCriterion(models.Model):
    """One item of a site's selection checklist, scored by each member of the interview panel."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="psw_selection_criteria")
    # Built-in criteria carry a key so their label is translated; a site's own ones only a name.
    key = models.SlugField(max_length=40, blank=True)
    name = models.CharField(_("criterion"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["site", "name"], name="unique_selection_criterion")]

    def __str__(self) -> str:
        from puente.workforce.criteria import criterion_label

        return criterion_label(self.key, self.name)


class InterviewScore(models.Model):
    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="interview_scores")
    criterion = models.ForeignKey(SelectionCriterion, on_delete=models.PROTECT, related_name="scores")
    panel_member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "criterion", "panel_member"], name="one_score_per_panel_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.score}"
