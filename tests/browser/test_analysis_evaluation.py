"""The evaluation in Chromium: build and save it, render the report in the background, open the HTML,
download the PDF and the SPSS file, which reads back with the same values and labels."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from puente.analysis.data import evaluation_data
from puente.analysis.exports import build_tables, coded
from puente.analysis.models import Evaluation
from puente.analysis.options import EvaluationOptions
from puente.cli import main
from puente.people.exports import do_create_export_project
from tests.analysis.conftest import build_cohort
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_a_researcher_builds_the_evaluation_and_downloads_the_report_and_the_sav(page, live_world, tmp_path):
    cohort = build_cohort(live_world, psws=8)
    project = do_create_export_project(
        actor=live_world.researcher, site=live_world.site_a, name="Cohort study", max_date_shift_days=0
    )
    sign_in(page, "researcher", PASSWORD)
    page.goto("/evaluation/")
    page.get_by_label("Programme").select_option(label="Peer cohort")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Show the plan and results").click()
    expect(page.get_by_role("heading", name="Analysis plan")).to_be_visible()
    expect(page.get_by_role("heading", name="Participant flow")).to_be_visible()
    expect(page.locator("svg.plot").first).to_be_visible()
    page.get_by_label("Title of the evaluation").fill("Peer cohort, year one")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Peer cohort, year one")).to_be_visible()
    evaluation = Evaluation.objects.get(title="Peer cohort, year one")

    page.get_by_label("Language of the report").select_option("en")
    page.get_by_role("button", name="Render the report (HTML and PDF)").click()
    expect(page.get_by_role("heading", name="Report")).to_be_visible()
    assert main(["worker", "--batch"]) == 0
    # The static poller notices the finished report and shows the links without a reload.
    open_link = page.get_by_role("link", name="Open the report")
    expect(open_link).to_be_visible(timeout=15_000)
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Download the PDF").click()
    pdf_path = tmp_path / "report.pdf"
    pdf_download.value.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF")
    open_link.click()
    expect(page.get_by_role("heading", name="Methods")).to_be_visible()
    expect(page.get_by_role("heading", name="Results by group")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.goto(f"/evaluation/{evaluation.pk}/export/")
    page.get_by_label(re.compile("Export project")).select_option(label=project.name)
    page.get_by_label("File format").select_option("sav")
    with page.expect_download() as sav_download:
        page.get_by_role("button", name="Download").click()
    sav_path = tmp_path / "data.sav"
    sav_download.value.save_as(sav_path)

    import pyreadstat

    frame, meta = pyreadstat.read_sav(str(sav_path))
    options = EvaluationOptions.from_dict(evaluation.options)
    data = evaluation_data(
        live_world.researcher,
        cohort.programme,
        groups=options.groups,
        instruments=options.instruments,
        time_points=options.time_points,
    )
    tables = build_tables(data, project.key)
    expected = coded(tables)
    assert list(frame.columns) == list(expected.columns)
    assert list(frame["id"]) == list(expected["id"])
    numeric = [c for c in expected.columns if c != "id"]
    assert frame[numeric].astype(float).equals(expected[numeric].astype(float))
    assert dict(zip(meta.column_names, meta.column_labels, strict=True)) == tables.labels
    assert meta.variable_value_labels["group"] == {1.0: "Professionals", 2.0: "Peer support workers"}
