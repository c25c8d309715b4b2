"""`puente serve` behind a load balancer: the balancer's forwarded scheme is believed only from the
address given with --trusted-proxy, so TLS redirects neither loop nor can be spoofed."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.bench_writes import free_port
from benchmarks.load_client import Browser

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def serve(tmp_path):
    started: list[subprocess.Popen] = []

    def start(*options: str) -> Browser:
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PUENTE_", "DEBUG", "DATABASE_URL"))}
        env.update(
            PUENTE_TESTING="0",
            SECRET_KEY="a-production-like-key",
            PUENTE_SQLITE_PATH=str(tmp_path / "serve.sqlite3"),
            STATIC_ROOT=str(tmp_path / "static"),
        )
        command = [
            sys.executable,
            "-m",
            "puente",
            "serve",
            "--port",
            str(port),
            "--no-collectstatic",
            *options,
        ]
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        started.append(process)
        browser = Browser("127.0.0.1", port, timeout=5)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                browser.request("GET", "/healthz")
                return browser
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"puente serve did not start: {process.stderr.read().decode()[-2000:]}")

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=30)


def _healthz(browser: Browser, proto: str | None) -> int:
    conn = browser._connection()
    headers = {"X-Forwarded-Proto": proto} if proto else {}
    conn.request("GET", "/healthz", headers=headers)
    response = conn.getresponse()
    response.read()
    return response.status


def test_it_believes_the_forwarded_scheme_from_the_trusted_balancer(serve):
    browser = serve("--trusted-proxy", "127.0.0.1")
    assert _healthz(browser, "https") == 200
    assert _healthz(browser, None) == 301  # plain HTTP still goes to HTTPS


def test_it_ignores_forwarded_headers_without_a_trusted_balancer(serve):
    browser = serve()
    assert _healthz(browser, "https") == 301


def test_it_refuses_zero_threads_with_a_one_line_reason():
    env = {**os.environ, "PUENTE_TESTING": "0", "SECRET_KEY": "k", "PUENTE_INSECURE_HTTP": "1"}
    completed = subprocess.run(
        [sys.executable, "-m", "puente", "serve", "--threads", "0", "--no-collectstatic"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 2
    assert "--threads and --connection-limit must be at least 1" in completed.stderr
