"""Programmes (defined as data from templates) and the enrolment of participants into them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from puente.accounts.models import Site
from puente.people.models import Participant


class ProgrammeKind(models.TextChoices):
    CTI_TS = "cti_ts", _("Critical Time Intervention - Task Shifting")
    PEER_PLACEMENT = "peer_placement", _("Peer-to-peer placement programme")
    CUSTOM = "custom", _("Custom programme")


class Programme(models.Model):
    """A programme run at one or more sites. ``definition`` holds its phases, team roles, targets,
    areas of focus and eligibility rules as data (see the templates)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ProgrammeKind.choices)
    sites = models.ManyToManyField(Site, related_name="programmes", verbose_name=_("sites"))
    definition = models.JSONField(_("definition"), default=dict)
    is_trial = models.BooleanField(_("randomised trial"), default=False)
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class EnrolmentStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    EXITED = "exited", _("Left early")


class Enrolment(models.Model):
    """A participant taking part in a programme at a site; the anchor of phases and assessment schedules."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="enrolments")
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="enrolments")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="enrolments")
    enrolled_on = models.DateField(_("enrolled on"))
    start_date = models.DateField(_("intervention start"), null=True, blank=True)
    arm = models.CharField(_("trial arm"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ACTIVE
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    exit_reason = models.CharField(_("reason for leaving"), max_length=40, blank=True)
    exit_note = models.TextField(_("note"), blank=True)
    enrolled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)
    # The eligibility checklist as answered at enrolment: {rule key: {"ok": bool, "value": ...}}.
    eligibility = models.JSONField(_("eligibility"), default=dict, blank=True)
    first_visit_on = models.DateField(_("first visit to the service"), null=True, blank=True)
    # The current team (its history is in TeamAssignment).
    team = models.ForeignKey(
        "programs.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="enrolments"
    )
    final_meeting_on = models.DateField(_("final transfer-of-care meeting"), null=True, blank=True)
    closing_note = models.TextField(_("closing note"), blank=True)

    AUDITED_FIELDS = [
        "programme",
        "participant",
        "site",
        "enrolled_on",
        "start_date",
        "status",
        "ended_on",
        "exit_reason",
        "exit_note",
        "first_visit_on",
        "eligibility",
        "final_meeting_on",
        "closing_note",
    ]

    class Meta:
        ordering = ["-enrolled_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "participant"], name="one_enrolment_per_programme")
        ]
        indexes = [models.Index(fields=["site", "status"])]

    def __str__(self) -> str:
        return f"{self.participant} in {self.programme}"


class ExitReason(models.TextChoices):
    DROP_OUT = "drop_out", _("Dropped out")
    MOVED = "moved", _("Moved away")
    HOSPITALISED = "hospitalised", _("Hospitalised")
    DIED = "died", _("Died")
    OTHER = "other", _("Other reason")


class AllocationSlot(models.Model):
    """One place in a stratum's concealed allocation sequence, drawn in advance in permuted blocks.

    A slot's arm is read only when an enrolment is confirmed and takes it; nothing shows the
    unused slots."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="allocation_slots")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField()
    block = models.PositiveIntegerField()
    block_size = models.PositiveSmallIntegerField()
    arm = models.CharField(max_length=40)
    enrolment = models.OneToOneField(
        Enrolment, null=True, blank=True, on_delete=models.PROTECT, related_name="allocation"
    )
    allocated_at = models.DateTimeField(null=True, blank=True)
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["programme", "site", "position"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "site", "position"], name="one_slot_per_position")
        ]

    def __str__(self) -> str:
        return f"{self.site_id}#{self.position}"


class Phase(models.Model):
    """The dates of one phase of an enrolment (computed from the start date, editable with a reason)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="phases")
    key = models.CharField(max_length=40)
    order = models.PositiveSmallIntegerField()
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))

    class Meta:
        ordering = ["enrolment", "order"]
        constraints = [models.UniqueConstraint(fields=["enrolment", "key"], name="one_row_per_phase")]

    def __str__(self) -> str:
        return f"{self.key} ({self.enrolment_id})"


class PhaseEventKind(models.TextChoices):
    STARTED = "started", _("Intervention started")
    TRANSITION = "transition", _("Moved to the next phase")
    DATES_EDITED = "dates_edited", _("Phase dates changed")
    COMPLETED = "completed", _("Completed")
    EXITED = "exited", _("Left early")


class PhaseEvent(models.Model):
    """What happened to an enrolment's course: start, transitions, date changes, the end."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="phase_events")
    kind = models.CharField(max_length=20, choices=PhaseEventKind.choices)
    from_key = models.CharField(max_length=40, blank=True)
    to_key = models.CharField(max_length=40, blank=True)
    happened_on = models.DateField()
    reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["enrolment", "happened_on", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.happened_on} ({self.enrolment_id})"
