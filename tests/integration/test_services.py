"""Writing joint displays: each write audited, bad input refused with a clear message and no change."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from puente.audit.models import AuditEvent
from puente.integration import services
from puente.integration.models import JointDisplay, JointDisplayRow, MetaInference
from puente.qualitative.models import Code
from puente.qualitative.services import codebook, projects
from tests.integration.access_routes import make_display


def counts() -> tuple[int, int, int]:
    return JointDisplay.objects.count(), JointDisplayRow.objects.count(), AuditEvent.objects.count()


@pytest.fixture
def small(world):
    return make_display(world)


def test_creating_a_display_and_a_row_records_audit_events(world, small):
    display, row = small
    assert display.site_id == world.site_a.pk
    actions = list(
        AuditEvent.objects.filter(action__startswith="joint_display")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["joint_display.create", "joint_display_row.create"]
    event = AuditEvent.objects.get(action="joint_display_row.create")
    assert event.after["comparison_key"] == "pair|psw|swls|total|T1|T2"
    assert event.after["code_ids"] == row.code_ids and len(row.code_ids) == 1


def test_it_refuses_a_display_without_a_title(world, small):
    display, _row = small
    before = counts()
    with pytest.raises(ValidationError, match="Give the joint display a title"):
        services.do_create_display(
            actor=world.researcher,
            evaluation=display.evaluation,
            project=display.project,
            codebook_version=display.codebook_version,
            title="  ",
        )
    assert counts() == before


def test_it_refuses_a_codebook_version_of_another_project(world, small):
    display, _row = small
    other = projects.do_create_project(actor=world.researcher, name="Other study", sites=[world.site_a])
    codebook.do_create_code(actor=world.researcher, project=other, name="Hope")
    before = counts()
    with pytest.raises(ValidationError, match="codebook version of the qualitative project you chose"):
        services.do_create_display(
            actor=world.researcher,
            evaluation=display.evaluation,
            project=display.project,
            codebook_version=other.codebook_versions.first(),
            title="Mixed",
        )
    assert counts() == before


def test_it_refuses_strands_of_different_sites(world, small):
    display, _row = small
    far = projects.do_create_project(actor=None, name="Rio study", sites=[world.site_b])
    codebook.do_create_code(actor=None, project=far, name="Hope")
    before = counts()
    with pytest.raises(ValidationError, match="must belong to the same site"):
        services.do_create_display(
            actor=world.researcher,
            evaluation=display.evaluation,
            project=far,
            codebook_version=far.codebook_versions.first(),
            title="Mixed",
        )
    assert counts() == before


def test_it_refuses_a_row_that_is_not_a_change_the_evaluation_makes(world, small):
    display, _row = small
    before = counts()
    for key in (
        "omnibus|psw|swls|total|T1|T2",
        "pair|psw|cami|total|T1|T2",
        "pair|psw|swls|total|T1|T9",
        "x",
    ):
        with pytest.raises(ValidationError, match="Choose a change between two time points"):
            services.do_add_row(actor=world.researcher, display=display, comparison_key=key)
    assert counts() == before


def test_it_refuses_codes_of_another_project(world, small):
    _display, row = small
    other = projects.do_create_project(actor=world.researcher, name="Other study", sites=[world.site_a])
    foreign = codebook.do_create_code(actor=world.researcher, project=other, name="Hope")
    before = counts()
    with pytest.raises(ValidationError, match="A code belongs to another qualitative project"):
        services.do_update_row(
            actor=world.researcher,
            row=row,
            expected_version=row.version,
            codes=[foreign],
            code_groups=[],
            meta_inference="",
            note="",
        )
    assert counts() == before
    row.refresh_from_db()
    assert foreign.pk not in row.code_ids


def test_it_refuses_a_stale_row_edit_and_keeps_the_first(world, small):
    _display, row = small
    code = Code.objects.get(pk=row.code_ids[0])
    services.do_update_row(
        actor=world.coordinator,
        row=row,
        expected_version=row.version,
        codes=[code],
        code_groups=[],
        meta_inference=MetaInference.CONVERGES,
        note="Nerves explain the fall.",
    )
    before = counts()
    with pytest.raises(services.StaleEdit):
        services.do_update_row(
            actor=world.researcher,
            row=row,
            expected_version=row.version,
            codes=[],
            code_groups=[],
            meta_inference=MetaInference.DIVERGES,
            note="",
        )
    assert counts() == before
    row.refresh_from_db()
    assert (row.meta_inference, row.note, row.version) == ("converges", "Nerves explain the fall.", 2)
    event = AuditEvent.objects.filter(action="joint_display_row.update").get()
    assert event.before == {"meta_inference": "", "note": ""}


def test_it_refuses_an_unknown_meta_inference(world, small):
    _display, row = small
    before = counts()
    with pytest.raises(ValidationError, match="converges, diverges or expands"):
        services.do_update_row(
            actor=world.researcher,
            row=row,
            expected_version=row.version,
            codes=[],
            code_groups=[],
            meta_inference="agrees",
            note="",
        )
    assert counts() == before


def test_removing_a_row_needs_a_reason_and_keeps_it(world, small):
    _display, row = small
    before = counts()
    with pytest.raises(ValidationError, match="Give a reason"):
        services.do_retire_row(actor=world.researcher, row=row, reason=" ")
    assert counts() == before
    services.do_retire_row(actor=world.researcher, row=row, reason="Duplicate")
    row.refresh_from_db()
    assert row.retired_at is not None and JointDisplayRow.objects.count() == before[1]


def test_a_stale_display_edit_is_refused(world, small):
    display, _row = small
    services.do_update_display(
        actor=world.researcher,
        display=display,
        expected_version=1,
        title="New title",
        codebook_version=display.codebook_version,
    )
    before = counts()
    with pytest.raises(services.StaleEdit):
        services.do_update_display(
            actor=world.coordinator,
            display=display,
            expected_version=1,
            title="Other title",
            codebook_version=display.codebook_version,
        )
    assert counts() == before
    display.refresh_from_db()
    assert display.title == "New title"


def test_the_builder_page_shows_a_refusal_on_the_form_and_changes_nothing(world, small):
    from django.urls import reverse

    from tests.conftest import client_for

    display, _row = small
    other = projects.do_create_project(actor=world.researcher, name="Other study", sites=[world.site_a])
    codebook.do_create_code(actor=world.researcher, project=other, name="Hope")
    before = counts()
    response = client_for(world.coordinator).post(
        reverse("integration_display_create"),
        {
            "title": "Mixed",
            "evaluation": display.evaluation.pk,
            "project": display.project.pk,
            "codebook_version": other.codebook_versions.first().pk,
        },
    )
    assert response.status_code == 200
    assert "Choose a codebook version of the qualitative project you chose." in response.content.decode()
    assert counts() == before
    response = client_for(world.coordinator).post(
        reverse("integration_display_create"),
        {
            "title": "Mixed",
            "evaluation": display.evaluation.pk,
            "project": display.project.pk,
            "codebook_version": display.codebook_version.pk,
        },
    )
    assert response.status_code == 302
    assert JointDisplay.objects.filter(title="Mixed", created_by=world.coordinator).exists()
