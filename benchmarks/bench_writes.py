"""Concurrent writers against the real server: field workers logging contacts, compared with a bare
one-insert endpoint in the same server process, measured the same way in the same run.

The parent process starts ``puente serve`` (waitress) on a free loopback port with the benchmark-only
endpoint mounted (on a throwaway copy of a SQLite data set), signs every client in as a different
synthetic field worker, finds one of the worker's own enrolments on their home page and reads the contact
form from the page. Then each client posts in a bounded loop that stops by itself: first to the bare
endpoint, then the real contact form, each phase for the same number of seconds. Afterwards a child
process counts the rows the database really holds.

Child entry points (with the database's environment)::

    python -m benchmarks.bench_writes users N
    python -m benchmarks.bench_writes count TOKENS_FILE
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.common import ROOT, Database, emit, run_child
from benchmarks.load_client import CONTACT_LINK, Browser, read_form

MAX_POSTS_PER_CLIENT = 1_000_000  # a hard bound besides the clock
CONTACT_SCOPE = "programs.contact"  # the contact form's submission keys (puente.web.idempotency)


@dataclass
class Tally:
    ok: int = 0
    errors: int = 0
    samples: list[str] = field(default_factory=list)
    tokens: list[str] = field(default_factory=list)

    def error(self, what: str) -> None:
        self.errors += 1
        if len(self.samples) < 3:
            self.samples.append(what[:300])


@dataclass
class Worker:
    username: str
    browser: Browser
    contact_path: str = ""
    contact_form: dict[str, list[str]] = field(default_factory=dict)
    setup_tokens: list[str] = field(default_factory=list)


# --- the server -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(database: Database, port: int, threads: int, static_root: str) -> subprocess.Popen:
    env = database.env(PUENTE_BENCH_ENDPOINTS="1")
    if "STATIC_ROOT" not in env:  # run on its own, not from `make bench`: collect into a fresh folder
        env["STATIC_ROOT"] = static_root
        subprocess.run(
            [sys.executable, "-m", "puente", "manage", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
    command = [sys.executable, "-m", "puente", "serve", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--threads", str(threads), "--no-collectstatic"]  # `make bench` collected them once
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"puente serve exited: {server.stderr.read()[-3000:]}")
        try:
            if Browser("127.0.0.1", port, timeout=5).request("GET", "/healthz").status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise RuntimeError("puente serve did not answer within 5 minutes")


def stop_server(server: subprocess.Popen) -> str:
    server.send_signal(signal.SIGTERM)
    try:
        _out, err = server.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        _out, err = server.communicate()
    return err or ""


def _tree_rss_kb(root: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status", encoding="ascii", errors="replace") as status:
                text = status.read()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        parents[int(entry)] = int(fields.get("PPid", "0").strip() or 0)
        rss[int(entry)] = int(fields.get("VmRSS", "0 kB").split()[0]) if "VmRSS" in fields else 0
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    return sum(rss.get(pid, 0) for pid in tree)


class RssSampler(threading.Thread):
    def __init__(self, pid: int, every: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.pid, self.every, self.peak_kb = pid, every, 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.peak_kb = max(self.peak_kb, _tree_rss_kb(self.pid))
            self._stop_event.wait(self.every)

    def stop(self) -> float:
        self._stop_event.set()
        self.join()
        return round(self.peak_kb / 1024, 1)


# --- the clients ------------------------------------------------------------------------------


def prepare(worker: Worker, password: str) -> None:
    """Sign in, find an enrolment of one's own that takes contacts, read its form, and log one contact."""
    browser = worker.browser
    browser.sign_in(worker.username, password)
    home = browser.request("GET", "/")
    paths = list(dict.fromkeys(match.group(1) for match in CONTACT_LINK.finditer(home.body)))
    for path in paths[:10]:
        form = read_form(browser.request("GET", path).body, "client_token")
        token = uuid.uuid4().hex
        answer = browser.request("POST", path, {**form, "client_token": [token]})
        if answer.status == 302 and "/contacts/new/" not in answer.location:
            worker.contact_path, worker.contact_form = path, form
            worker.setup_tokens.append(token)
            return
    raise RuntimeError(f"{worker.username}: none of {len(paths)} enrolments on the home page took a contact")


def _post_loop(
    worker: Worker, phase: str, deadline_box: list[float], start: threading.Barrier, tally: Tally
) -> None:
    browser = worker.browser
    start.wait()
    deadline = deadline_box[0]  # set by the conductor before it joined the barrier
    for _ in range(MAX_POSTS_PER_CLIENT):
        if time.monotonic() >= deadline:
            break
        token = uuid.uuid4().hex
        try:
            if phase == "bare":
                answer = browser.request(
                    "POST", "/bench/insert/", {"csrfmiddlewaretoken": [browser.csrf()], "key": [token]}
                )
                good = answer.status == 204
            else:
                answer = browser.request(
                    "POST", worker.contact_path, {**worker.contact_form, "client_token": [token]}
                )
                good = answer.status == 302 and "/contacts/new/" not in answer.location
        except Exception as exc:  # every failure is an error to count
            tally.error(f"{type(exc).__name__}: {exc}")
            continue
        if good:
            tally.ok += 1
            tally.tokens.append(token)
        else:
            tally.error(f"HTTP {answer.status} {answer.location} {answer.body[:200]}")


