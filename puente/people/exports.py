"""Pseudonymised research exports of the participant register.

Study codes become keyed pseudonyms, identity fields are never read, dates move by the participant's
own shift, and people without active research consent are left out (and counted).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from puente.accounts.models import Site, User
from puente.accounts.roles import Role
from puente.accounts.selectors import site_ids_for
from puente.audit import services as audit
from puente.people import pseudonyms
from puente.people.models import ExportProject, Participant, age_band

EXPORT_ROLES = frozenset({Role.RESEARCHER, Role.COORDINATOR, Role.ADMINISTRATOR})
COLUMNS = [
    "pseudonym",
    "site",
    "gender",
    "age_band",
    "diagnosis_group",
    "family_support",
    "language",
    "registered_on",
]


@dataclass(frozen=True)
class ExportResult:
    filename: str
    content: str
    rows: int
    excluded_without_consent: int


def export_projects_for(user: User):
    return ExportProject.objects.filter(site_id__in=site_ids_for(user, EXPORT_ROLES)).select_related("site")


def do_create_export_project(
    *, actor: User, site: Site, name: str, max_date_shift_days: int
) -> ExportProject:
    if site.pk not in site_ids_for(actor, EXPORT_ROLES):
        raise ValidationError(_("You cannot export data of that site."))
    if not 0 <= max_date_shift_days <= 365:
        raise ValidationError(_("The date shift must be between 0 and 365 days."))
    with transaction.atomic():
        if ExportProject.objects.filter(site=site, name=name).exists():
            raise ValidationError(_("An export project with that name already exists at this site."))
        project = ExportProject.objects.create(
            site=site,
            name=name.strip(),
            key=pseudonyms.new_key(),
            max_date_shift_days=max_date_shift_days,
            created_by=actor,
        )
        audit.record(
            actor=actor,
            action="export_project.create",
            obj=project,
            site_id=site.pk,
            after={"name": project.name, "max_date_shift_days": max_date_shift_days},
        )
    return project


def do_export_participants(*, actor: User, project: ExportProject) -> ExportResult:
    """The project's site register as CSV: consented, active participants only."""
    base = Participant.objects.filter(site=project.site, retired_at__isnull=True)
    consented = base.filter(research_consent=True).order_by("study_code")
    excluded = base.filter(research_consent=False).count()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    rows = 0
    # Only research attributes are selected: the identity table is never touched.
    for code, gender, birth_year, diagnosis, support, language, created in consented.values_list(
        "study_code", "gender", "birth_year", "diagnosis_group", "family_support", "language", "created_at"
    ):
        shift = pseudonyms.date_shift(project.key, code, project.max_date_shift_days)
        writer.writerow(
            [
                pseudonyms.pseudonym(project.key, code),
                project.site.code,
                gender,
                age_band(birth_year),
                diagnosis,
                support,
                language,
                (created.date() + shift).isoformat(),
            ]
        )
        rows += 1
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="export.participants",
            obj=project,
            site_id=project.site_id,
            after={
                "rows": rows,
                "excluded_without_consent": excluded,
                "date_shift_days": project.max_date_shift_days,
            },
        )
    return ExportResult(f"{project.site.code}-participants.csv", buffer.getvalue(), rows, excluded)
