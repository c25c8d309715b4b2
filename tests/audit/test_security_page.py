from __future__ import annotations

import csv
import io

from django.test import Client
from django.urls import reverse

from puente.audit.models import AuditEvent
from tests.conftest import client_for


def test_the_security_page_shows_access_two_step_status_and_failed_sign_ins(world):
    Client().post(reverse("login"), {"username": "psw", "password": "wrong"}, REMOTE_ADDR="10.2.3.4")
    Client().post(reverse("login"), {"username": "ghost", "password": "guess"}, REMOTE_ADDR="10.2.3.5")
    Client().post(reverse("login"), {"username": "otherpsw", "password": "wrong"}, REMOTE_ADDR="10.2.3.6")
    body = client_for(world.admin).get(reverse("security_overview")).content.decode()
    assert "coord" in body and "required, not set up" in body
    assert "10.2.3.4" in body and "ghost" in body
    # Failures of accounts at sites the administrator does not hold stay out of the page... but this
    # administrator holds both sites, so the Rio worker's failure is listed too.
    assert "10.2.3.6" in body


def test_a_site_administrator_sees_only_their_sites(world):
    from puente.accounts.models import Site
    from puente.accounts.roles import Role
    from tests.conftest import make_user

    rio_admin = make_user("rioadmin", (Site.objects.get(code="rio"), Role.ADMINISTRATOR))
    Client().post(reverse("login"), {"username": "psw", "password": "wrong"}, REMOTE_ADDR="10.7.7.7")
    body = client_for(rio_admin).get(reverse("security_overview")).content.decode()
    assert "otherpsw" in body and ">coord<" not in body and "10.7.7.7" not in body


def test_the_access_list_downloads_as_csv_and_is_audited(world):
    response = client_for(world.admin).get(reverse("security_access_csv"))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {
        "username": "coord",
        "role": "coordinator",
        "two_factor": "0",
        "two_factor_required": "1",
    }.items() <= (next(r for r in rows if r["username"] == "coord").items())
    assert AuditEvent.objects.filter(action="export.access_list", actor_username="admin").count() == 1
