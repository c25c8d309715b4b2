"""A backup taken while the server writes restores to a consistent database whose audit chain verifies."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "correct horse battery staple"

WRITER = """
import datetime as dt, os, sys, time, django
os.environ['DJANGO_SETTINGS_MODULE'] = 'puente.settings'
django.setup()
from puente.accounts.models import Organisation, Site
from puente.accounts import services as accounts
from puente.people import services as people
org = Organisation.objects.create(name='Backup test')
site = Site.objects.create(organisation=org, code='bk', name='Backup site', country='CL', language='es')
user = accounts.do_create_user(actor=None, username='writer', password='a-long-test-password')
print('ready', flush=True)
deadline = time.time() + float(sys.argv[1])
index = 0
while time.time() < deadline:
    index += 1
    people.do_create_participant(actor=user, site=site, study_code=f'BK-{index:05d}', gender='woman',
        birth_year=1980, diagnosis_group='other', family_support='yes', language='es',
        identity={'full_name': f'Person {index}', 'phone': '', 'address': '', 'national_id_kind': '',
                  'national_id': ''})
print(index, flush=True)
"""


def databases() -> list[str]:
    kinds = ["sqlite"]
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        kinds.append("postgresql")
    return kinds


def puente(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "puente", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


class Database:
    """A scratch database of the given kind, outside the test database."""

    def __init__(self, kind: str, tmp_path: Path, name: str) -> None:
        self.kind = kind
        self.env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE"}}
        self.env.update({"PUENTE_TESTING": "1", "PUENTE_BACKUP_PASSPHRASE": PASSPHRASE})
        if kind == "sqlite":
            self.env.pop("DATABASE_URL", None)
            self.env["PUENTE_SQLITE_PATH"] = str(tmp_path / f"{name}.sqlite3")
            self.url = None
        else:
            base = urlparse(os.environ["DATABASE_URL"])
            self.dbname = f"puente_{name}_{uuid.uuid4().hex[:8]}"
            self.url = urlunparse(base._replace(path=f"/{self.dbname}"))
            self.admin_url = urlunparse(base._replace(path="/postgres"))
            self._sql(f'CREATE DATABASE "{self.dbname}"')
            self.env["DATABASE_URL"] = self.url

    def _sql(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(statement)

    def drop(self) -> None:
        if self.kind == "postgresql":
            self._sql(f'DROP DATABASE IF EXISTS "{self.dbname}" WITH (FORCE)')

    def count(self, table: str, where: str = "") -> int:
        code = (
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='puente.settings'; django.setup();"
            "from django.db import connection; c = connection.cursor();"
            f'c.execute("SELECT COUNT(*) FROM {table} {where}"); print(c.fetchone()[0])'
        )
        result = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env=self.env, capture_output=True, text=True, check=True
        )
        return int(result.stdout.strip())


@pytest.mark.parametrize("kind", databases())
def test_a_backup_during_writes_restores_consistently(kind, tmp_path):
    live = Database(kind, tmp_path, "live")
    restored = Database(kind, tmp_path, "restored")
    try:
        puente(live.env, "manage", "migrate", "--no-input", "-v", "0")
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, "6"],
            cwd=ROOT,
            env=live.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert writer.stdout.readline().strip() == "ready"
        time.sleep(1.5)
        backup_file = tmp_path / "puente.backup"
        taken = json.loads(puente(live.env, "backup", "--out", str(backup_file), "--json").stdout)
        assert taken["database"] == kind
        written = int(writer.communicate(timeout=120)[0].strip().splitlines()[-1])
        assert writer.returncode == 0

        raw = backup_file.read_bytes()
        assert b"BK-0000" not in raw and b"Person 1" not in raw  # encrypted, not just packed

        puente(restored.env, "restore", str(backup_file), "--yes")
        participants = restored.count("people_participant")
        assert 0 < participants <= written
        # Every table is as of one instant: each participant with its identity and its audit event.
        assert restored.count("people_identity") == participants
        assert restored.count("audit_auditevent", "WHERE action = 'participant.create'") == participants
        verified = json.loads(puente(restored.env, "audit", "verify", "--json").stdout)
        assert verified["ok"] is True and verified["events"] == restored.count("audit_auditevent")
    finally:
        live.drop()
        restored.drop()


def test_a_wrong_passphrase_or_a_damaged_file_is_refused(tmp_path):
    live = Database("sqlite", tmp_path, "live")
    puente(live.env, "manage", "migrate", "--no-input", "-v", "0")
    backup_file = tmp_path / "puente.backup"
    puente(live.env, "backup", "--out", str(backup_file))
    wrong = {**live.env, "PUENTE_BACKUP_PASSPHRASE": "not the right passphrase"}
    result = puente(wrong, "restore", str(backup_file), "--yes", check=False)
    assert result.returncode == 2 and "wrong passphrase" in result.stderr
    damaged = tmp_path / "damaged.backup"
    data = bytearray(backup_file.read_bytes())
    data[-100] ^= 0xFF
    damaged.write_bytes(bytes(data))
    result = puente(live.env, "restore", str(damaged), "--yes", check=False)
    assert result.returncode == 2 and "damaged" in result.stderr
    truncated = tmp_path / "truncated.backup"
    truncated.write_bytes(backup_file.read_bytes()[:-5000])
    assert puente(live.env, "restore", str(truncated), "--yes", check=False).returncode == 2
    not_backup = tmp_path / "notes.txt"
    not_backup.write_text("hello")
    result = puente(live.env, "restore", str(not_backup), "--yes", check=False)
    assert "not a Puente backup" in result.stderr
    short = {**live.env, "PUENTE_BACKUP_PASSPHRASE": "short"}
    assert "12 characters" in puente(short, "backup", "--out", str(tmp_path / "x"), check=False).stderr
