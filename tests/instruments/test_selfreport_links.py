"""Self-report links: one-time, expiring, hashed; the respondent's language; partial saves; clear refusals."""

from __future__ import annotations

import datetime as dt
import re

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from puente.audit.models import AuditEvent
from puente.instruments.models import Administration, ResponseRevision, SelfReportLink
from puente.instruments.services.links import do_create_link, token_hash
from tests.conftest import client_for
from tests.instruments.conftest import plan_service_user, schedule


def counts():
    return (ResponseRevision.objects.count(), AuditEvent.objects.count())


def far_swls(world, programme) -> Administration:
    """SWLS for far_participant at Rio, whose language is Portuguese."""
    schedule(world, programme, "swls")
    respondent = plan_service_user(world, programme, world.far_participant)
    return respondent.administrations.get()


def test_staff_make_a_link_with_a_qr_code_and_only_its_hash_is_kept(world, swls_due):
    response = client_for(world.data_entry).post(
        reverse("selfreport_link_create", kwargs={"pk": swls_due.pk}), {"valid_days": 7}
    )
    body = response.content.decode()
    token = re.search(r"/instruments/r/([A-Za-z0-9_-]+)/", body).group(1)
    assert "<svg" in body and 'class="qr"' in body
    link = SelfReportLink.objects.get()
    assert link.token_hash == token_hash(token) and token not in link.token_hash
    assert link.language == "es"
    assert dt.timedelta(days=6) < link.expires_at - timezone.now() <= dt.timedelta(days=7)


def test_a_respondent_answers_page_by_page_in_their_language_and_completes(world, programme):
    administration = far_swls(world, programme)
    _link, token = do_create_link(actor=world.admin, administration=administration)
    url = reverse("selfreport_respond", kwargs={"token": token})
    client = Client()
    first = client.get(url)
    assert first.status_code == 200
    body = first.content.decode()
    assert '<html lang="pt">' in body
    assert "Na maior parte dos aspetos, a minha vida está próxima do meu ideal." in body
    assert first["Referrer-Policy"] == "same-origin"
    for position, value in enumerate([6, 5, 6, 4], start=1):
        step = client.post(
            url, {"q": position, f"answer-swls_{position}": value, "action": "next", "key": "k"}
        )
        assert step.status_code == 303 and step["Location"].endswith(f"?q={position + 1}")
    administration.refresh_from_db()
    assert administration.status == "in_progress" and administration.answers["swls_4"] == 4  # progress kept
    # Coming back later opens the first unanswered question.
    assert "Se pudesse viver a minha vida de novo" in client.get(url).content.decode()
    done = client.post(url, {"q": 5, "answer-swls_5": 3, "action": "finish", "key": "final-1"})
    assert done.status_code == 200 and '<html lang="pt">' in done.content.decode()
    administration.refresh_from_db()
    assert administration.status == "completed" and administration.mode == "self_report"
    assert administration.scores["values"]["total"] == 24 and administration.entered_by is None
    assert SelfReportLink.objects.get().completed_at is not None


def test_a_retried_finish_is_answered_again_without_change_but_reuse_is_refused(world, programme):
    administration = far_swls(world, programme)
    _link, token = do_create_link(actor=world.admin, administration=administration)
    url = reverse("selfreport_respond", kwargs={"token": token})
    client = Client()
    for position in range(1, 5):
        client.post(url, {"q": position, f"answer-swls_{position}": 4, "action": "next", "key": "k"})
    client.post(url, {"q": 5, "answer-swls_5": 4, "action": "finish", "key": "final-1"})
    before = counts()
    retried = client.post(url, {"q": 5, "answer-swls_5": 4, "action": "finish", "key": "final-1"})
    assert retried.status_code == 200 and counts() == before
    reused = client.get(url)
    assert reused.status_code == 410
    assert "already been completed" in reused.content.decode()
    other = client.post(url, {"q": 1, "answer-swls_1": 1, "action": "next", "key": "other"})
    assert other.status_code == 410 and counts() == before
    administration.refresh_from_db()
    assert administration.answers["swls_1"] == 4


def test_an_expired_link_gets_a_clear_page_and_changes_nothing(world, swls_due):
    link, token = do_create_link(actor=world.coordinator, administration=swls_due)
    SelfReportLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    url = reverse("selfreport_respond", kwargs={"token": token})
    before = counts()
    response = Client().post(url, {"q": 1, "answer-swls_1": 4, "action": "next"})
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    assert counts() == before
    swls_due.refresh_from_db()
    assert swls_due.answers == {}


def test_an_unknown_link_answers_404_with_a_clear_page(db):
    response = Client().get(reverse("selfreport_respond", kwargs={"token": "not-a-real-token"}))
    assert response.status_code == 404
    assert "This link is not valid" in response.content.decode()


def test_an_answer_outside_the_scale_by_link_is_refused_clearly(world, programme):
    administration = far_swls(world, programme)
    _link, token = do_create_link(actor=world.admin, administration=administration)
    url = reverse("selfreport_respond", kwargs={"token": token})
    before = counts()
    response = Client().post(url, {"q": 1, "answer-swls_1": 12, "action": "next"})
    assert response.status_code == 400
    assert "12" in response.content.decode() and "(1-7)" in response.content.decode()
    assert counts() == before


def test_a_new_link_replaces_the_earlier_one(world, swls_due):
    _first, old_token = do_create_link(actor=world.coordinator, administration=swls_due)
    do_create_link(actor=world.coordinator, administration=swls_due)
    response = Client().get(reverse("selfreport_respond", kwargs={"token": old_token}))
    assert response.status_code == 410 and "replaced by a newer one" in response.content.decode()


def test_no_link_without_research_consent(world, programme, swls_due):
    from puente.people.services import do_withdraw_consent

    do_withdraw_consent(
        actor=world.coordinator,
        participant=world.own_participant,
        scopes=["research"],
        event_date=dt.date.today(),
    )
    before = (SelfReportLink.objects.count(), AuditEvent.objects.count())
    response = client_for(world.coordinator).post(
        reverse("selfreport_link_create", kwargs={"pk": swls_due.pk}), {"valid_days": 7}
    )
    assert "SCL-001 has no valid consent for research data collection" in response.content.decode()
    assert (SelfReportLink.objects.count(), AuditEvent.objects.count()) == before
