"""The daily work with an enrolled participant: contacts, focus areas, plans and linkages."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from puente.accounts.models import Site
from puente.programs.models.programme import Enrolment


class ContactKind(models.TextChoices):
    HOME_VISIT = "home_visit", _("Home visit")
    COMMUNITY_OUTING = "community_outing", _("Community outing")
    ACCOMPANIMENT = "accompaniment", _("Accompaniment to an appointment")
    PHONE = "phone", _("Phone call")
    GROUP = "group", _("Group")
    FAMILY_MEETING = "family_meeting", _("Family meeting")


# Face-to-face contacts out in the participant's community (the CTI fidelity "community meetings").
COMMUNITY_KINDS = frozenset(
    {
        ContactKind.HOME_VISIT,
        ContactKind.COMMUNITY_OUTING,
        ContactKind.ACCOMPANIMENT,
        ContactKind.FAMILY_MEETING,
    }
)


class ContactPlace(models.TextChoices):
    HOME = "home", _("Participant's home")
    COMMUNITY = "community", _("In the community")
    HEALTH_CENTRE = "health_centre", _("Health centre")
    SERVICE = "service", _("Our service")
    PHONE = "phone", _("By phone")
    OTHER = "other", _("Elsewhere")


class Attendee(models.TextChoices):
    PSW = "psw", _("Peer support worker")
    CMHW = "cmhw", _("Community mental health worker")
    FAMILY = "family", _("Family")
    PROFESSIONALS = "professionals", _("Professionals")
    INFORMAL = "informal", _("Other informal supports")


SUPPORT_ATTENDEES = frozenset({Attendee.FAMILY, Attendee.PROFESSIONALS, Attendee.INFORMAL})


class Contact(models.Model):
    # Indexed by (enrolment, contact_on) below, which serves look-ups by enrolment as well: every index is
    # one more B-tree to write on the busiest insert of the application.
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.PROTECT, related_name="contacts", db_index=False
    )
    phase_key = models.CharField(max_length=40)
    contact_on = models.DateField(_("date"))
    kind = models.CharField(_("type"), max_length=20, choices=ContactKind.choices)
    place = models.CharField(_("place"), max_length=20, choices=ContactPlace.choices, blank=True)
    attendees = models.JSONField(_("who attended"), default=list)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    targets = models.JSONField(_("targets addressed"), default=list, blank=True)
    areas = models.JSONField(_("areas of focus addressed"), default=list, blank=True)
    outside_role_tasks = models.JSONField(_("tasks outside the peer role"), default=list, blank=True)
    # Kept in step with the lists above so that counts need no JSON queries.
    role_boundary = models.BooleanField(default=False)
    in_community = models.BooleanField(default=False)
    with_supports = models.BooleanField(default=False)
    note = models.TextField(_("note"), blank=True)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # A form submitted twice (a retry on a poor connection) is recorded once: see puente.web.idempotency.
    retired_at = models.DateTimeField(null=True, blank=True)
    retired_reason = models.TextField(blank=True)

    AUDITED_FIELDS = [
        "enrolment",
        "phase_key",
        "contact_on",
        "kind",
        "place",
        "attendees",
        "duration_minutes",
        "targets",
        "areas",
        "outside_role_tasks",
        "note",
    ]

    class Meta:
        ordering = ["-contact_on", "-pk"]
        indexes = [
            models.Index(fields=["enrolment", "contact_on"]),
            # The caseload review's role-boundary warnings per site: only the few flagged contacts, so
            # the page does not walk every recent contact of every enrolment at the site.
            models.Index(
                fields=["enrolment", "contact_on"],
                condition=models.Q(role_boundary=True),
                name="contact_role_boundary_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.contact_on} ({self.enrolment_id})"


class Progress(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    STARTED = "started", _("Started")
    PROGRESSING = "progressing", _("Progressing well")
    ACHIEVED = "achieved", _("Achieved")


class FocusArea(models.Model):
    """One of the 1 to 3 areas of focus of a phase, with its goal and progress."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="focus_areas")
    phase_key = models.CharField(_("phase"), max_length=40)
    area_key = models.CharField(_("area"), max_length=40)
    goal = models.TextField(_("goal"))
    progress = models.CharField(_("progress"), max_length=20, choices=Progress.choices, default="not_started")
    progress_note = models.TextField(_("progress note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["enrolment", "phase_key", "pk"]

    def __str__(self) -> str:
        return f"{self.area_key} in {self.phase_key} ({self.enrolment_id})"


class RecoveryPlan(models.Model):
    enrolment = models.OneToOneField(Enrolment, on_delete=models.PROTECT, related_name="recovery_plan")
    interests = models.TextField(_("interests"), blank=True)
    strengths = models.TextField(_("strengths"), blank=True)
    vulnerabilities = models.TextField(_("vulnerabilities"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    AUDITED_FIELDS = ["interests", "strengths", "vulnerabilities"]

    def __str__(self) -> str:
        return f"recovery plan of {self.enrolment_id}"


class GoalStatus(models.TextChoices):
    OPEN = "open", _("Working on it")
    ACHIEVED = "achieved", _("Achieved")
    SET_ASIDE = "set_aside", _("Set aside")


class RecoveryGoal(models.Model):
    plan = models.ForeignKey(RecoveryPlan, on_delete=models.PROTECT, related_name="goals")
    text = models.TextField(_("goal"))
    built_on = models.CharField(_("built on (interest or strength)"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=GoalStatus.choices, default="open")
    created_on = models.DateField()

    class Meta:
        ordering = ["plan", "created_on", "pk"]

    def __str__(self) -> str:
        return self.text


class PlanReview(models.Model):
    """The recovery plan reviewed with the participant, once per phase."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="plan_reviews")
    phase_key = models.CharField(max_length=40)
    reviewed_on = models.DateField(_("reviewed on"))
    note = models.TextField(_("note"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["enrolment", "reviewed_on", "pk"]

    def __str__(self) -> str:
        return f"review {self.reviewed_on} ({self.enrolment_id})"


class CrisisPlan(models.Model):
    """Written to be read in a hurry on a phone: warning signs, what helps, who to call."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.PROTECT, related_name="crisis_plan")
    warning_signs = models.TextField(_("warning signs"))
    what_helps = models.TextField(_("what helps"))
    what_to_avoid = models.TextField(_("what does not help"), blank=True)
    # [{"name": ..., "relation": ..., "phone": ...}], in the order to call them.
    who_to_call = models.JSONField(_("who to call"), default=list)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"crisis plan of {self.enrolment_id}"


class SupportKind(models.TextChoices):
    FORMAL = "formal", _("Formal")
    INFORMAL = "informal", _("Informal")


class SupportType(models.TextChoices):
    MENTAL_HEALTH_CENTRE = "mental_health_centre", _("Mental health centre")
    PRIMARY_CARE = "primary_care", _("Primary care")
    SOCIAL_SERVICES = "social_services", _("Social services")
    EMPLOYMENT = "employment", _("Employment or education service")
    HOUSING = "housing", _("Housing service")
    SELF_HELP = "self_help", _("Self-help or mutual-help group")
    LEISURE = "leisure", _("Leisure, sport or culture")
    FAMILY = "family", _("Family")
    FRIENDS = "friends", _("Friends or neighbours")
    FAITH = "faith", _("Faith community")
    OTHER = "other", _("Other")


INFORMAL_TYPES = frozenset(
    {SupportType.SELF_HELP, SupportType.LEISURE, SupportType.FAMILY, SupportType.FRIENDS, SupportType.FAITH}
)


class LinkageStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    FIRST_CONTACT = "first_contact", _("First contact made")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


LINKAGE_ORDER = [s.value for s in LinkageStatus]


class Linkage(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="linkages")
    kind = models.CharField(_("formal or informal"), max_length=10, choices=SupportKind.choices)
    support_type = models.CharField(_("type of support"), max_length=30, choices=SupportType.choices)
    name = models.CharField(_("name"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=LinkageStatus.choices, default="proposed")
    proposed_on = models.DateField(_("proposed on"))
    first_contact_on = models.DateField(_("first contact on"), null=True, blank=True)
    active_on = models.DateField(_("active since"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    AUDITED_FIELDS = [
        "kind",
        "support_type",
        "name",
        "status",
        "proposed_on",
        "first_contact_on",
        "active_on",
        "ended_on",
        "note",
    ]

    class Meta:
        ordering = ["enrolment", "proposed_on", "pk"]

    def __str__(self) -> str:
        return self.name


class CaseloadReview(models.Model):
    """The weekly caseload review meeting of a site: who came, what was decided, the figures then."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="caseload_reviews")
    held_on = models.DateField(_("held on"))
    chaired_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="caseload_reviews", verbose_name=_("who attended")
    )
    discussed = models.ManyToManyField(
        Enrolment, related_name="reviews", blank=True, verbose_name=_("discussed")
    )
    notes = models.TextField(_("notes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    figures = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"caseload review {self.held_on}"
