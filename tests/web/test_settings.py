from __future__ import annotations

import os

from django.db import connection


def test_the_database_is_the_one_the_environment_asks_for(db):
    expected = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    assert connection.vendor == expected


def test_sqlite_runs_in_wal_mode_with_immediate_transactions(db):
    if connection.vendor != "sqlite":
        return
    from django.conf import settings

    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == 20000


def test_production_settings_pass_the_deployment_check(tmp_path):
    import secrets
    import subprocess
    import sys
    from pathlib import Path

    env = {
        **os.environ,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "0",
        "PUENTE_TESTING": "0",
        "PUENTE_DATA_DIR": str(tmp_path),
    }
    env.pop("PUENTE_INSECURE_HTTP", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests in this process only
    result = subprocess.run(
        [sys.executable, "-m", "puente", "manage", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    env = {**os.environ, "DEBUG": "0", "PUENTE_TESTING": "0", "PUENTE_DATA_DIR": str(tmp_path)}
    env.pop("SECRET_KEY", None)
    env.pop("PUENTE_DEMO", None)
    result = subprocess.run(
        [sys.executable, "-m", "puente", "manage", "check"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_migrations_match_the_models(db):
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