def run_phase(workers: list[Worker], phase: str, seconds: float) -> dict:
    tallies = [Tally() for _ in workers]
    barrier = threading.Barrier(len(workers) + 1)
    deadline_box = [0.0]
    threads = [
        threading.Thread(target=_post_loop, args=(worker, phase, deadline_box, barrier, tally))
        for worker, tally in zip(workers, tallies, strict=True)
    ]
    for thread in threads:
        thread.start()
    # Every client starts at the barrier and stops at the same deadline.
    started = time.monotonic()
    deadline_box[0] = started + seconds
    barrier.wait()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    ok = sum(t.ok for t in tallies)
    return {
        "ok": ok,
        "errors": sum(t.errors for t in tallies),
        "elapsed": round(elapsed, 2),
        "per_second": round(ok / elapsed, 1),
        "error_samples": [s for t in tallies for s in t.samples][:5],
        "tokens": [token for t in tallies for token in t.tokens],
    }


def _throwaway_copy(database: Database, directory: str) -> Database:
    """A SQLite data set copied into ``directory``: the load's thousands of contacts must not stay in the
    data set, or each run would measure the next run's pages on a fuller caseload than the last. (A
    PostgreSQL benchmark database keeps them; see benchmarks/README.md.)"""
    if database.engine != "sqlite":
        return database
    copy = Path(directory) / Path(database.location).name
    for suffix in ("", "-wal"):  # no process writes to it now; the WAL may hold the latest pages
        source = Path(database.location + suffix)
        if source.exists():
            shutil.copyfile(source, str(copy) + suffix)
    return Database(database.scale, database.engine, str(copy))


def run(database: Database, *, clients: int = 32, seconds: float = 60, threads: int = 8) -> dict:
    listed = run_child("benchmarks.bench_writes", ["users", str(clients)], database)
    if len(listed["users"]) < clients:
        raise RuntimeError(f"{database.label} has {len(listed['users'])} field workers, {clients} wanted")
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="puente-bench-") as tmp:
        database = _throwaway_copy(database, tmp)
        server = start_server(database, port, threads, str(Path(tmp) / "static"))
        try:
            workers = [Worker(name, Browser("127.0.0.1", port)) for name in listed["users"]]
            for worker in workers:  # one at a time: Argon2 is meant to be slow and memory-hungry
                prepare(worker, listed["password"])
            sampler = RssSampler(server.pid)
            sampler.start()
            bare = run_phase(workers, "bare", seconds)
            contacts = run_phase(workers, "contacts", seconds)
            rss_mb = sampler.stop()
        finally:
            server_errors = stop_server(server)
            for worker in workers if "workers" in locals() else []:
                worker.browser.close()
        tokens_file = Path(tmp) / "tokens.json"
        expected = contacts["tokens"] + [t for w in workers for t in w.setup_tokens]
        tokens_file.write_text(json.dumps({"contacts": expected, "bare": bare["tokens"]}), encoding="utf-8")
        found = run_child("benchmarks.bench_writes", ["count", str(tokens_file)], database)
    return {
        "clients": clients,
        "seconds": seconds,
        "server_threads": threads,
        "ok": contacts["ok"],
        "errors": contacts["errors"],
        "lost": len(expected) - found["contacts"],
        "per_second": contacts["per_second"],
        "bare_ok": bare["ok"],
        "bare_errors": bare["errors"],
        "bare_lost": len(bare["tokens"]) - found["bare"],
        "bare_per_second": bare["per_second"],
        "ratio_to_bare": round(contacts["per_second"] / bare["per_second"], 3) if bare["per_second"] else 0.0,
        "server_rss_mb": rss_mb,
        "error_samples": (contacts["error_samples"] + bare["error_samples"])[:5],
        "server_log_tail": server_errors[-500:] if (contacts["errors"] or bare["errors"]) else "",
    }


# --- children: who signs in, and what reached the database -----------------------------------------


def _users(wanted: int) -> dict:
    from puente.cli import setup_django

    setup_django()
    from puente import synth
    from puente.accounts.models import User

    names = list(
        User.objects.filter(is_active=True, username__startswith="synth-").values_list("username", flat=True)
    )
    psws = sorted(n for n in names if n.startswith("synth-psw-"))
    cmhws = sorted(n for n in names if n.startswith("synth-cmhw-"))
    return {"users": (psws + cmhws)[:wanted], "password": synth.PASSWORD}


def _count(tokens_file: str) -> dict:
    from puente.cli import setup_django

    setup_django()
    from puente.programs.models import Contact
    from puente.web.bench_endpoint import BENCH_SCOPE
    from puente.web.models import SubmissionKey

    tokens = json.loads(Path(tokens_file).read_text(encoding="utf-8"))

    def keyed(scope: str, keys: list[str]) -> list[str]:
        """The object ids stored under these submission keys (batched under SQLite's parameter limit)."""
        found: list[str] = []
        for i in range(0, len(keys), 500):
            batch = SubmissionKey.objects.filter(scope=scope, key__in=keys[i : i + 500])
            found += batch.values_list("object_id", flat=True)
        return found

    # A contact counts when its form's key was stored and the contact it points to exists.
    contact_ids = [int(pk) for pk in keyed(CONTACT_SCOPE, tokens["contacts"])]
    batches = range(0, len(contact_ids), 500)
    contacts = sum(Contact.objects.filter(pk__in=contact_ids[i : i + 500]).count() for i in batches)
    return {"contacts": contacts, "bare": len(keyed(BENCH_SCOPE, tokens["bare"]))}


if __name__ == "__main__":
    if sys.argv[1:2] == ["users"]:
        emit(_users(int(sys.argv[2])))
    elif sys.argv[1:2] == ["count"]:
        emit(_count(sys.argv[2]))
    else:
        sys.exit("usage: python -m benchmarks.bench_writes users N | count TOKENS_FILE")
