from django.conf import settings
from django.urls import include, path

from puente.accounts import views as account_views
from puente.web import views as web_views

urlpatterns = [
    path("", account_views.home, name="home"),
    path("login/", account_views.login_view, name="login"),
    path("logout/", account_views.logout_view, name="logout"),
    path("login/verify/", account_views.login_verify, name="login_verify"),
    path("account/two-factor/", account_views.two_factor_setup, name="two_factor_setup"),
    path("session/keepalive/", account_views.session_keepalive, name="session_keepalive"),
    path("language/", account_views.set_language, name="set_language"),
    path("healthz", web_views.healthz, name="healthz"),
    path("participants/", include("puente.people.urls")),
    path("audit/", include("puente.audit.urls")),
    path("programmes/", include("puente.programs.urls")),
    path("workforce/", include("puente.workforce.urls")),
    path("instruments/", include("puente.instruments.urls")),
    path("evaluation/", include("puente.analysis.urls")),
    path("qualitative/", include("puente.qualitative.urls")),
    path("integration/", include("puente.integration.urls")),
]

if settings.PUENTE_BENCH_ENDPOINTS:  # benchmark runs only; production settings refuse the flag
    from puente.web.bench_endpoint import urlpatterns as bench_urlpatterns

    urlpatterns += bench_urlpatterns
