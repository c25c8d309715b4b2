"""Server time and SQL queries of the key pages, signed in as the synthetic users who use them.

Runs in-process with Django's test client against the database in the environment (the whole request
path: middleware, session, view, template), so the time is the server's own, without the network. Each
page is requested a few times to warm caches, then ``reps`` times; the queries are counted on one more
request.

Child entry point::

    python -m benchmarks.bench_pages REPS WARMUP
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

from benchmarks.common import emit, percentile

# Who opens each page in the synthetic data sets (puente.synth's fixed user names).
WORKER = "synth-psw-0001"
COORDINATOR = "synth-coord-01"
RESEARCHER = "synth-researcher"
PAGES = ("worker_caseload", "participant_timeline", "caseload_review", "due_list", "qda_matrix")


@dataclass
class Target:
    username: str
    url: Callable[[], str]


def _targets() -> dict[str, Target]:
    from django.db.models import Count
    from django.urls import reverse

    from puente.accounts.models import User
    from puente.people.selectors import visible_participants
    from puente.programs.models import Contact
    from puente.qualitative.models import Project

    def timeline() -> str:
        # The worker's participant with the longest history: the heaviest timeline they would open.
        worker = User.objects.get(username=WORKER)
        visible = visible_participants(worker).values("pk")
        busiest = (
            Contact.objects.filter(enrolment__participant__in=visible)
            .values("enrolment__participant")
            .annotate(n=Count("pk"))
            .order_by("-n", "enrolment__participant")
            .first()
        )
        pk = busiest["enrolment__participant"] if busiest else visible_participants(worker).first().pk
        return reverse("participant_timeline", args=[pk])

    def matrix() -> str:
        # The project with the most cases: the widest matrix a researcher charts.
        project = (
            Project.objects.filter(retired_at__isnull=True)
            .annotate(n=Count("cases", distinct=True))
            .order_by("-n", "pk")
            .first()
        )
        return reverse("qda_matrix", args=[project.pk])

    return {
        "worker_caseload": Target(WORKER, lambda: reverse("home")),
        "participant_timeline": Target(WORKER, timeline),
        "caseload_review": Target(COORDINATOR, lambda: reverse("caseload_review")),
        "due_list": Target(COORDINATOR, lambda: reverse("due_list") + "?state=overdue"),
        "qda_matrix": Target(RESEARCHER, matrix),
    }


def _measure(client, url: str, reps: int, warmup: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
    timings = []
    for _ in range(reps):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return {
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(percentile(timings, 95), 1),
        "queries": len(queries),
        "requests": reps,
    }


def run(reps: int, warmup: int) -> dict:
    from django.test import Client

    # Set up as the production server's process is (puente/wsgi.py: Django, and the collector's settings).
    import puente.wsgi  # noqa: F401
    from puente.accounts.models import User

    results = {}
    for name, target in _targets().items():
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(User.objects.get(username=target.username))
        url = target.url()
        results[name] = {**_measure(client, url, reps, warmup), "user": target.username, "url": url}
    return results


if __name__ == "__main__":
    reps, warmup = (int(a) for a in sys.argv[1:3])
    emit(run(reps, warmup))
