from __future__ import annotations

from django.test import Client

from puente.audit.verify import verify_chain
from puente.demo import loader
from puente.programs.models import Contact, Enrolment, Linkage, Programme


def test_the_demo_runs_a_trial_at_two_sites_and_the_catalan_programme_at_vic(programme_demo):
    trial = Programme.objects.get(code="cti-ts-trial")
    assert trial.is_trial and {s.code for s in trial.sites.all()} == {"santiago", "rio"}
    assert Programme.objects.filter(kind="peer_placement", sites__code="vic").exists()
    enrolments = Enrolment.objects.filter(programme=trial)
    assert set(enrolments.values_list("arm", flat=True)) == {"cti_ts", "usual_care"}
    assert set(enrolments.values_list("status", flat=True)) == {"active", "completed", "exited"}
    phases = {p.phases.order_by("order").first() is not None for p in enrolments}
    assert phases == {True, False}
    assert 100 <= Contact.objects.count() <= 600
    assert Linkage.objects.filter(status="active").exists()
    assert verify_chain().ok


def test_demo_pages_show_real_data(programme_demo):
    client = Client()
    assert client.login(username="coordinator.santiago", password=loader.DEMO_PASSWORD)
    for url in ["/", "/programmes/", "/programmes/review/", "/programmes/fidelity/", "/programmes/teams/"]:
        assert client.get(url).status_code == 200, url
    client = Client()
    assert client.login(username="psw.santiago", password=loader.DEMO_PASSWORD)
    body = client.get("/").content.decode()
    assert "Registrar contacto" in body or "Log contact" in body
