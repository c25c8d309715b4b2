"""Case-level integration (scores beside words, filtered by change) and quotations by subgroup."""

from __future__ import annotations

from django.urls import reverse
from scipy.stats import fisher_exact

from puente.integration import cases, selectors
from puente.integration.strands import changes, unit_scores
from tests.conftest import client_for


def test_cases_are_filtered_by_how_much_their_score_fell(world, mixed):
    display = selectors.get_display(world.researcher, mixed.display.pk)
    result = selectors.compute(world.researcher, display)
    outcome = next(o for o in cases.outcome_choices(result) if o.key == "psw|swls|total")
    change = changes(unit_scores(result), "psw", "swls", "total", "T2", "T3")
    rows, without = cases.case_rows(
        display, result, outcome, before="T2", after="T3", direction="fell", threshold=3
    )
    expected = {r for r, d in change.items() if d < -3}
    assert {c.respondent for c in rows} == expected and expected
    assert without == 0
    for case in rows:
        assert case.change < -3
        assert case.sparkline.startswith("<svg") and "<polyline" in case.sparkline
        assert [tp for tp, _v in case.values] == ["T1", "T2", "T3"]
        assert case.quotes and all(q.respondent == case.respondent for q in case.quotes)
    risen, _w = cases.case_rows(
        display, result, outcome, before="T2", after="T3", direction="rose", threshold=0
    )
    assert {c.respondent for c in risen} == {r for r, d in change.items() if d > 0}


def test_the_cases_page_shows_sparklines_and_quotes(world, mixed):
    url = reverse("integration_cases", kwargs={"pk": mixed.display.pk})
    page = client_for(world.researcher).get(
        url,
        {"outcome": "psw|swls|total", "before": "T2", "after": "T3", "direction": "fell", "threshold": "3"},
    )
    assert page.status_code == 200
    body = page.content.decode()
    assert 'class="sparkline"' in body and "<polyline" in body
    main = body.split("<main", 1)[1].split("</main>", 1)[0]
    assert "<script" not in main  # no script needed: the trajectories are plain SVG


def test_code_presence_is_compared_between_improved_and_not_with_fishers_exact_test(world, mixed):
    display = selectors.get_display(world.researcher, mixed.display.pk)
    result = selectors.compute(world.researcher, display)
    outcome = next(o for o in cases.outcome_choices(result) if o.key == "psw|swls|total")
    view = cases.subgroup_comparison(
        display, result, outcome, before="T1", after="T2", split="change", threshold=0
    )
    change = changes(unit_scores(result), "psw", "swls", "total", "T1", "T2")
    improved = {r for r, d in change.items() if d > 0}
    assert view.sizes == (len(improved), len(change) - len(improved))
    assert "Fisher's exact test" in view.method
    nerves = next(r for r in view.rows if r.code == "Nervios")
    said = {f"PSW-{i:02d}" for i in range(1, 12, 2)}  # odd speakers were coded "Nervios"
    a = len(said & improved & set(change))
    b = len((said & set(change)) - improved)
    assert nerves.present == (a, b)
    table = [[a, view.sizes[0] - a], [b, view.sizes[1] - b]]
    expected_p = fisher_exact(table, alternative="two-sided").pvalue
    from puente.analysis.formatting import p_text

    assert nerves.p == p_text(expected_p)
    assert {q.respondent for q in nerves.quotes[0]} == said & improved & set(change)


def test_subgroups_by_trial_arm(world, trial_mixed):
    display, _participants = trial_mixed
    display = selectors.get_display(world.researcher, display.pk)
    result = selectors.compute(world.researcher, display)
    outcome = next(o for o in cases.outcome_choices(result) if "whoqol_bref" in o.key)
    view = cases.subgroup_comparison(display, result, outcome, before="BL", after="M9", split="arm")
    assert not view.error
    assert set(view.labels) == {"CTI-TS", "Usual care"}
    assert sum(view.sizes) == 6  # site A's six service users, all with an interview
    row = view.rows[0]
    assert sum(row.present) == 6 and row.p != "–"
    page = client_for(world.researcher).get(
        reverse("integration_subgroups", kwargs={"pk": display.pk}),
        {"outcome": outcome.key, "before": "BL", "after": "M9", "split": "arm", "threshold": "0"},
    )
    assert page.status_code == 200 and "Usual care" in page.content.decode()
