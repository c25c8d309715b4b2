from __future__ import annotations

import segno
from django.conf import settings
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from puente.accounts import services, throttle, totp, two_factor
from puente.accounts.access import public, signed_in
from puente.accounts.forms import LOCKED_MESSAGE, LoginForm, SecondFactorForm, TwoFactorSetupForm, client_ip
from puente.accounts.models import User
from puente.web import dashboards

PENDING = "pending_second_factor"
SETUP_SECRET = "two_factor_setup_secret"


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: LoginForm) -> HttpResponse:
        user = form.get_user()
        if two_factor.has_device(user):
            # The password was right; the session is only signed in once the second factor is too.
            self.request.session[PENDING] = {
                "user_id": user.pk,
                "backend": user.backend,
                "next": self.get_success_url(),
            }
            return redirect("login_verify")
        throttle.record_attempt(username=user.username, ip_address=client_ip(self.request), succeeded=True)
        return super().form_valid(form)


login_view = public(LoginView.as_view())
logout_view = public(auth_views.LogoutView.as_view())


@public
def login_verify(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING)
    user = User.objects.filter(pk=pending["user_id"], is_active=True).first() if pending else None
    if user is None:
        return redirect("login")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ip_address = client_ip(request)
        if throttle.is_locked(username=user.username, ip_address=ip_address):
            form.add_error(None, LOCKED_MESSAGE)
        elif two_factor.check_second_factor(user=user, code=form.cleaned_data["code"]):
            throttle.record_attempt(username=user.username, ip_address=ip_address, succeeded=True)
            del request.session[PENDING]
            auth_login(request, user, backend=pending["backend"])
            request.session[two_factor.SESSION_VERIFIED] = True
            next_url = pending.get("next") or "/"
            if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
                next_url = "/"
            return HttpResponseRedirect(next_url)
        else:
            throttle.record_attempt(username=user.username, ip_address=ip_address, succeeded=False)
            form.add_error("code", _("That code is not valid. Codes change every 30 seconds."))
    return render(request, "accounts/login_verify.html", {"form": form})


@signed_in
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Register an authenticator app: scan the QR code (or type the key), then confirm with a code."""
    secret = request.session.get(SETUP_SECRET) or totp.new_secret()
    request.session[SETUP_SECRET] = secret
    form = TwoFactorSetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.do_enable_two_factor(
                user=request.user, secret=secret, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            del request.session[SETUP_SECRET]
            request.session[two_factor.SESSION_VERIFIED] = True
            return render(request, "accounts/two_factor_done.html", {"codes": codes})
    uri = totp.provisioning_uri(secret, account=request.user.username)
    qr_svg = segno.make(uri, error="m").svg_inline(scale=4, title=_("QR code for your authenticator app"))
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": qr_svg,
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "required": two_factor.needs_second_factor(request.user),
            "enabled": two_factor.has_device(request.user),
        },
    )


@signed_in
@require_POST
def session_keepalive(request: HttpRequest) -> HttpResponse:
    """Touched by the idle-timeout warning's "stay signed in" button; saving the session renews it."""
    request.session.modified = True
    return HttpResponse(status=204)


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
