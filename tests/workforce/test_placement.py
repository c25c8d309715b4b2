from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from puente.audit.models import AuditEvent
from puente.workforce.models import Candidate, HoursEntry, Placement, Stage
from puente.workforce.services import placement
from tests.conftest import client_for
from tests.workforce.conftest import TODAY, accredited


def place(world, accreditation, hours, starts_on, ends_on, name="Community recovery service"):
    return placement.do_create_placement(
        actor=world.coordinator,
        accreditation=accreditation,
        site=world.site_a,
        service_kind="community_recovery",
        service_name=name,
        hours_per_week=Decimal(hours),
        starts_on=starts_on,
        ends_on=ends_on,
        reference_professional=world.cmhw,
    )


def form(accreditation, world, hours, starts_on, ends_on):
    return {
        "accreditation": accreditation.pk,
        "site": world.site_a.pk,
        "service_kind": "inpatient_unit",
        "service_name": "Inpatient unit",
        "hours_per_week": str(hours),
        "starts_on": starts_on.isoformat(),
        "ends_on": ends_on.isoformat(),
        "reference_professional": world.cmhw.pk,
    }


def test_a_placement_moves_the_candidate_to_placed(world):
    issued = accredited(world, user=world.psw)
    placed = place(world, issued, 10, TODAY, TODAY + dt.timedelta(days=182))
    assert placed.worker == world.psw
    assert Candidate.objects.get(pk=issued.enrollment.candidate_id).stage == Stage.PLACED


def test_it_refuses_overlapping_placements_over_40_hours_a_week(world):
    issued = accredited(world, user=world.psw)
    place(world, issued, 30, TODAY, TODAY + dt.timedelta(days=180))
    before = (Placement.objects.count(), AuditEvent.objects.count())
    response = client_for(world.coordinator).post(
        reverse("placement_create"),
        form(issued, world, 12, TODAY + dt.timedelta(days=30), TODAY + dt.timedelta(days=60)),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "would work 42.0 hours a week" in body and "the most is 40" in body
    assert (Placement.objects.count(), AuditEvent.objects.count()) == before


def test_placements_that_do_not_overlap_or_reach_exactly_40_are_fine(world):
    issued = accredited(world, user=world.psw)
    place(world, issued, 30, TODAY, TODAY + dt.timedelta(days=90))
    place(world, issued, 30, TODAY + dt.timedelta(days=91), TODAY + dt.timedelta(days=180), name="Later")
    place(world, issued, 10, TODAY + dt.timedelta(days=10), TODAY + dt.timedelta(days=20), name="Top-up")
    assert Placement.objects.count() == 3


def test_a_placement_that_ended_early_no_longer_counts(world):
    issued = accredited(world, user=world.psw)
    first = place(world, issued, 30, TODAY - dt.timedelta(days=60), TODAY + dt.timedelta(days=120))
    placement.do_end_placement(
        actor=world.coordinator,
        placement=first,
        outcome="left",
        outcome_on=TODAY - dt.timedelta(days=1),
        reason="r",
    )
    place(world, issued, 30, TODAY, TODAY + dt.timedelta(days=30), name="Second")


def test_only_a_valid_accreditation_can_be_placed(world):
    from puente.workforce.services.accreditation import do_revoke

    issued = accredited(world, user=world.psw)
    do_revoke(actor=world.admin, accreditation=issued, reason="error", revoked_on=TODAY)
    with pytest.raises(ValidationError, match="valid accreditation"):
        place(world, issued, 10, TODAY, TODAY + dt.timedelta(days=10))


def test_the_psw_logs_hours_but_not_in_the_future_or_outside_the_placement(world):
    issued = accredited(world, user=world.psw)
    placed = place(world, issued, 10, TODAY - dt.timedelta(days=14), TODAY + dt.timedelta(days=100))
    client = client_for(world.psw)
    url = reverse("placement_hours", args=[placed.pk])
    assert client.post(url, {"worked_on": TODAY.isoformat(), "hours": "5"}).status_code == 302
    before = (HoursEntry.objects.count(), AuditEvent.objects.count())
    tomorrow = client.post(url, {"worked_on": (TODAY + dt.timedelta(days=1)).isoformat(), "hours": "5"})
    assert "has not come yet" in tomorrow.content.decode()
    earlier = client.post(url, {"worked_on": (TODAY - dt.timedelta(days=30)).isoformat(), "hours": "5"})
    assert "outside the placement" in earlier.content.decode()
    assert (HoursEntry.objects.count(), AuditEvent.objects.count()) == before
    page = client.get(reverse("placement_detail", args=[placed.pk])).content.decode()
    assert "Hours logged" in page
