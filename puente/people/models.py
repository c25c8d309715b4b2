"""Participants (pseudonymous research record), their identity (kept apart), caseloads and consent."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from puente.accounts.models import Site


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non_binary", _("Non-binary")
    NOT_SAID = "not_said", _("Prefers not to say")


class DiagnosisGroup(models.TextChoices):
    NON_AFFECTIVE_PSYCHOSIS = "non_affective_psychosis", _("Non-affective psychosis")
    AFFECTIVE_PSYCHOSIS = "affective_psychosis", _("Affective psychosis")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Not known")


class FamilySupport(models.TextChoices):
    YES = "yes", _("Yes")
    PARTIAL = "partial", _("Partial")
    NO = "no", _("No")


AGE_BANDS: tuple[tuple[int, int | None, str], ...] = (
    (0, 17, "<18"),
    (18, 24, "18-24"),
    (25, 34, "25-34"),
    (35, 44, "35-44"),
    (45, 54, "45-54"),
    (55, 64, "55-64"),
    (65, None, "65+"),
)


def age_band(birth_year: int | None, today: dt.date | None = None) -> str:
    if birth_year is None:
        return ""
    age = (today or dt.date.today()).year - birth_year
    for low, high, label in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return label
    return ""


class Participant(models.Model):
    """The research record: a study code and attributes, never a name."""

    study_code = models.CharField(_("study code"), max_length=32, unique=True)
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="participants", verbose_name=_("site")
    )
    gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    diagnosis_group = models.CharField(_("diagnosis group"), max_length=40, choices=DiagnosisGroup.choices)
    family_support = models.CharField(_("family support"), max_length=10, choices=FamilySupport.choices)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    # Current state of research consent, kept by the consent services from the consent events so
    # that exports and analyses can filter on it cheaply.
    research_consent = models.BooleanField(_("research consent"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)
    retired_reason = models.TextField(_("reason for retiring"), blank=True)
    # Incremented on every change; an edit based on an older version is refused.
    version = models.PositiveIntegerField(default=1)

    AUDITED_FIELDS = [
        "study_code",
        "site",
        "gender",
        "birth_year",
        "diagnosis_group",
        "family_support",
        "language",
        "retired_at",
        "retired_reason",
    ]

    class Meta:
        ordering = ["study_code"]

    def __str__(self) -> str:
        return self.study_code

    @property
    def age_band(self) -> str:
        return age_band(self.birth_year)

    @property
    def is_active(self) -> bool:
        return self.retired_at is None


class NationalIdKind(models.TextChoices):
    RUT = "rut", _("RUT (Chile)")
    CPF = "cpf", _("CPF (Brazil)")
    DNI_AR = "dni_ar", _("DNI (Argentina)")
    DNI_ES = "dni_es", _("DNI/NIE (Spain)")
    CODICE_FISCALE = "cf_it", _("Codice fiscale (Italy)")
    OTHER = "other", _("Other")


class Identity(models.Model):
    """Direct identifiers, stored apart from the research record and read only by those who need them."""

    participant = models.OneToOneField(Participant, on_delete=models.PROTECT, related_name="identity")
    full_name = models.CharField(_("full name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.TextField(_("address"), blank=True)
    national_id_kind = models.CharField(
        _("kind of national ID"), max_length=10, choices=NationalIdKind.choices, blank=True
    )
    national_id = models.CharField(_("national ID"), max_length=40, blank=True)
    # A second editor of a stale version gets the conflict page.
    version = models.PositiveIntegerField(default=0)

    AUDITED_FIELDS = ["full_name", "phone", "address", "national_id_kind", "national_id"]

    def __str__(self) -> str:
        return f"identity of {self.participant_id}"


class WorkerRole(models.TextChoices):
    PSW = "psw", _("Peer support worker")
    CMHW = "cmhw", _("Community mental health worker")


class CaseAssignment(models.Model):
    """A worker supporting a participant: the worker's caseload is their open assignments."""

    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="assignments")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField(_("role"), max_length=10, choices=WorkerRole.choices)
    started_on = models.DateField(_("started"))
    ended_on = models.DateField(_("ended"), null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["worker", "ended_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "worker"],
                condition=models.Q(ended_on__isnull=True),
                name="one_open_assignment_per_worker",
            )
        ]

    def __str__(self) -> str:
        return f"{self.worker_id} supports {self.participant_id} as {self.role}"


class ConsentScope(models.TextChoices):
    PROGRAMME = "programme", _("Take part in the programme")
    RESEARCH = "research", _("Research data collection")
    RECORDING = "recording", _("Audio recording of interviews")
    CONTACT = "contact", _("Contact about future studies")


class ConsentForm(models.Model):
    """A version of a consent form, per site and language."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="consent_forms")
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    version = models.CharField(_("version"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    scopes = models.JSONField(_("scopes"), default=list)
    effective_from = models.DateField(_("in use from"))

    class Meta:
        ordering = ["site", "language", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "language", "version"], name="unique_consent_form_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version} ({self.language})"


class ConsentEventKind(models.TextChoices):
    GIVEN = "given", _("Given")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ConsentEvent(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="consent_events")
    form = models.ForeignKey(ConsentForm, on_delete=models.PROTECT, related_name="events", null=True)
    kind = models.CharField(_("event"), max_length=10, choices=ConsentEventKind.choices)
    scopes = models.JSONField(_("scopes"), default=list)
    event_date = models.DateField(_("date"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    AUDITED_FIELDS = ["participant", "form", "kind", "scopes", "event_date", "note"]

    class Meta:
        ordering = ["event_date", "recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.event_date} ({', '.join(self.scopes)})"


class ExportProject(models.Model):
    """A named research export with its own secret key: the same participant gets the same pseudonym
    in every export of one project, and unrelated pseudonyms across projects."""

    name = models.CharField(_("name"), max_length=120)
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="export_projects", verbose_name=_("site")
    )
    key = models.CharField(max_length=64, editable=False)
    max_date_shift_days = models.PositiveSmallIntegerField(
        _("shift dates by up to this many days"),
        default=0,
        help_text=_("0 keeps real dates. Each participant gets one shift, the same in all their records."),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["site", "name"], name="unique_export_project_name")]

    def __str__(self) -> str:
        return self.name


class ErasureRequest(models.Model):
    """Erasing a person's identity data needs a request and an approval by a second person."""

    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="erasure_requests")
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    approved = models.BooleanField(null=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"erasure request for {self.participant_id}"
