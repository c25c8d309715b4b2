"""A compiled look-up answers exactly as the queryset it was compiled from, whoever asks and whatever the
values, builds the same model instances (or plain rows), and refuses a queryset whose values are not SQL
parameters; a compiled insert stores what the ORM stores and steps aside for receivers and expressions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, connection, transaction
from django.db.models import Q, Value, signals
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from puente.audit.models import AuditEvent
from puente.people.models import Participant
from puente.programs.models import Contact, Enrolment, Phase
from puente.programs.selectors import scope
from puente.web.compiled_queries import CompiledInsert, CompiledLookup
from puente.web.models import SubmissionKey
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


# --- rows of a values_list() queryset -----------------------------------------------------------------


def _phase_rows(*, enrolment_id):
    return (
        Phase.objects.filter(enrolment_id=enrolment_id)
        .order_by("order")
        .values_list("key", "order", "starts_on", "ends_on")
    )


def test_rows_are_the_querysets_rows_with_dates_read_back(world):
    first = enrol(world, cti_programme(world), start_days_ago=30)
    lookup = CompiledLookup(_phase_rows)
    expected = list(_phase_rows(enrolment_id=first.pk))
    assert len(expected) == 3 and isinstance(expected[0][2], dt.date)
    assert lookup.rows(enrolment_id=first.pk) == expected
    assert lookup.rows(enrolment_id=10**9) == []
    assert all(lookup._plans.values())  # compiled, not run through the ORM


def test_rows_of_an_empty_list_need_no_query(world):
    lookup = CompiledLookup(lambda *, sites: Participant.objects.filter(site_id__in=sites).values_list("pk"))
    with CaptureQueriesContext(connection) as queries:
        assert lookup.rows(sites=[]) == []
    assert len(queries) == 0
    assert lookup.rows(sites=[world.site_b.pk]) == list(
        Participant.objects.filter(site_id=world.site_b.pk).values_list("pk")
    )


def test_flat_rows_run_uncompiled_and_the_two_readers_are_not_mixed(world):
    flat = CompiledLookup(lambda *, pk: Participant.objects.filter(pk=pk).values_list("pk", flat=True))
    assert flat.rows(pk=world.own_participant.pk) == [world.own_participant.pk]
    assert list(flat._plans.values()) == [None]
    with pytest.raises(TypeError):
        CompiledLookup(_phase_rows).first(enrolment_id=1)
    with pytest.raises(TypeError):
        CompiledLookup(lambda *, pk: Participant.objects.filter(pk=pk)[:1]).rows(pk=1)


# --- inserts ----------------------------------------------------------------------------------------------


def _stored(model, pk) -> dict:
    row = model.objects.filter(pk=pk).values().get()
    return {name: value for name, value in row.items() if name not in ("id", "created_at")}


def test_a_compiled_insert_stores_what_the_orm_stores(world):
    enrolment = enrol(world, cti_programme(world), start_days_ago=30)
    fields = {
        "enrolment": enrolment,
        "logged_by": world.psw,
        "phase_key": "phase_1",
        "contact_on": dt.date(2026, 1, 5),
        "kind": "home_visit",
        "attendees": ["psw", "family"],
        "duration_minutes": 45,
        "targets": ["housing"],
        "note": "Walked to the market; ñandú",
        "role_boundary": True,
    }
    before = timezone.now()
    compiled = CompiledInsert(Contact).create(**fields)
    by_orm = Contact.objects.create(**fields)
    assert compiled.pk and compiled.pk != by_orm.pk
    assert compiled._state.adding is False and compiled._state.db == "default"
    assert _stored(Contact, compiled.pk) == _stored(Contact, by_orm.pk)
    stored = Contact.objects.get(pk=compiled.pk)
    assert stored.created_at == compiled.created_at and stored.created_at >= before  # auto_now_add
    assert stored.attendees == ["psw", "family"] and stored.enrolment_id == enrolment.pk


def test_a_unique_constraint_is_an_integrity_error(world):
    keys = CompiledInsert(SubmissionKey)
    keys.create(scope="test", key="abc", user_id=world.psw.pk, object_id="1")
    with pytest.raises(IntegrityError), transaction.atomic():
        keys.create(scope="test", key="abc", user_id=world.psw.pk, object_id="2")
    assert SubmissionKey.objects.filter(scope="test").count() == 1


def test_receivers_expressions_and_own_keys_go_through_save(world):
    keys, heard = CompiledInsert(SubmissionKey), []

    def receiver(sender, instance, created, **kwargs):
        heard.append((instance.key, created))

    signals.post_save.connect(receiver, sender=SubmissionKey)
    try:
        keys.create(scope="test", key="heard", user_id=None, object_id="1")
    finally:
        signals.post_save.disconnect(receiver, sender=SubmissionKey)
    assert heard == [("heard", True)]
    made = keys.create(scope="test", key="expr", user_id=None, object_id=Concat(Value("4"), Value("2")))
    assert SubmissionKey.objects.get(pk=made.pk).object_id == "42"
    own = keys.create(id=987_654, scope="test", key="own", user_id=None, object_id="1")
    assert own.pk == 987_654 and SubmissionKey.objects.get(pk=987_654).key == "own"


def test_a_model_with_its_own_save_is_refused_unless_declared(world):
    with pytest.raises(ImproperlyConfigured):
        CompiledInsert(AuditEvent)
    CompiledInsert(AuditEvent, save_adds_nothing_to_new_rows=True)
