"""A strict Content Security Policy, and templates that would not break under it."""

from __future__ import annotations

import re
from pathlib import Path

from django.urls import reverse

from tests.conftest import client_for

PACKAGE = Path(__file__).resolve().parents[2] / "puente"


def test_every_page_carries_the_security_headers(world):
    response = client_for(world.psw).get(reverse("home"))
    policy = response.headers["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    )
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"


def test_no_template_has_inline_script_or_event_handlers():
    offenders = []
    for template in PACKAGE.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for match in re.finditer(r"<script\b[^>]*>", text):
            if "src=" not in match.group(0):
                offenders.append(f"{template.relative_to(PACKAGE)}: inline <script>")
        if re.search(r"\son[a-z]+\s*=\s*[\"']", text):
            offenders.append(f"{template.relative_to(PACKAGE)}: inline event handler")
        if "javascript:" in text:
            offenders.append(f"{template.relative_to(PACKAGE)}: javascript: URL")
    assert offenders == []


def test_session_cookies_are_http_only_and_same_site(world, client):
    from django.conf import settings

    assert settings.SESSION_COOKIE_HTTPONLY and settings.SESSION_COOKIE_SAMESITE == "Lax"
    client.post(reverse("login"), {"username": "psw", "password": "a-long-test-password"})
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_signed_in_pages_show_the_idle_warning(world):
    body = client_for(world.psw).get(reverse("home")).content.decode()
    assert 'data-idle-seconds="1800"' in body and 'id="idle-warning"' in body
    assert client_for(world.psw).post(reverse("session_keepalive")).status_code == 204


def test_an_oversized_upload_is_refused_with_a_clear_page(world, settings):
    settings.PUENTE_MAX_UPLOAD_MB = 1
    from django.core.files.uploadedfile import SimpleUploadedFile

    from puente.people.models import Participant

    before = Participant.objects.count()
    big = SimpleUploadedFile("transcript.txt", b"x" * (1024 * 1024 + 10))
    response = client_for(world.coordinator).post(reverse("participant_create"), {"file": big})
    assert response.status_code == 413
    assert "larger than 1 MB" in response.content.decode()
    assert Participant.objects.count() == before
