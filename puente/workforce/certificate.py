"""The accreditation certificate: an HTML template rendered to PDF (WeasyPrint) in the trainee's language."""

from __future__ import annotations

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from puente.accounts.models import User
from puente.audit import services as audit
from puente.workforce import curricula
from puente.workforce.models import Accreditation, CandidateIdentity


def _name_on_certificate(user: User, accreditation: Accreditation) -> str:
    """The trainee's name; reading it is logged like any other read of identity data."""
    candidate = accreditation.enrollment.candidate
    identity = CandidateIdentity.objects.filter(candidate=candidate).first()
    if identity is not None:
        with transaction.atomic():
            audit.record(
                actor=user,
                action="candidate_identity.read",
                obj=identity,
                site_id=candidate.site_id,
                after={"purpose": "certificate"},
            )
        return identity.full_name
    return str(candidate.user) if candidate.user else candidate.code


def certificate_html(user: User, accreditation: Accreditation) -> str:
    enrollment = accreditation.enrollment
    cohort, candidate = enrollment.cohort, enrollment.candidate
    curriculum = curricula.get(cohort.curriculum_key)
    language = candidate.language
    with translation.override(language):
        return render_to_string(
            "workforce/certificate.html",
            {
                "accreditation": accreditation,
                "cohort": cohort,
                "site": cohort.site,
                "name": _name_on_certificate(user, accreditation),
                "curriculum_title": curriculum.title(language),
                "modules": [m.title(language) for m in curriculum.modules],
                "hours": curriculum.total_hours,
                "language": language,
            },
        )


def certificate_pdf(user: User, accreditation: Accreditation) -> bytes:
    from weasyprint import HTML  # imported here: loading the fonts is slow and only this page needs it

    return HTML(string=certificate_html(user, accreditation)).write_pdf()
