from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from puente.accounts.models import User
from puente.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[2]


def test_every_command_has_help(capsys):
    parser = build_parser()
    subcommands = parser._subparsers._group_actions[0].choices
    assert {"demo", "serve", "createadmin", "audit", "i18n", "manage"} <= set(subcommands)
    for name in subcommands:
        with pytest.raises(SystemExit) as exited:
            main([name, "--help"])
        assert exited.value.code == 0
        assert "usage:" in capsys.readouterr().out


def test_createadmin_creates_an_administrator(db, monkeypatch, capsys):
    monkeypatch.setenv("PUENTE_ADMIN_PASSWORD", "correct horse battery staple")
    assert main(["createadmin", "ana", "--site", "vic", "--country", "es"]) == 0
    user = User.objects.get(username="ana")
    assert user.primary_role == "administrator"
    assert user.check_password("correct horse battery staple")


def test_createadmin_refuses_a_weak_password_with_one_line(db, monkeypatch, capsys):
    monkeypatch.setenv("PUENTE_ADMIN_PASSWORD", "12345")
    assert main(["createadmin", "ana", "--site", "vic", "--country", "ES"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("puente createadmin:") and "\n" not in err
    assert not User.objects.filter(username="ana").exists()


def test_createadmin_refuses_a_new_site_without_a_country(db, monkeypatch, capsys):
    monkeypatch.setenv("PUENTE_ADMIN_PASSWORD", "correct horse battery staple")
    assert main(["createadmin", "ana", "--site", "vic"]) == 2
    assert "two-letter" in capsys.readouterr().err
    assert not User.objects.filter(username="ana").exists()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_runs_the_production_server(tmp_path):
    """`puente serve` answers over HTTP from waitress, with debug off and production settings."""
    port = free_port()
    env = {
        **os.environ,
        "PUENTE_SQLITE_PATH": str(tmp_path / "serve.sqlite3"),
        "SECRET_KEY": "x" * 50,
        "DEBUG": "0",
        "PUENTE_TESTING": "0",
        "PUENTE_DATA_DIR": str(tmp_path),
        "PUENTE_INSECURE_HTTP": "1",
    }
    env.pop("DATABASE_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "puente", "serve", "--migrate", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        body = ""
        deadline = time.monotonic() + 120  # `--migrate` on a fresh database is slow on a busy machine
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    body = response.read().decode()
                    server = response.headers.get("Server", "")
                break
            except OSError:
                time.sleep(0.2)
        assert body == '{"status": "ok"}'
        assert server == "puente"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_worker_runs_queued_tasks_from_the_database(transactional_db, settings):
    """A task enqueued through Django's task API on the database backend is run by `puente worker`."""
    from django_tasks_db.models import DBTaskResult

    from puente.web.tasks import ping

    result = ping.enqueue(message="hello")
    assert DBTaskResult.objects.get(id=result.id).status == "READY"
    assert main(["worker", "--batch"]) == 0
    assert DBTaskResult.objects.get(id=result.id).status == "SUCCESSFUL"
    assert DBTaskResult.objects.get(id=result.id).return_value == "hello"
