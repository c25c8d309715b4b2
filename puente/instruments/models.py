"""Instruments in the database, assessment schedules, administrations, answers and their history.

The definition of an instrument lives in JSON (the shipped files or a researcher's own); each saved
version is an :class:`InstrumentRevision`, and an administration keeps the revision it was answered
with, so scores never change because a definition was edited later.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from puente.accounts.models import Organisation, Site
from puente.people.models import Participant
from puente.programs.models import Enrolment, Programme


class InstrumentSource(models.TextChoices):
    SHIPPED = "shipped", _("Shipped with Puente")
    CUSTOM = "custom", _("Custom")


class Instrument(models.Model):
    code = models.SlugField(_("code"), max_length=64, unique=True)
    source = models.CharField(_("source"), max_length=10, choices=InstrumentSource.choices)
    abbreviation = models.CharField(_("abbreviation"), max_length=40)
    # The current revision; set right after the first revision is written.
    current = models.ForeignKey(
        "InstrumentRevision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    retired_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["abbreviation"]

    def __str__(self) -> str:
        return self.abbreviation


class InstrumentRevision(models.Model):
    """One saved version of a definition; never changed after it is written."""

    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField()
    definition = models.JSONField()
    digest = models.CharField(max_length=64)
    note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["instrument", "number"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "number"], name="unique_instrument_revision")
        ]

    def __str__(self) -> str:
        return f"{self.instrument_id} r{self.number}"


class RespondentGroup(models.TextChoices):
    PSW = "psw", _("Peer support workers")
    SERVICE_USER = "service_user", _("Service users")
    PROFESSIONAL = "professional", _("Professionals")
    FAMILY = "family", _("Family members")


STAFF_GROUPS = frozenset({RespondentGroup.PSW, RespondentGroup.PROFESSIONAL})


class Anchor(models.TextChoices):
    ENROLMENT = "enrolment", _("Enrolment or joining date")
    START = "start", _("Start of the intervention or placement")


class ScheduleEntry(models.Model):
    """One instrument answered by one group at one time point of a programme."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="instrument_schedule")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="schedule_entries")
    group = models.CharField(_("respondent group"), max_length=20, choices=RespondentGroup.choices)
    time_point = models.CharField(
        _("time point"), max_length=20, help_text=_("For example T1, T2, T3 or M9 (9 months).")
    )
    months_after = models.PositiveSmallIntegerField(
        _("months after the anchor date"), help_text=_("0 for the baseline.")
    )
    anchor = models.CharField(_("counted from"), max_length=12, choices=Anchor.choices, default="enrolment")
    window_before_days = models.PositiveSmallIntegerField(
        _("days before the due date it may be done"), default=14
    )
    window_after_days = models.PositiveSmallIntegerField(
        _("days after the due date before it is overdue"), default=30
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    AUDITED_FIELDS = [
        "programme",
        "instrument",
        "group",
        "time_point",
        "months_after",
        "anchor",
        "window_before_days",
        "window_after_days",
    ]

    class Meta:
        ordering = ["programme", "group", "months_after", "instrument"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "instrument", "group", "time_point"],
                condition=models.Q(retired_at__isnull=True),
                name="one_schedule_entry_per_time_point",
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument} {self.group} {self.time_point}"


