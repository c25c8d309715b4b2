"""The bare one-insert endpoint exists only in benchmark runs, and production settings refuse it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, reverse

from puente.accounts.access import policy_of
from puente.web.bench_endpoint import BENCH_SCOPE, bench_insert
from puente.web.models import SubmissionKey

ROOT = Path(__file__).resolve().parents[2]


def _import_settings(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PUENTE_", "DEBUG", "SECRET_KEY"))}
    clean.update(PUENTE_TESTING="0", SECRET_KEY="a-production-like-key", **env)
    return subprocess.run(
        [sys.executable, "-c", "import puente.settings"], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_production_settings_refuse_the_bench_endpoints():
    refused = _import_settings(PUENTE_BENCH_ENDPOINTS="1")
    assert refused.returncode != 0
    assert "PUENTE_BENCH_ENDPOINTS is for benchmark runs only" in refused.stderr


def test_production_settings_start_without_the_flag():
    assert _import_settings().returncode == 0


def test_a_plain_http_benchmark_run_may_mount_them():
    assert _import_settings(PUENTE_BENCH_ENDPOINTS="1", PUENTE_INSECURE_HTTP="1").returncode == 0


def test_the_endpoint_is_not_mounted_by_default():
    with pytest.raises(NoReverseMatch):
        reverse("bench_insert")


def test_the_endpoint_declares_an_access_policy():
    policy = policy_of(bench_insert)
    assert policy is not None and policy.public


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.benchmarks.bench_urls")
def test_it_inserts_one_row_and_answers_204(client):
    before = SubmissionKey.objects.count()
    response = client.post(reverse("bench_insert"), {"key": "abc123"})
    assert response.status_code == 204
    assert SubmissionKey.objects.count() == before + 1
    assert SubmissionKey.objects.filter(scope=BENCH_SCOPE, key="abc123").exists()


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.benchmarks.bench_urls")
def test_it_refuses_a_get_and_writes_nothing(client):
    before = SubmissionKey.objects.count()
    assert client.get(reverse("bench_insert")).status_code == 405
    assert SubmissionKey.objects.count() == before
