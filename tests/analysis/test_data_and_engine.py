"""The long table (consented only, fixed queries) and the evaluation engine built on it."""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from puente.analysis import stats
from puente.analysis.data import SCORE_COLUMNS, evaluation_data
from puente.analysis.engine import run_evaluation
from puente.analysis.models import Evaluation
from puente.analysis.narrative import methods_paragraph, sentences
from puente.analysis.options import EvaluationOptions, check_options
from puente.analysis.presentation import flow_svg, outcome_plots
from puente.analysis.services import do_save_evaluation
from puente.instruments.models import Administration
from puente.people import services as people
from puente.people.models import ConsentScope
from tests.analysis.conftest import build_cohort

OPTIONS = EvaluationOptions(
    groups=("psw", "professional"), instruments=("swls", "ras_r"), time_points=("T1", "T2", "T3")
)


def data_for(user, cohort, **kwargs):
    return evaluation_data(
        user,
        cohort.programme,
        groups=OPTIONS.groups,
        instruments=OPTIONS.instruments,
        time_points=OPTIONS.time_points,
        **kwargs,
    )


def test_the_long_table_holds_the_stored_scores_of_consented_people(world, cohort):
    data = data_for(world.researcher, cohort)
    assert list(data.scores.columns) == SCORE_COLUMNS
    assert data.time_points == ("T1", "T2", "T3")
    assert "PSW-11" not in set(data.scores["respondent"]) and data.excluded == 1
    stored = Administration.objects.get(respondent__code="PSW-03", instrument__code="swls", time_point="T2")
    row = data.scores[
        (data.scores["respondent"] == "PSW-03")
        & (data.scores["instrument"] == "swls")
        & (data.scores["time_point"] == "T2")
    ]
    assert row["value"].tolist() == [stored.scores["values"]["total"]]
    assert set(data.scores["score"]) == {"total"}  # main scores only
    assert len(set(data_for(world.researcher, cohort, score_set="all").scores["score"])) == 6


def test_people_outside_the_users_sites_are_not_read(world, cohort):
    from puente.accounts.roles import Role
    from tests.conftest import make_user

    researcher_b = make_user("researcherb", (world.site_b, Role.RESEARCHER))
    cohort.programme.sites.add(world.site_b)
    data = data_for(researcher_b, cohort)
    assert data.scores.empty and data.respondents.empty


def test_a_withdrawal_of_research_consent_removes_a_service_users_scores(world, trial):
    options = dict(groups=["service_user"], instruments=["whoqol_bref"], time_points=["BL", "M9"])
    before = evaluation_data(world.admin, trial.programme, **options)
    from puente.people.models import Participant

    participant = Participant.objects.get(study_code="TA-001")
    people.do_withdraw_consent(
        actor=world.admin, participant=participant, scopes=[ConsentScope.RESEARCH], event_date=dt.date.today()
    )
    after = evaluation_data(world.admin, trial.programme, **options)
    assert "TA-001" in set(before.scores["respondent"]) and "TA-001" not in set(after.scores["respondent"])
    assert after.excluded == before.excluded + 1


def test_the_selector_runs_a_fixed_number_of_queries(world):
    small = build_cohort(world, psws=2, seed=2)
    data_for(world.researcher, small)  # the user's memberships are cached after the first read
    with CaptureQueriesContext(connection) as first:
        data_for(world.researcher, small)
    from tests.analysis.test_evaluation_views import build_cohort_more

    build_cohort_more(world, small)
    with CaptureQueriesContext(connection) as second:
        data = data_for(world.researcher, small)
    assert len(data.respondents) > 10
    assert len(first.captured_queries) == len(second.captured_queries) <= 6


def test_the_engine_matches_the_statistics_core(world, cohort):
    result = run_evaluation(data_for(world.researcher, cohort), OPTIONS)
    row = next(r for r in result.rows if (r.unit, r.instrument) == ("psw", "swls"))
    assert [r.unit for r in result.rows][:2] == ["psw", "psw"]
    wide = (
        data_for(world.researcher, cohort)
        .scores.query("group == 'psw' and instrument == 'swls'")
        .pivot(index="respondent", columns="time_point", values="value")
    )
    t1, t2 = wide["T1"].to_numpy(), wide["T2"].to_numpy()
    pair = row.pairs[0]
    assert pair.levels == ("T1", "T2")
    if pair.choice == "parametric":
        expected = stats.paired_ttest(t1, t2)
        assert pair.p == pytest.approx(expected.p, abs=1e-12) and pair.effect == pytest.approx(
            -expected.cohen_dz
        )
    else:
        assert pair.p == pytest.approx(stats.wilcoxon_signed_rank(t1, t2).p, abs=1e-12)
    assert pair.change == pytest.approx(np.nanmean(t2 - t1))
    assert row.cells["T1"].n == 10 and row.cells["T2"].n == 9
    assert row.cells["T1"].mean == pytest.approx(np.nanmean(t1))
    assert row.omnibus is not None and row.omnibus.n == 9
    holm = stats.holm([c.p for r in result.rows for c in r.pairs if c.ok])
    assert [c.p_adjusted for r in result.rows for c in r.pairs if c.ok] == pytest.approx(
        list(holm.p_adjusted)
    )
    assert result.flow.loc["psw", "registered"] == 11 and result.flow.loc["psw", "excluded"] == 1
    assert result.flow.loc["psw", "T2:left"] == 1
    missing = result.missing.set_index(["unit", "instrument", "time_point"])
    assert missing.loc[("psw", "swls", "T3"), "missing"] == 1


