"""The joint display: the engine's result beside the quotations of the same people, following the
codebook version chosen and the current codings and consent."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from puente.accounts.roles import Role
from puente.analysis.presentation import comparison_view
from puente.integration import assembly, selectors, services
from puente.integration.models import JointDisplayRow
from puente.qualitative.models import Coding
from puente.qualitative.services import codebook, coding
from tests.conftest import client_for, make_user
from tests.integration.conftest import LINES, SWLS_T2_T3


def read(user, display):
    display = selectors.get_display(user, display.pk)
    return assembly.build(display, selectors.live_rows(display), selectors.compute(user, display))


def test_a_row_holds_the_engine_result_and_the_quotes_of_the_people_measured(world, mixed):
    group = mixed.project.code_groups.get(name="Malestar")
    services.do_add_row(
        actor=world.researcher, display=mixed.display, comparison_key=SWLS_T2_T3, code_groups=[group]
    )
    view = read(world.researcher, mixed.display)
    row = view.rows[0]
    result = selectors.compute(world.researcher, mixed.display)
    engine = next(c for r in result.rows for c in r.pairs if c.key == SWLS_T2_T3)
    assert row.result == comparison_view(engine)
    assert row.people == engine.n == 9  # PSW-10 left after T1, PSW-11 never consented
    speakers = {q.respondent for q in row.quotes}
    assert speakers and speakers <= {f"PSW-{i:02d}" for i in range(1, 10)}
    assert {q.code for q in row.quotes} == {"Nervios", "Estrés"}
    assert {q.text for q in row.quotes} == {LINES["nerves"], LINES["stress"]}
    assert row.voices == len(speakers)
    assert "convergent parallel design" in view.methods


def test_quotes_follow_the_codebook_version_chosen(world, mixed):
    nerves, hope = mixed.codes["nerves"], mixed.codes["hope"]
    services.do_add_row(
        actor=world.researcher, display=mixed.display, comparison_key=SWLS_T2_T3, codes=[nerves, hope]
    )
    assert {q.code for q in read(world.researcher, mixed.display).rows[0].quotes} == {"Nervios", "Esperanza"}
    # Version 1 knew only "Nervios": hope's quotations are not part of that codebook.
    first = mixed.project.codebook_versions.get(number=1)
    display = services.do_update_display(
        actor=world.researcher,
        display=mixed.display,
        expected_version=mixed.display.version,
        title=mixed.display.title,
        codebook_version=first,
    )
    assert {q.code for q in read(world.researcher, display).rows[0].quotes} == {"Nervios"}
    # A sub-code added later counts under its parent in the versions that have it, not before.
    child = codebook.do_create_code(
        actor=world.researcher, project=mixed.project, name="Nervios al empezar", parent=nerves
    )
    text = mixed.document.text
    start = text.index("Hay días")
    coding.do_code_selection(
        actor=world.researcher, document=mixed.document, start=start, end=start + 8, codes=[child]
    )
    assert "Nervios al empezar" not in {q.code for q in read(world.researcher, display).rows[0].quotes}
    latest = mixed.project.codebook_versions.order_by("-number").first()
    display = services.do_update_display(
        actor=world.researcher,
        display=display,
        expected_version=display.version,
        title=display.title,
        codebook_version=latest,
    )
    assert "Nervios al empezar" in {q.code for q in read(world.researcher, display).rows[0].quotes}
    # Retiring a code makes a new version without it.
    codebook.do_retire_code(actor=world.researcher, code=hope, reason="Merged into another code")
    latest = mixed.project.codebook_versions.order_by("-number").first()
    display = services.do_update_display(
        actor=world.researcher,
        display=display,
        expected_version=display.version,
        title=display.title,
        codebook_version=latest,
    )
    assert "Esperanza" not in {q.code for q in read(world.researcher, display).rows[0].quotes}


def test_quotes_update_when_codings_change(world, mixed):
    services.do_add_row(
        actor=world.researcher,
        display=mixed.display,
        comparison_key=SWLS_T2_T3,
        codes=[mixed.codes["stress"]],
    )
    before = read(world.researcher, mixed.display).rows[0].quotes
    assert before
    target = (
        Coding.objects.filter(code=mixed.codes["stress"], retired_at__isnull=True).order_by("start").first()
    )
    coding.do_remove_coding(actor=world.researcher, coding=target)
    after = read(world.researcher, mixed.display).rows[0].quotes
    assert len(after) == len(before) - 1
    coding.do_code_selection(
        actor=world.researcher,
        document=mixed.document,
        start=target.start,
        end=target.end,
        codes=[mixed.codes["stress"]],
    )
    assert len(read(world.researcher, mixed.display).rows[0].quotes) == len(before)


def test_the_display_page_adds_a_row_and_shows_it(world, mixed):
    client = client_for(world.coordinator)
    url = reverse("integration_display", kwargs={"pk": mixed.display.pk})
    response = client.post(url, {"comparison_key": SWLS_T2_T3, "codes": [mixed.codes["nerves"].pk]})
    assert response.status_code == 302
    row = JointDisplayRow.objects.get(display=mixed.display)
    page = client.get(url).content.decode()
    assert LINES["nerves"] in page and "PSW-01" in page and "Methods of integration" in page
    edit = reverse("integration_row_edit", kwargs={"pk": mixed.display.pk, "row": row.pk})
    form = {
        "codes": [mixed.codes["nerves"].pk],
        "meta_inference": "converges",
        "note": "Nerves",
        "version": 1,
    }
    assert client.post(edit, form).status_code == 302
    stale = client.post(edit, {**form, "meta_inference": "diverges"})
    assert stale.status_code == 409
    row.refresh_from_db()
    assert row.meta_inference == "converges"


def test_a_display_of_another_site_does_not_exist(world, mixed):
    far_coordinator = make_user("coordrio", (world.site_b, Role.COORDINATOR))
    for name in (
        "integration_display",
        "integration_cases",
        "integration_subgroups",
        "integration_display_edit",
    ):
        url = reverse(name, kwargs={"pk": mixed.display.pk})
        assert client_for(far_coordinator).get(url).status_code == 404
    url = reverse("integration_export", kwargs={"pk": mixed.display.pk, "fmt": "docx"})
    assert client_for(far_coordinator).get(url).status_code == 404


def test_only_consented_pseudonymised_people_appear_on_every_page(world, trial_mixed):
    display, participants = trial_mixed
    key = "pair|service_user:cti_ts|whoqol_bref|" + trial_key_score(world, display) + "|BL|M9"
    services.do_add_row(
        actor=world.researcher, display=display, comparison_key=key, codes=list(display.project.codes.all())
    )
    row = read(world.researcher, display).rows[0]
    quoted = {q.respondent for q in row.quotes}
    withdrawn = next(p for p in participants if p.study_code in quoted)
    from puente.people import services as people

    people.do_withdraw_consent(
        actor=world.coordinator, participant=withdrawn, scopes=["research"], event_date=dt.date.today()
    )
    row = read(world.researcher, display).rows[0]
    assert withdrawn.study_code not in {q.respondent for q in row.quotes}
    client = client_for(world.researcher)
    pages = [
        reverse(name, kwargs={"pk": display.pk})
        for name in (
            "integration_display",
            "integration_cases",
            "integration_subgroups",
            "integration_display_edit",
        )
    ]
    pages += [
        reverse("integration_display_list"),
        reverse("integration_display_create"),
        reverse("integration_subgroups", kwargs={"pk": display.pk})
        + "?outcome="
        + key.split("|", 1)[1].rsplit("|", 2)[0]
        + "&before=BL&after=M9&split=arm&threshold=0",
        reverse("integration_row_edit", kwargs={"pk": display.pk, "row": row.row.pk}),
    ]
    for url in pages:
        page = client.get(url).content.decode()
        assert (
            "Ana María Rojas" not in page and "+56 9 1234 5678" not in page and "Calle Falsa" not in page
        ), url
        assert withdrawn.study_code not in page, url
    assert any(p.study_code in client.get(pages[0]).content.decode() for p in participants if p != withdrawn)
    exported = client.get(reverse("integration_export", kwargs={"pk": display.pk, "fmt": "docx"}))
    import io

    import docx

    text = "\n".join(
        c.text for t in docx.Document(io.BytesIO(exported.content)).tables for r in t.rows for c in r.cells
    )
    assert "Ana María Rojas" not in text and withdrawn.study_code not in text
    assert any(p.study_code in text for p in participants if p != withdrawn)


def trial_key_score(world, display) -> str:
    result = selectors.compute(world.researcher, display)
    return next(r.score for r in result.rows if r.instrument == "whoqol_bref")
