"""Constant query counts on the builder and wording pages; the demo's CTI-TS follow-ups and due list agree."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from puente.instruments import selectors
from puente.instruments.builder.build import BuilderInput, ItemRow, SubscaleRow
from puente.instruments.models import Administration, Instrument
from puente.instruments.services.authoring import do_save_built_instrument
from puente.instruments.services.wording import do_upload_wording
from tests.conftest import client_for
from tests.instruments.test_demo import loaded  # noqa: F401  (fixture)
from tests.instruments.test_due_lists_panel_and_queries import MAX_QUERIES, queries_for


def built(world, code: str, n_items: int) -> str:
    spec = BuilderInput(
        code=code,
        name=code,
        abbreviation=code.upper(),
        language="en",
        method="sum",
        max_missing_percent=20,
        items=[ItemRow(id=f"q{n}", label=f"Question {n}", reverse=n % 3 == 0) for n in range(1, n_items + 1)],
        subscales=[SubscaleRow(name="First", items="q1, q2")],
    )
    return do_save_built_instrument(actor=world.researcher, spec=spec).code


def test_the_builder_pages_queries_do_not_grow_with_items(world):
    client = client_for(world.researcher)
    small = queries_for(client, reverse("instrument_edit", kwargs={"code": built(world, "small", 3)}))
    large = queries_for(client, reverse("instrument_edit", kwargs={"code": built(world, "large", 60)}))
    assert small == large <= MAX_QUERIES
    assert queries_for(client, reverse("instrument_create")) <= MAX_QUERIES


def test_the_wording_page_queries_do_not_grow_with_uploads(world):
    client = client_for(world.coordinator)
    url = reverse("instrument_wording", kwargs={"code": "emas"})
    before = queries_for(client, url)
    emas = Instrument.objects.select_related("current").get(code="emas")
    ids = [item["id"] for item in emas.current.definition["items"]]
    for language in ("es", "pt", "ca"):
        text = "item_id,language,text\n" + "".join(f"{i},{language},Texto {i}\n" for i in ids)
        do_upload_wording(
            actor=world.coordinator,
            organisation=world.site_a.organisation,
            instrument=emas,
            text=text,
            licence_confirmed=True,
            licence_note="Licensed to the test network",
        )
    assert queries_for(client, url) == before <= MAX_QUERIES


def test_demo_cti_ts_follow_ups_are_planned_and_only_due_ones_are_listed(loaded):  # noqa: F811
    today = timezone.localdate()
    cti = Administration.objects.filter(site__code__in=["santiago", "rio"])
    respondents = set(cti.values_list("respondent_id", flat=True))
    # Every CTI-TS respondent has both 18-month follow-ups planned, whatever their enrolment date...
    m18 = cti.filter(time_point="M18")
    assert set(m18.values_list("respondent_id", flat=True)) == respondents
    assert m18.count() == 2 * len(respondents)
    # ...no questionnaire was answered before its window opened or in the future...
    for administration in cti.filter(status="completed"):
        assert administration.window_opens_on <= administration.administered_on <= today
    # ...and the due list shows exactly the open ones whose window has opened; the rest come later.
    admin = cti.first().site.memberships.get(role="coordinator").user
    listed = set(selectors.due_administrations(admin, today=today).values_list("pk", flat=True))
    site_open = cti.filter(site=cti.first().site, status__in=["planned", "in_progress"])
    assert listed >= set(site_open.filter(window_opens_on__lte=today).values_list("pk", flat=True))
    not_yet = set(site_open.filter(window_opens_on__gt=today).values_list("pk", flat=True))
    assert not_yet and not (listed & not_yet)
    upcoming = set(
        selectors.due_administrations(admin, today=today, state="upcoming").values_list("pk", flat=True)
    )
    assert upcoming <= not_yet
    assert all(
        a.window_opens_on <= today + dt.timedelta(days=selectors.UPCOMING_DAYS)
        for a in Administration.objects.filter(pk__in=upcoming)
    )
