from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from puente.accounts import services
from puente.accounts.access import public, signed_in
from puente.accounts.forms import LoginForm
from puente.web import dashboards

login_view = public(
    auth_views.LoginView.as_view(
        template_name="accounts/login.html", authentication_form=LoginForm, redirect_authenticated_user=True
    )
)
logout_view = public(auth_views.LogoutView.as_view())


@signed_in
def home(request: HttpRequest) -> HttpResponse:
    role = request.user.primary_role
    context = dashboards.build(request.user, role)
    template = f"home/{role}.html" if role else "home/no_role.html"
    return render(request, template, context)


@public
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch language; a signed-in user's choice is kept on their account."""
    code = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if code not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated:
        services.do_set_language(actor=request.user, language=code)
    translation.activate(code)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, code, samesite="Lax", httponly=True, secure=request.is_secure()
    )
    return response