def test_an_override_runs_the_other_test(world, cohort):
    key = "pair|psw|swls|total|T1|T2"
    base = run_evaluation(data_for(world.researcher, cohort), OPTIONS)
    suggested = next(c for c in base.comparisons() if c.key == key).choice
    other = "nonparametric" if suggested == "parametric" else "parametric"
    result = run_evaluation(data_for(world.researcher, cohort), OPTIONS.with_override(key, other))
    comparison = next(c for c in result.comparisons() if c.key == key)
    assert comparison.choice == other and comparison.overridden and comparison.suggested == suggested


def test_the_trial_is_analysed_with_gee_clustered_by_site_and_a_mixed_model(world, trial):
    options = EvaluationOptions(
        groups=("service_user",),
        split_by_arm=True,
        instruments=("whoqol_bref",),
        time_points=("BL", "M9"),
        trial_model="both",
    )
    data = evaluation_data(
        world.admin,
        trial.programme,
        groups=options.groups,
        instruments=options.instruments,
        time_points=options.time_points,
    )
    result = run_evaluation(data, options)
    assert set(result.units) == {"service_user:cti_ts", "service_user:usual_care"}
    gee = [t for t in result.trial if t.model == "gee"]
    assert {t.score for t in gee} == {"physical", "psychological", "social", "environment"}
    physical = next(t for t in gee if t.score == "physical")
    assert physical.reference_arm == "usual_care" and physical.result.n_clusters == 2
    assert physical.result.options["cluster"] == "cluster" and physical.interactions()[0].estimate > 0
    assert any(t.model == "mixed" and t.result is not None for t in result.trial)
    assert any(row.between for row in result.rows)
    assert any(s.startswith("Trial:") for s in sentences(result))
    assert "clustered by site" in methods_paragraph(result)


def test_plots_and_the_flow_diagram_are_well_formed_svg(world, cohort):
    result = run_evaluation(data_for(world.researcher, cohort), OPTIONS)
    svgs = outcome_plots(result)
    assert len(svgs) == 2
    for svg in [*svgs, flow_svg(result)]:
        root = ElementTree.fromstring(svg)
        assert root.tag.endswith("svg") and "script" not in svg
    assert "Peer support workers" in svgs[0]


def test_plots_escape_text():
    from puente.analysis.plots import PlotSeries, outcome_plot

    svg = outcome_plot(
        "<b>&",
        ["T1", "T2"],
        [PlotSeries("<script>", [1.0, None], [0.5, None], [1.5, None], [[1.0, 2.0], [None, 3.0]])],
    )
    ElementTree.fromstring(svg)
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_sentences_say_what_changed_in_plain_words(world, cohort):
    result = run_evaluation(data_for(world.researcher, cohort), OPTIONS)
    text = sentences(result)
    assert any("Peer support workers: SWLS: Total score" in s and "T1" in s for s in text)
    assert all(s.endswith(("significant.", "chance.")) for s in text)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"groups": ()}, "at least one group"),
        ({"time_points": ("T1",)}, "at least two time points"),
        ({"instruments": ()}, "at least one instrument"),
        ({"alpha": 0.9}, "significance level"),
        ({"correction": "magic"}, "from the lists"),
    ],
)
def test_bad_options_are_refused_and_nothing_is_saved(world, cohort, changes, message):
    import dataclasses

    options = dataclasses.replace(OPTIONS, **changes)
    with pytest.raises(ValidationError, match=message):
        check_options(options)
    with pytest.raises(ValidationError):
        do_save_evaluation(actor=world.researcher, programme=cohort.programme, title="x", options=options)
    assert not Evaluation.objects.exists()


def test_a_programme_outside_the_users_sites_cannot_be_saved(world, cohort):
    from puente.programs.models import Programme

    far = Programme.objects.create(code="far", name="Far", kind="custom")
    far.sites.add(world.site_b)
    with pytest.raises(ValidationError, match="cannot evaluate"):
        do_save_evaluation(actor=world.researcher, programme=far, title="Far", options=OPTIONS)
