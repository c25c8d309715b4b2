from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from puente.accounts.access import roles
from puente.workforce.certificate import certificate_pdf
from puente.workforce.forms import DateOnlyForm, ReasonForm
from puente.workforce.selectors import training as selectors
from puente.workforce.services import accreditation as services
from puente.workforce.views.common import form_page
from puente.workforce.views.training import TRAINEE_VIEWERS, _staff_enrollment


@roles(TRAINEE_VIEWERS)
def trainee_accredit(request: HttpRequest, pk: int) -> HttpResponse:
    enrollment = _staff_enrollment(request, pk)
    progress, _sessions = selectors.trainee_detail(enrollment)
    url = reverse("trainee_detail", args=[enrollment.pk])
    return form_page(
        request,
        DateOnlyForm(request.POST or None),
        title=_("Accredit %(code)s") % {"code": enrollment.candidate.code},
        submit=_("Issue the accreditation"),
        cancel_url=url,
        action=lambda data: services.do_accredit(
            actor=request.user, enrollment=enrollment, issued_on=data["on"]
        ),
        success=_("Accreditation issued."),
        next_url=url,
        extra={"progress": progress, "before_form": "workforce/progress_box.html"},
    )


@roles(TRAINEE_VIEWERS)
def accreditation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    accreditation = selectors.get_accreditation(request.user, pk)
    if not selectors.is_training_staff(request.user, accreditation.enrollment.cohort.site_id):
        raise PermissionDenied
    url = reverse("trainee_detail", args=[accreditation.enrollment_id])
    return form_page(
        request,
        ReasonForm(request.POST or None),
        title=_("Revoke accreditation %(number)s") % {"number": accreditation.certificate_number},
        submit=_("Revoke"),
        cancel_url=url,
        action=lambda data: services.do_revoke(
            actor=request.user, accreditation=accreditation, reason=data["reason"], revoked_on=data["on"]
        ),
        success=_("Accreditation revoked. The record is kept with the reason."),
        next_url=url,
    )


@roles(TRAINEE_VIEWERS)
def accreditation_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    accreditation = selectors.get_accreditation(request.user, pk)
    if not selectors.can_print_certificate(request.user, accreditation):
        raise PermissionDenied
    pdf = certificate_pdf(request.user, accreditation)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{accreditation.certificate_number}.pdf"'
    return response
