"""The demo's Catalan programme shows a complete joint display: converging, diverging, expanding rows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from puente.accounts.models import User
from puente.demo import loader
from puente.integration import assembly, selectors
from puente.integration.demo import DISPLAY_TITLE
from puente.integration.models import JointDisplay
from puente.integration.strands import changes, unit_scores
from tests.conftest import client_for


@pytest.fixture
def demo_display(db):
    loader.load_demo()
    return JointDisplay.objects.get(title=DISPLAY_TITLE)


def test_the_catalan_programme_has_a_complete_joint_display(demo_display):
    researcher = User.objects.get(username="researcher")
    assert demo_display.site.code == "vic"
    display = selectors.get_display(researcher, demo_display.pk)
    result = selectors.compute(researcher, display)
    view = assembly.build(display, selectors.live_rows(display), result)
    inferences = [r.row.meta_inference for r in view.rows]
    assert {"converges", "diverges", "expands"} <= set(inferences)
    assert all(r.found and r.quotes and r.result and not r.result["error"] for r in view.rows)
    swls = view.rows[0]
    assert swls.outcome.startswith("SWLS") and swls.levels == ("T2", "T3")
    assert {q.code for q in swls.quotes} == {"Nervis", "Estrès"}
    # The PSWs who speak of nerves are those whose life satisfaction fell by more than 3 points.
    fell = {r for r, d in changes(unit_scores(result), "psw", "swls", "total", "T2", "T3").items() if d < -3}
    assert {q.respondent for q in swls.quotes if q.code == "Nervis"} <= fell
    coordinator = User.objects.get(username="coordinator.vic")
    page = client_for(coordinator).get(reverse("integration_display", kwargs={"pk": display.pk}))
    assert page.status_code == 200 and "Nervis" in page.content.decode()
    other = User.objects.get(username="coordinator.santiago")
    assert client_for(other).get(reverse("integration_display", kwargs={"pk": display.pk})).status_code == 404
