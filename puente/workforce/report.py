"""The printable workforce report of a cohort: recruitment, the CONSORT-style flow and the numbers behind
it, as an HTML page rendered to PDF (WeasyPrint) in the reader's language. Aggregate numbers only: no
names, no trainee codes, so everyone who may read the flow may print it."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from puente.accounts.models import User
from puente.workforce import curricula
from puente.workforce.models import Cohort
from puente.workforce.selectors.flow import cohort_flow, recruitment_flow
from puente.workforce.selectors.training import trainee_rows
from puente.workforce.services.common import today
from puente.workforce.svg import flow_svg


def report_language(user: User) -> str:
    return getattr(user, "language", "") or translation.get_language() or "en"


def cohort_report_html(user: User, cohort: Cohort) -> str:
    language = report_language(user)
    with translation.override(language):
        rows = trainee_rows(cohort)
        steps = cohort_flow(cohort, rows)
        recruitment = recruitment_flow(cohort.site_id)
        curriculum = curricula.get(cohort.curriculum_key)
        sessions = list(cohort.sessions.values_list("held_on", flat=True))
        percents = [r.progress.percent for r in rows if r.enrollment.withdrawn_on is None]
        return render_to_string(
            "workforce/report.html",
            {
                "language": language,
                "cohort": cohort,
                "site": cohort.site,
                "curriculum_title": curriculum.title(language),
                "hours": curriculum.total_hours,
                "sessions_planned": len(sessions),
                "sessions_held": sum(1 for held_on in sessions if held_on <= today()),
                "mean_attendance": sum(percents) / len(percents) if percents else None,
                "steps": steps,
                "recruitment": recruitment,
                "flow_svg": mark_safe(  # svg.flow_svg escapes every text it draws
                    flow_svg(steps, title=_("Participant flow of %(cohort)s") % {"cohort": cohort.name})
                ),
                "recruitment_svg": mark_safe(
                    flow_svg(
                        recruitment,
                        title=_("Recruitment at %(site)s") % {"site": cohort.site.name},
                        ident="recruitment",
                    )
                ),
                "generated_on": today(),
            },
        )


def cohort_report_pdf(user: User, cohort: Cohort) -> bytes:
    from weasyprint import HTML  # imported here: loading the fonts is slow and only this page needs it

    return HTML(string=cohort_report_html(user, cohort)).write_pdf()
