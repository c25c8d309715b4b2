"""Stratified permuted blocks: balance, concealment, audit, and a statistical check."""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict

import pytest
from django.urls import reverse
from scipy import stats

from puente.audit.models import AuditEvent
from puente.programs import allocation
from puente.programs.models import AllocationSlot, Enrolment
from puente.programs.services import enrolment as enrolments
from tests.conftest import client_for, make_participant
from tests.programs.helpers import cti_programme, days_ago

ARMS = ["cti_ts", "usual_care"]
SIZES = [2, 4, 6]


def test_each_block_holds_every_arm_equally_often():
    rng = random.Random(7)
    for _ in range(500):
        block = allocation.draw_block(ARMS, SIZES, rng)
        assert len(block) in SIZES
        assert Counter(block)["cti_ts"] == Counter(block)["usual_care"]


def test_balance_within_each_stratum_never_drifts_beyond_half_a_block():
    allocator = allocation.StratifiedBlockAllocator(ARMS, SIZES, random.Random(11))
    counts: dict[str, Counter] = defaultdict(Counter)
    rng = random.Random(12)
    for _ in range(5000):
        stratum = rng.choice(["santiago", "rio", "vic"])
        result = allocator.allocate(stratum)
        counts[stratum][result.arm] += 1
        gap = abs(counts[stratum]["cti_ts"] - counts[stratum]["usual_care"])
        assert gap <= allocation.max_imbalance(SIZES, len(ARMS))


def test_arms_are_balanced_within_strata_over_10000_simulated_enrolments():
    allocator = allocation.StratifiedBlockAllocator(ARMS, SIZES, random.Random(2024))
    rng = random.Random(99)
    strata = ["santiago", "rio", "vic", "trieste"]
    counts = {s: Counter() for s in strata}
    sequence = defaultdict(list)
    for _ in range(10_000):
        stratum = rng.choices(strata, weights=[4, 3, 2, 1])[0]
        arm = allocator.allocate(stratum).arm
        counts[stratum][arm] += 1
        sequence[stratum].append(arm)
    for stratum in strata:
        observed = [counts[stratum][arm] for arm in ARMS]
        # Exact bound: permuted blocks keep the arms within half the largest block of each other.
        assert abs(observed[0] - observed[1]) <= max(SIZES) // 2
        # And a chi-square goodness-of-fit test cannot tell the split from 1:1.
        assert stats.chisquare(observed).pvalue > 0.5
    # Balance without predictability: a guesser who always names the arm behind so far in the
    # block is right far less often than always (about 70 % with these block sizes, not 100 %).
    right = total = 0
    for arms in sequence.values():
        seen = Counter()
        for arm in arms:
            if seen["cti_ts"] != seen["usual_care"]:
                guess = min(ARMS, key=lambda a: seen[a])
                right += guess == arm
                total += 1
            seen[arm] += 1
    assert 0.6 < right / total < 0.85
    # Overall, the arms are independent of the stratum (chi-square test of independence).
    table = [[counts[s][arm] for arm in ARMS] for s in strata]
    assert stats.chi2_contingency(table).pvalue > 0.5


def trial_with_participants(world, n: int):
    programme = cti_programme(world, trial=True)
    people = [
        make_participant(world.coordinator, world.site_a, f"SCL-{500 + i}", consent_form=world.form_a)
        for i in range(n)
    ]
    return programme, people


def test_allocations_in_the_database_come_in_balanced_blocks_per_site(world):
    programme, people = trial_with_participants(world, 12)
    rng = random.Random(5)
    for participant in people:
        enrolments.do_enrol(
            actor=world.coordinator,
            programme=programme,
            participant=participant,
            enrolled_on=days_ago(3),
            first_visit_on=days_ago(30),
            rng=rng,
        )
    slots = AllocationSlot.objects.filter(programme=programme, site=world.site_a)
    for block in slots.values_list("block", flat=True).distinct():
        arms = list(slots.filter(block=block).values_list("arm", flat=True))
        if slots.filter(block=block, enrolment__isnull=True).exists():
            continue  # the open block is not finished yet
        assert Counter(arms)["cti_ts"] == Counter(arms)["usual_care"]
    assert list(Enrolment.objects.filter(programme=programme).values_list("arm", flat=True).distinct()) != [
        ""
    ]


def test_every_allocation_is_audited_with_its_arm_and_stratum(world):
    programme, people = trial_with_participants(world, 5)
    for participant in people:
        enrolments.do_enrol(
            actor=world.coordinator,
            programme=programme,
            participant=participant,
            enrolled_on=days_ago(1),
            first_visit_on=days_ago(30),
        )
    events = AuditEvent.objects.filter(action="enrolment.randomise")
    assert events.count() == 5
    for event in events:
        enrolment = Enrolment.objects.get(pk=event.object_id)
        assert event.after["arm"] == enrolment.arm
        assert event.after["stratum"] == world.site_a.pk
        assert event.actor_id == world.coordinator.pk


def _normalise(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


@pytest.mark.parametrize("first_arm", ARMS)
def test_the_next_allocation_cannot_be_read_from_the_pages_before_confirmation(world, first_arm):
    programme, people = trial_with_participants(world, 2)
    client = client_for(world.coordinator)
    enrolments.do_enrol(
        actor=world.coordinator,
        programme=programme,
        participant=people[0],
        enrolled_on=days_ago(1),
        first_visit_on=days_ago(30),
    )
    url = reverse("programme_enrol", kwargs={"pk": programme.pk})
    data = {"participant": people[1].pk, "enrolled_on": days_ago(1), "first_visit_on": days_ago(30)}
    pages = []
    for arm in ARMS:
        # Whatever the concealed next slot holds, every page up to confirmation is the same.
        AllocationSlot.objects.filter(programme=programme, enrolment__isnull=True).update(arm=arm)
        pages.append(
            [
                _normalise(client.get(url).content.decode()),
                _normalise(client.post(url, data).content.decode()),
                _normalise(
                    client.get(reverse("programme_detail", kwargs={"pk": programme.pk})).content.decode()
                ),
                _normalise(client.get(reverse("home")).content.decode()),
            ]
        )
    assert pages[0] == pages[1]
    confirm_page = pages[0][1]
    assert "Confirm enrolment and randomise" in confirm_page
    assert "CTI-TS + usual care" not in confirm_page and "Usual care" not in confirm_page
    # The allocation table for the statistician lists only allocations made, never the slots ahead.
    csv = client.get(reverse("allocation_export", kwargs={"pk": programme.pk})).content.decode()
    assert len(csv.strip().splitlines()) == 2
    AllocationSlot.objects.filter(programme=programme, enrolment__isnull=True).update(arm=first_arm)
    response = client.post(url, {**data, "confirm": "yes"})
    assert response.status_code == 302
    assert Enrolment.objects.get(participant=people[1]).arm == first_arm


def test_the_allocation_table_is_pseudonymised_and_its_download_audited(world):
    programme, people = trial_with_participants(world, 3)
    for participant in people:
        enrolments.do_enrol(
            actor=world.coordinator,
            programme=programme,
            participant=participant,
            enrolled_on=days_ago(1),
            first_visit_on=days_ago(30),
        )
    response = client_for(world.researcher).get(reverse("allocation_export", kwargs={"pk": programme.pk}))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert body.splitlines()[0].startswith("study_code,stratum_site,position_in_stratum,block")
    assert "SCL-500" in body and "Ana María" not in body and "Rojas" not in body
    event = AuditEvent.objects.filter(action="allocation.export").get()
    assert event.actor_id == world.researcher.pk and event.after["rows"] == 3
