from __future__ import annotations

import time

import pytest
from django.test import Client
from django.urls import reverse

from puente.accounts import totp
from puente.accounts.models import LoginAttempt, TwoFactorDevice
from puente.audit.models import AuditEvent
from tests.conftest import PASSWORD


def post_login(client: Client, username: str, password: str, ip: str = "10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_five_failures_lock_the_account_even_for_the_right_password(world):
    client = Client()
    for _ in range(5):
        response = post_login(client, "psw", "wrong-password")
        assert "do not match" in response.content.decode()
    response = post_login(client, "psw", PASSWORD)
    assert response.status_code == 200
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert LoginAttempt.objects.filter(username="psw", succeeded=False).count() == 5


def test_a_success_resets_the_account_count(world):
    client = Client()
    for _ in range(4):
        post_login(client, "psw", "wrong-password")
    assert post_login(client, "psw", PASSWORD).status_code == 302
    Client().post(reverse("login"), {"username": "psw", "password": "wrong"}, REMOTE_ADDR="10.0.0.1")
    assert post_login(Client(), "psw", PASSWORD).status_code == 302


def test_many_failures_from_one_address_block_that_address(world, settings):
    settings.PUENTE_LOGIN_MAX_FAILURES_PER_ADDRESS = 6
    for index in range(6):
        post_login(Client(), f"nobody{index}", "guess", ip="10.9.9.9")
    blocked = post_login(Client(), "coord", PASSWORD, ip="10.9.9.9")
    assert "Too many failed sign-in attempts" in blocked.content.decode()
    assert post_login(Client(), "coord", PASSWORD, ip="10.1.1.1").status_code == 302


@pytest.fixture
def two_factor_required(settings):
    settings.PUENTE_REQUIRE_2FA = True


def enrol(client: Client) -> tuple[str, list[str]]:
    client.get(reverse("two_factor_setup"))
    secret = client.session["two_factor_setup_secret"]
    response = client.post(reverse("two_factor_setup"), {"code": totp.code_at(secret, time.time())})
    assert response.status_code == 200
    return secret, list(response.context["codes"])


def test_a_coordinator_must_set_up_two_step_sign_in_before_anything_else(world, two_factor_required):
    client = Client()
    assert post_login(client, "coord", PASSWORD).status_code == 302
    assert client.get(reverse("participant_list")).url == reverse("two_factor_setup")
    wrong = client.post(reverse("two_factor_setup"), {"code": "000000"})
    assert "does not match" in wrong.content.decode()
    assert not TwoFactorDevice.objects.filter(user=world.coordinator).exists()
    _secret, codes = enrol(client)
    assert len(codes) == 10
    assert client.get(reverse("participant_list")).status_code == 200
    assert AuditEvent.objects.filter(action="two_factor.enable", actor_username="coord").exists()


def test_a_trainer_is_not_required_to_use_a_second_step(world, two_factor_required):
    client = Client()
    post_login(client, "trainer", PASSWORD)
    assert client.get(reverse("home")).status_code == 200


def test_sign_in_with_a_device_needs_a_fresh_code(world, two_factor_required):
    first = Client()
    post_login(first, "coord", PASSWORD)
    secret, codes = enrol(first)

    client = Client()
    response = post_login(client, "coord", PASSWORD)
    assert response.url == reverse("login_verify")
    assert "_auth_user_id" not in client.session
    assert "not valid" in client.post(reverse("login_verify"), {"code": "123456"}).content.decode()
    code = totp.code_at(secret, time.time() + 30)
    assert client.post(reverse("login_verify"), {"code": code}).status_code == 302
    assert client.get(reverse("participant_list")).status_code == 200

    again = Client()
    post_login(again, "coord", PASSWORD)
    assert "not valid" in again.post(reverse("login_verify"), {"code": code}).content.decode()
    assert again.post(reverse("login_verify"), {"code": codes[0]}).status_code == 302
    used = Client()
    post_login(used, "coord", PASSWORD)
    assert "not valid" in used.post(reverse("login_verify"), {"code": codes[0]}).content.decode()


def test_a_session_that_skipped_the_second_step_is_signed_out(world, two_factor_required):
    first = Client()
    post_login(first, "coord", PASSWORD)
    enrol(first)
    sneaky = Client()
    sneaky.force_login(world.coordinator)
    response = sneaky.get(reverse("participant_list"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert "_auth_user_id" not in sneaky.session


def test_the_production_default_requires_a_second_step():
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {**os.environ, "SECRET_KEY": "x" * 60, "DEBUG": "0", "PUENTE_TESTING": "0"}
    env.pop("PUENTE_DEMO", None)
    env.pop("PUENTE_REQUIRE_2FA", None)
    code = "from django.conf import settings; print(settings.PUENTE_REQUIRE_2FA)"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']='puente.settings'; "
            f"django.setup(); {code}",
        ],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "True"
