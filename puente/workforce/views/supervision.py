from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from puente.accounts.access import roles
from puente.accounts.selectors import site_ids_for
from puente.workforce.access import WORKFORCE_MANAGERS
from puente.workforce.forms import SupervisionSessionForm, SupervisorForm
from puente.workforce.models import SupervisionTopic
from puente.workforce.selectors import supervision as selectors
from puente.workforce.services import supervision as services
from puente.workforce.services.common import today
from puente.workforce.views.common import form_page


@roles(WORKFORCE_MANAGERS)
def supervision_overview(request: HttpRequest) -> HttpResponse:
    workers = selectors.supervision_overview(request.user, today())
    sessions = selectors.recent_sessions(request.user)
    topics = dict(SupervisionTopic.choices)
    for session in sessions:
        session.topic_labels = [topics.get(t, t) for t in session.topics]
    return render(
        request,
        "workforce/supervision_overview.html",
        {
            "workers": workers,
            "missed": [w for w in workers if w.missed],
            "unsupervised": [w for w in workers if w.supervisor is None],
            "sessions": sessions,
        },
    )


@roles(WORKFORCE_MANAGERS)
def supervision_assign(request: HttpRequest) -> HttpResponse:
    site_ids = site_ids_for(request.user, WORKFORCE_MANAGERS)
    form = SupervisorForm(
        request.POST or None,
        workers=selectors.psws_at(site_ids),
        supervisors=selectors.supervisors_at(site_ids),
        sites=selectors.manager_sites(request.user),
    )
    return form_page(
        request,
        form,
        title=_("Assign a supervisor"),
        submit=_("Save"),
        cancel_url=reverse("supervision_overview"),
        action=lambda data: services.do_assign_supervisor(actor=request.user, **data),
        success=_("Supervisor assigned."),
        next_url=reverse("supervision_overview"),
        intro=_("The supervisor is the only person besides the PSW who sees their wellbeing check-ins."),
    )


@roles(WORKFORCE_MANAGERS)
def supervision_session_create(request: HttpRequest) -> HttpResponse:
    site_ids = site_ids_for(request.user, WORKFORCE_MANAGERS)
    form = SupervisionSessionForm(
        request.POST or None,
        sites=selectors.manager_sites(request.user),
        supervisors=selectors.supervisors_at(site_ids),
        workers=selectors.psws_at(site_ids),
        initial={"supervisor": request.user.pk},
    )

    def record(data: dict):
        return services.do_record_supervision(
            actor=request.user,
            site=data["site"],
            held_on=data["held_on"],
            kind=data["kind"],
            supervisor=data["supervisor"],
            minutes=data["minutes"],
            topics=data["topics"],
            attendance=form.attendance(),
        )

    return form_page(
        request,
        form,
        title=_("Record a supervision session"),
        submit=_("Save"),
        cancel_url=reverse("supervision_overview"),
        action=record,
        success=_("Supervision session recorded."),
        next_url=reverse("supervision_overview"),
    )
