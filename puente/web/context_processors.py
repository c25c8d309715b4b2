from typing import Any

from django.conf import settings
from django.http import HttpRequest

from puente.web.extensions import nav_for


def puente(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {
        "DEMO_MODE": settings.DEMO_MODE,
        "LANGUAGES": settings.LANGUAGES,
        "REQUIRE_2FA": settings.PUENTE_REQUIRE_2FA,
        "IDLE_SECONDS": settings.SESSION_COOKIE_AGE,
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["nav"] = nav_for(user.role_set())
    return context
