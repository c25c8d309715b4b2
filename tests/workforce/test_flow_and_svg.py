from __future__ import annotations

from decimal import Decimal

from puente.workforce.svg import FlowExit, FlowStep, flow_svg, trend_svg


def test_the_flow_diagram_shows_each_step_and_escapes_text():
    steps = [
        FlowStep("Recruited", 16, "Left", (FlowExit("Found <a> job & left", 2),)),
        FlowStep("Completed", 10),
    ]
    svg = flow_svg(steps, title="Flow <cohort>")
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "n = 16" in svg and "n = 10" in svg and "Left (n = 2)" in svg
    assert "&lt;a&gt; job &amp; left" in svg and "<a>" not in svg
    assert "Flow &lt;cohort&gt;" in svg


def test_the_trend_chart_plots_every_point():
    svg = trend_svg(
        [("1/1", Decimal(10)), ("8/1", Decimal(50)), ("15/1", Decimal(90))], title="t", threshold=75
    )
    assert svg.count("<circle") == 3 and "<polyline" in svg
