"""The printable workforce report of a cohort (PDF)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.text import slugify

from puente.accounts.access import roles
from puente.workforce.access import FLOW_READERS
from puente.workforce.report import cohort_report_pdf
from puente.workforce.selectors import training as selectors


@roles(FLOW_READERS)
def cohort_report(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.get_cohort(request.user, pk)
    response = HttpResponse(cohort_report_pdf(request.user, cohort), content_type="application/pdf")
    name = slugify(cohort.name) or f"cohort-{cohort.pk}"
    response["Content-Disposition"] = f'inline; filename="workforce-report-{name}.pdf"'
    return response
