"""Request-wide enforcement: the user's language and the deny-by-default access policy."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
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
