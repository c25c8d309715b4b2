"""Mixed-methods routes in the permission matrix: a joint display at site A with one row.

Coordinators, researchers and administrators of the site build and read displays; every other role
has no mixed-methods pages (403).
"""

from __future__ import annotations

from tests.matrix import expect

INTEGRATORS = frozenset({"coordinator", "researcher", "admin"})

ROUTES: dict[str, dict[str, int]] = {
    "integration_display_list": expect(INTEGRATORS),
    "integration_display_create": expect(INTEGRATORS),
    "integration_display": expect(INTEGRATORS),
    "integration_display_edit": expect(INTEGRATORS),
    "integration_display_retire": expect(INTEGRATORS),
    "integration_row_edit": expect(INTEGRATORS),
    "integration_row_retire": expect(INTEGRATORS),
    "integration_cases": expect(INTEGRATORS),
    "integration_subgroups": expect(INTEGRATORS),
    "integration_export": expect(INTEGRATORS),
}


def make_display(world):
    """A small display on an evaluation without answers yet (the pages must still work)."""
    from puente.analysis.options import EvaluationOptions
    from puente.analysis.services import do_save_evaluation
    from puente.integration import services
    from puente.programs.models import Programme
    from puente.qualitative.services import codebook, projects

    programme = Programme.objects.create(code="matrix-integration", name="Matrix mixed", kind="custom")
    programme.sites.add(world.site_a)
    evaluation = do_save_evaluation(
        actor=world.researcher,
        programme=programme,
        title="Matrix mixed",
        options=EvaluationOptions(groups=("psw",), instruments=("swls",), time_points=("T1", "T2")),
    )
    project = projects.do_create_project(
        actor=world.researcher, name="Matrix focus group", sites=[world.site_a]
    )
    code = codebook.do_create_code(actor=world.researcher, project=project, name="Nerves")
    display = services.do_create_display(
        actor=world.researcher,
        evaluation=evaluation,
        project=project,
        codebook_version=project.codebook_versions.order_by("-number").first(),
        title="Matrix display",
    )
    row = services.do_add_row(
        actor=world.researcher, display=display, comparison_key="pair|psw|swls|total|T1|T2", codes=[code]
    )
    return display, row


def url_kwargs(name: str, world) -> dict | None:
    if not name.startswith("integration_") or name in (
        "integration_display_list",
        "integration_display_create",
    ):
        return None
    display, row = make_display(world)
    if name in ("integration_row_edit", "integration_row_retire"):
        return {"pk": display.pk, "row": row.pk}
    if name == "integration_export":
        return {"pk": display.pk, "fmt": "xlsx"}
    return {"pk": display.pk}
