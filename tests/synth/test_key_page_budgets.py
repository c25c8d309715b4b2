"""Each key page runs the same number of queries on a small and a larger synthetic data set, <= 20."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from puente.synth import generate
from tests.conftest import client_for
from tests.synth.conftest import LARGER, REFERENCE_DATE
from tests.synth.pages import key_pages

MAX_QUERIES = 20


def query_counts(scale) -> dict[str, int]:
    counts = {}
    for label, user, url in key_pages(scale):
        client = client_for(user)
        client.get(url)  # the first request warms per-process caches (sessions, compiled instruments)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (label, response.status_code)
        counts[label] = len(captured.captured_queries)
    return counts


def test_key_pages_run_the_same_queries_at_both_sizes(db):
    generate("demo", seed=1, reference_date=REFERENCE_DATE)
    small = query_counts("demo")
    generate(LARGER, seed=1, reference_date=REFERENCE_DATE, replace=True)
    large = query_counts(LARGER)
    for label, count in small.items():
        assert count == large[label] <= MAX_QUERIES, (label, count, large[label])


def test_the_matrix_page_shows_one_page_of_cases_and_the_export_all(db):
    from django.urls import reverse

    from puente.accounts.models import User
    from puente.qualitative.models import Project
    from puente.qualitative.selectors.matrix import MATRIX_PAGE

    generate(LARGER, seed=1, reference_date=REFERENCE_DATE)
    project = Project.objects.get()
    cases = sorted(project.cases.values_list("name", flat=True))
    client = client_for(User.objects.get(username="synth-researcher"))
    url = reverse("qda_matrix", kwargs={"pk": project.pk})
    first = client.get(url).content.decode()
    assert cases[0] in first and cases[MATRIX_PAGE] not in first
    assert f"Page 1 of {-(-len(cases) // MATRIX_PAGE)}" in first
    second = client.get(url + "?page=2").content.decode()
    assert cases[MATRIX_PAGE] in second and cases[0] not in second
    assert client.get(url + "?page=x").status_code == 200  # a bad page number shows the first page
    export = client.get(reverse("qda_matrix_export", kwargs={"pk": project.pk, "fmt": "html"}))
    assert all(name in export.content.decode() for name in cases)
