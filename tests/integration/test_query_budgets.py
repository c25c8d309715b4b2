"""The mixed-methods pages run a fixed number of queries, whatever the number of people, rows and codings."""

from __future__ import annotations

import random

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from puente.instruments.models import Administration, RespondentGroup
from puente.instruments.services import schedules
from puente.integration import services
from puente.qualitative.services import documents, projects
from tests.analysis.conftest import COHORT_START, PSW_TARGETS, complete_all
from tests.conftest import client_for
from tests.integration.conftest import SWLS_T2_T3, build_mixed, code_everything, focus_group_text

MAX_QUERIES = 20
STEP = {"T1": 0, "T2": 1, "T3": 2}


def pages(display) -> list[str]:
    pk = display.pk
    return [
        reverse("integration_display_list"),
        reverse("integration_display", kwargs={"pk": pk}),
        reverse("integration_cases", kwargs={"pk": pk}),
        reverse("integration_subgroups", kwargs={"pk": pk}),
    ]


def measure(client, urls: list[str]) -> list[int]:
    out = []
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, url
        out.append(len(captured.captured_queries))
    return out


def grow(world, mixed, extra: int) -> None:
    """More PSWs answering, a second focus group with them, more codings and more rows."""
    programme = mixed.cohort.programme
    speakers = [f"PSW-{20 + i:02d}" for i in range(extra)]
    for code in speakers:
        schedules.do_register_staff_respondent(
            actor=world.coordinator,
            programme=programme,
            site=world.site_a,
            group=RespondentGroup.PSW,
            code=code,
            enrolled_on=COHORT_START,
            start_date=COHORT_START,
            language="es",
            research_consent=True,
            consent_recorded_on=COHORT_START,
        )
    todo = list(
        Administration.objects.filter(respondent__code__in=speakers, status="planned").select_related(
            "respondent", "revision", "instrument"
        )
    )
    complete_all(
        world.researcher,
        todo,
        lambda a: PSW_TARGETS[a.instrument.code][STEP[a.time_point]],
        random.Random(9),
    )
    document = documents.do_import_document(
        actor=world.researcher,
        project=mixed.project,
        title="Segundo grupo focal",
        text=focus_group_text(speakers),
        language="es",
        kind="focus_group",
    )
    document = documents.do_apply_deidentification(
        actor=world.researcher, document=document, expected_version=document.version, replacements=[]
    )
    for speaker in speakers:
        case = projects.do_create_case(
            actor=world.researcher, project=mixed.project, name=speaker, kind="psw"
        )
        projects.do_link_document(actor=world.researcher, case=case, document=document, speaker=speaker)
    code_everything(world.researcher, document, mixed.codes)
    group = mixed.project.code_groups.get(name="Malestar")
    for key in ("pair|psw|swls|total|T1|T2", "pair|psw|ras_r|total|T2|T3"):
        services.do_add_row(
            actor=world.researcher, display=mixed.display, comparison_key=key, code_groups=[group]
        )


def test_mixed_methods_pages_run_the_same_number_of_queries_at_two_sizes(world):
    mixed = build_mixed(world, psws=4)
    services.do_add_row(
        actor=world.researcher, display=mixed.display, comparison_key=SWLS_T2_T3, codes=[mixed.codes["hope"]]
    )
    client = client_for(world.researcher)
    urls = pages(mixed.display)
    measure(client, urls)  # warm caches (content types, instrument definitions)
    small = measure(client, urls)
    grow(world, mixed, 12)
    large = measure(client, urls)
    assert small == large, list(zip(urls, small, large, strict=True))
    assert max(large) <= MAX_QUERIES, list(zip(urls, large, strict=True))
    print(dict(zip(urls, large, strict=True)))
