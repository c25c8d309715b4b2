from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from puente.audit.models import AuditEvent
from puente.workforce.models import Candidate
from tests.conftest import client_for
from tests.workforce.conftest import accredited

NAMES = {
    "es": "Ana María Núñez",
    "pt": "João Conceição",
    "ca": "Núria Ferrer i Puig",
    "it": "Niccolò Bianchi",
    "en": "Mary O'Neil",
}


@pytest.mark.parametrize("language", sorted(NAMES))
def test_the_certificate_is_a_pdf_with_the_trainees_name(world, language):
    issued = accredited(world, user=world.psw)
    candidate = Candidate.objects.get(pk=issued.enrollment.candidate_id)
    Candidate.objects.filter(pk=candidate.pk).update(language=language)
    candidate.identity.full_name = NAMES[language]
    candidate.identity.save()
    response = client_for(world.psw).get(reverse("accreditation_certificate", args=[issued.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert NAMES[language] in " ".join(text.split())
    assert issued.certificate_number in text
    assert AuditEvent.objects.filter(action="candidate_identity.read", actor_id=world.psw.pk).exists()


def test_the_certificate_is_rendered_in_the_trainees_language(world):
    from puente.workforce.certificate import certificate_html

    issued = accredited(world, user=world.psw)
    Candidate.objects.filter(pk=issued.enrollment.candidate_id).update(language="ca")
    issued.enrollment.candidate.refresh_from_db()
    html = certificate_html(world.coordinator, issued)
    assert '<html lang="ca">' in html and "Formació d'agents" in html.replace("&#x27;", "'")
