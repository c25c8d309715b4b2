"""A compiled look-up answers exactly as the queryset it was compiled from, whoever asks and whatever the
values, builds the same model instances, and refuses a queryset whose values are not SQL parameters."""

from __future__ import annotations

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from puente.people.models import Participant
from puente.programs.models import Enrolment
from puente.programs.selectors import scope
from puente.web.compiled_queries import CompiledLookup
from tests.conftest import make_participant
from tests.programs.helpers import cti_programme, enrol


def _uncompiled(user, pk):
    return scope.visible_enrolments(user).filter(pk=pk).first()


def test_every_persona_gets_what_the_queryset_gives(world):
    programme = cti_programme(world)
    own = enrol(world, programme)
    unassigned = enrol(
        world,
        programme,
        make_participant(world.coordinator, world.site_a, "SCL-701", consent_form=world.form_a),
    )
    people = [world.psw, world.cmhw, world.other_psw, world.coordinator, world.researcher, world.admin]
    people += [world.data_entry, world.trainer, world.outsider]
    for user in people:
        for enrolment in (own, unassigned):
            expected = _uncompiled(user, enrolment.pk)
            try:
                found = scope.get_enrolment(user, enrolment.pk)
            except Http404:
                found = None
            assert (found and found.pk) == (expected and expected.pk), (user.username, enrolment.pk)


def test_the_instances_are_complete_and_need_no_further_query(world):
    enrolment = enrol(world, cti_programme(world))
    scope.get_enrolment(world.coordinator, enrolment.pk)  # the plan for this shape
    with CaptureQueriesContext(connection) as queries:
        found = scope.get_enrolment(world.coordinator, enrolment.pk)
        # Related rows came with it; JSON, dates and choices read back as the ORM reads them.
        assert found.participant.study_code == world.own_participant.study_code
        assert found.site == world.site_a and found.team is None
        assert isinstance(found.programme.definition, dict) and found.programme.definition["phases"]
        assert found.enrolled_on == enrolment.enrolled_on
    assert len(queries) == 1
    expected = Enrolment.objects.select_related(*scope.ENROLMENT_RELATED).get(pk=enrolment.pk)
    for field in Enrolment._meta.concrete_fields:
        assert getattr(found, field.attname) == getattr(expected, field.attname), field.name
    assert found._state.adding is False and found._state.db == "default"


def test_one_plan_serves_every_value_of_the_same_shape(world):
    lookup = CompiledLookup(lambda *, pk: Participant.objects.filter(pk=pk)[:1])
    first, second = world.own_participant, world.far_participant
    assert lookup.first(pk=first.pk) == first
    assert lookup.first(pk=second.pk) == second
    assert lookup.first(pk=10**9) is None
    assert len(lookup._plans) == 1 and all(lookup._plans.values())


def test_lists_of_another_length_are_another_shape(world):
    lookup = CompiledLookup(
        lambda *, sites, pk: Participant.objects.filter(Q(site_id__in=sites) | Q(pk__in=[]), pk=pk)[:1]
    )
    participant = world.far_participant
    assert lookup.first(sites=[world.site_a.pk], pk=participant.pk) is None
    assert lookup.first(sites=[world.site_a.pk, world.site_b.pk], pk=participant.pk) == participant
    assert lookup.first(sites=[], pk=participant.pk) is None
    assert len(lookup._plans) == 3


def test_a_value_written_into_the_sql_text_is_not_compiled(world):
    """Were the value put in the SQL text, a plan would answer every later call with the first value."""
    lookup = CompiledLookup(
        lambda *, pk: Participant.objects.filter(pk=RawSQL(str(pk), [])).order_by("pk")[:1]
    )
    first, second = world.own_participant, world.far_participant
    assert lookup.first(pk=first.pk) == first
    assert lookup.first(pk=second.pk) == second
    assert list(lookup._plans.values()) == [None]
