"""Puente settings, all driven by the environment.

SQLite (WAL, busy timeout, IMMEDIATE transactions) is the embedded default; set DATABASE_URL
to use PostgreSQL. With DEBUG off, the secure production settings apply and SECRET_KEY must be set.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("PUENTE_DATA_DIR", BASE_DIR.parent / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)
# Demo mode shows the demo password on the login page and a banner on every page.
DEMO_MODE = env_bool("PUENTE_DEMO", False)
# The test runner sets this itself, so `pytest` works without extra environment.
TESTING = env_bool("PUENTE_TESTING", "pytest" in sys.modules)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or DEMO_MODE or TESTING:
        SECRET_KEY = "insecure-local-only-key-do-not-use-in-production"
    else:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for local development).")

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "puente.audit",
    "puente.accounts",
    "puente.people",
    "puente.programs",
    "puente.workforce",
    "puente.instruments",
    "puente.analysis",
    "puente.qualitative",
    "puente.integration",
    "puente.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "puente.web.headers.SecurityHeadersMiddleware",
    "puente.web.headers.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "puente.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "puente.accounts.middleware.AccessPolicyMiddleware",
    "puente.accounts.middleware.SecondFactorMiddleware",
]

ROOT_URLCONF = "puente.urls"
WSGI_APPLICATION = "puente.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "puente.web.context_processors.puente",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    # Each server thread keeps its connection for this many seconds (0: one per request) and checks it is
    # still alive before reusing it, so a database restart or a pooler's timeout costs no failed request.
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
            conn_health_checks=env_bool("DATABASE_CONN_HEALTH_CHECKS", True),
        )
    }
else:
    sqlite_path = Path(os.environ.get("PUENTE_SQLITE_PATH", DATA_DIR / "puente.sqlite3"))
    sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": sqlite_path,
            "OPTIONS": {
                # Writers queue instead of failing with "database is locked"; IMMEDIATE takes the
                # write lock at BEGIN so two writers never deadlock upgrading a read lock.
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                    "PRAGMA busy_timeout=20000;"
                ),
            },
            # Tests use a real file, not shared-cache memory, so concurrent writers behave as in production.
            "TEST": {"NAME": str(Path(tempfile.gettempdir()) / f"puente-test-{os.getpid()}.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Background work ------------------------------------------------------------------------
# Django's task API (the django-tasks backport) on a database backend: no broker needed. Run the
# worker with `puente worker`; tests may switch to the immediate backend.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "reports"]}}

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 is deliberately slow; tests create many users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PUENTE_LOGIN_MAX_FAILURES_PER_ACCOUNT = int(os.environ.get("PUENTE_LOGIN_MAX_FAILURES_PER_ACCOUNT", "5"))
PUENTE_LOGIN_MAX_FAILURES_PER_ADDRESS = int(os.environ.get("PUENTE_LOGIN_MAX_FAILURES_PER_ADDRESS", "20"))
# Every role that can read identity data or export data must use a second factor; the demo waives it.
PUENTE_REQUIRE_2FA = env_bool("PUENTE_REQUIRE_2FA", not (DEMO_MODE or TESTING))
# Uploads (transcripts, project files, dictionaries) larger than this are refused with a clear page.
PUENTE_MAX_UPLOAD_MB = int(os.environ.get("PUENTE_MAX_UPLOAD_MB", "50"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024  # form fields other than files
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- Languages ------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("es", _("Spanish")),
    ("pt", _("Portuguese")),
    ("ca", _("Catalan")),
    ("it", _("Italian")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING or DEMO_MODE
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING or DEMO_MODE
if WHITENOISE_USE_FINDERS:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# --- Sessions and security ------------------------------------------------------------------
SESSION_COOKIE_AGE = int(os.environ.get("PUENTE_IDLE_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True  # the cookie age is an idle timeout, renewed on each request
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Plain-HTTP local use (demo, tests, development) cannot carry secure-only cookies.
SECURE_DEPLOYMENT = not (DEBUG or DEMO_MODE or TESTING) and not env_bool("PUENTE_INSECURE_HTTP")
if SECURE_DEPLOYMENT:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Benchmarks ---------------------------------------------------------------------------
# `make bench` mounts a bare one-insert endpoint (puente/web/bench_endpoint.py) to compare the contact
# form's throughput with. A secure production deployment refuses to start with it.
PUENTE_BENCH_ENDPOINTS = env_bool("PUENTE_BENCH_ENDPOINTS", False)
if PUENTE_BENCH_ENDPOINTS and SECURE_DEPLOYMENT:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("PUENTE_BENCH_ENDPOINTS is for benchmark runs only; unset it in production.")

# --- E-mail (questionnaire reminders) ---------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if (DEBUG or DEMO_MODE)
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "puente@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