class Respondent(models.Model):
    """Someone who answers a programme's questionnaires.

    A service user is a participant (consent comes from their consent record). PSWs, professionals and
    family members answer with their own consent, kept simply here: ``research_consent`` and the
    date it was recorded. ``code`` is the pseudonym shown everywhere (the study code for participants).
    """

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="respondents")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    group = models.CharField(_("group"), max_length=20, choices=RespondentGroup.choices)
    code = models.CharField(_("respondent code"), max_length=40)
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.PROTECT, related_name="respondents"
    )
    enrolment = models.ForeignKey(
        Enrolment, null=True, blank=True, on_delete=models.PROTECT, related_name="respondents"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="respondent_records",
    )
    enrolled_on = models.DateField(_("joined on"))
    start_date = models.DateField(_("start of intervention or placement"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    research_consent = models.BooleanField(_("consents to research questionnaires"), default=False)
    consent_recorded_on = models.DateField(_("consent recorded on"), null=True, blank=True)
    # Who is reminded about this respondent's questionnaires (a service user's PSW, a staff member).
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    retired_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["programme", "group", "code"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="unique_respondent_code"),
            models.UniqueConstraint(
                fields=["programme", "participant"],
                condition=models.Q(participant__isnull=False),
                name="one_respondent_per_participant",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_service_user(self) -> bool:
        return self.participant_id is not None


class AdministrationStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    RETIRED = "retired", _("Retired")


OPEN_STATUSES = (AdministrationStatus.PLANNED, AdministrationStatus.IN_PROGRESS)


class Mode(models.TextChoices):
    STAFF_ENTRY = "staff_entry", _("Entered by staff")
    SELF_REPORT = "self_report", _("Self-report link")


class Administration(models.Model):
    """One questionnaire given to one respondent at one time point."""

    respondent = models.ForeignKey(Respondent, on_delete=models.PROTECT, related_name="administrations")
    schedule_entry = models.ForeignKey(
        ScheduleEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="administrations"
    )
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="administrations")
    revision = models.ForeignKey(InstrumentRevision, on_delete=models.PROTECT, related_name="administrations")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    time_point = models.CharField(_("time point"), max_length=20)
    months_after = models.PositiveSmallIntegerField(default=0)
    due_on = models.DateField(_("due on"))
    window_opens_on = models.DateField(_("window opens"))
    window_closes_on = models.DateField(_("window closes"))
    status = models.CharField(
        _("status"), max_length=12, choices=AdministrationStatus.choices, default=AdministrationStatus.PLANNED
    )
    mode = models.CharField(_("mode"), max_length=12, choices=Mode.choices, blank=True)
    administered_on = models.DateField(_("answered on"), null=True, blank=True)
    answers = models.JSONField(default=dict)  # item id -> integer answer (special codes included)
    scores = models.JSONField(
        default=dict
    )  # {"values": {id: float|None}, "bands": {id: band}, "reason": str}
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    retired_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["respondent", "schedule_entry"],
                condition=models.Q(schedule_entry__isnull=False),
                name="one_administration_per_schedule_entry",
            )
        ]
        indexes = [
            models.Index(fields=["site", "status", "window_opens_on"]),
            models.Index(fields=["worker", "status", "window_opens_on"]),
            # The overdue list of a site: only the administrations whose window has closed, not every
            # open one the site has (the list's time otherwise grows with the site's history).
            models.Index(fields=["site", "status", "window_closes_on"], name="administration_overdue_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument_id} {self.time_point} of respondent {self.respondent_id}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ResponseRevision(models.Model):
    """Append-only history: every save of an administration's answers, with what it replaced."""

    administration = models.ForeignKey(Administration, on_delete=models.PROTECT, related_name="history")
    number = models.PositiveIntegerField()
    answers = models.JSONField()  # all answers after this save
    previous = models.JSONField(default=dict)  # changed items' values before this save (None: unanswered)
    reason = models.TextField(blank=True)
    mode = models.CharField(max_length=12, choices=Mode.choices)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["administration", "number"]
        constraints = [
            models.UniqueConstraint(fields=["administration", "number"], name="unique_response_revision")
        ]

    def __str__(self) -> str:
        return f"answers of {self.administration_id}, save {self.number}"


class SelfReportLink(models.Model):
    """A one-time link to answer a questionnaire without an account. Only a hash of the token is kept."""

    administration = models.ForeignKey(Administration, on_delete=models.PROTECT, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    language = models.CharField(max_length=5, choices=settings.LANGUAGES)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    opened_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The submission that completed the questionnaire: a retried identical submission is answered
    # with the thank-you page again instead of an error.
    completion_key = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"self-report link for {self.administration_id}"


class ReminderKind(models.TextChoices):
    DUE = "due", _("Due")
    OVERDUE = "overdue", _("Overdue")


class ReminderEvent(models.Model):
    """A reminder sent about one administration; at most one per administration and day."""

    administration = models.ForeignKey(Administration, on_delete=models.PROTECT, related_name="reminders")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    sent_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["administration", "sent_on"], name="one_reminder_per_day")
        ]

    def __str__(self) -> str:
        return f"reminder about {self.administration_id} on {self.sent_on}"


class ItemWording(models.Model):
    """Licensed item wording an organisation holds for one instrument in one language.

    Shipped definitions carry no wording where the licence forbids redistribution; a programme that
    holds the licence loads its own, used only on its own sites' forms. A new upload replaces the set
    (the old one is retired, never deleted).
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="wordings")
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    texts = models.JSONField()  # item id -> wording
    licence_note = models.CharField(_("licence"), max_length=300)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["instrument", "language", "-uploaded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "instrument", "language"],
                condition=models.Q(retired_at__isnull=True),
                name="one_current_wording_per_language",
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument_id} wording ({self.language}) of organisation {self.organisation_id}"
