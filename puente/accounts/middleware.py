"""Request-wide enforcement: the user's language and the deny-by-default access policy."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation

from puente.accounts.access import policy_of


class UserLanguageMiddleware:
    """A signed-in user's own language wins over the browser's."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language() or settings.LANGUAGE_CODE)
        return response


class AccessPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        policy = policy_of(view_func)
        if policy is None:
            # A view nobody declared access for is treated as if it did not exist.
            raise Http404("No access policy")
        if policy.public:
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if policy.roles is not None and not request.user.has_any_role(policy.roles):
            raise PermissionDenied
        return None


# Pages a signed-in user can reach before completing the second-factor set-up.
SECOND_FACTOR_EXEMPT = {"two_factor_setup", "logout", "set_language", "healthz", "login", "login_verify"}


class SecondFactorMiddleware:
    """Users whose roles require a second factor work only in a session that passed one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        from puente.accounts import two_factor

        user = request.user
        if not user.is_authenticated or request.session.get(two_factor.SESSION_VERIFIED):
            return None
        if not two_factor.needs_second_factor(user):
            return None
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name in SECOND_FACTOR_EXEMPT:
            return None
        if two_factor.has_device(user):
            # Signed in some other way than through the second-factor step: start again.
            logout(request)
            return redirect_to_login(request.get_full_path())
        return redirect("two_factor_setup")
