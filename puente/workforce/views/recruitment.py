from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from puente.accounts.access import roles
from puente.accounts.roles import Role
from puente.accounts.selectors import members_of_sites, site_ids_for, sites_for
from puente.workforce.access import TRAINING_STAFF, WORKFORCE_MANAGERS
from puente.workforce.forms import (
    CandidateForm,
    CandidateIdentityForm,
    CriterionForm,
    InterviewForm,
    StageForm,
)
from puente.workforce.models import CandidateIdentity, Stage
from puente.workforce.selectors import recruitment as selectors
from puente.workforce.services import recruitment as services
from puente.workforce.views.common import form_page


def _managed(request: HttpRequest, pk: int):
    """A candidate the user may change: 404 outside their sites, 403 for trainers who only look."""
    candidate = selectors.get_candidate(request.user, pk)
    if not selectors.can_manage_candidate(request.user, candidate):
        raise PermissionDenied
    return candidate


@roles(TRAINING_STAFF)
def candidate_list(request: HttpRequest) -> HttpResponse:
    stage = request.GET.get("stage", "")
    candidates = selectors.visible_candidates(request.user)
    if stage in Stage.values:
        candidates = candidates.filter(stage=stage)
    return render(
        request,
        "workforce/candidate_list.html",
        {
            "candidates": candidates.order_by("site__name", "code"),
            "stages": Stage.choices,
            "stage": stage,
            "can_create": bool(site_ids_for(request.user, WORKFORCE_MANAGERS)),
        },
    )


@roles(WORKFORCE_MANAGERS)
def candidate_create(request: HttpRequest) -> HttpResponse:
    sites = sites_for(request.user, WORKFORCE_MANAGERS)
    accounts = members_of_sites([s.pk for s in sites], [Role.PSW])
    form = CandidateForm(request.POST or None, sites=sites, accounts=accounts)

    def create(data: dict):
        return services.do_create_candidate(
            actor=request.user,
            site=data["site"],
            code=data["code"],
            source=data["source"],
            language=data["language"],
            applied_on=data["applied_on"],
            user=data["user"],
            identity={name: data[name] for name in CandidateIdentity.AUDITED_FIELDS},
        )

    return form_page(
        request,
        form,
        title=_("Add a candidate"),
        submit=_("Save"),
        cancel_url=reverse("candidate_list"),
        action=create,
        success=_("Candidate added."),
        next_url=lambda c: reverse("candidate_detail", args=[c.pk]),
        intro=_(
            "Names and contacts are kept apart from the candidate record and shown only to coordinators."
        ),
    )


@roles(TRAINING_STAFF)
def candidate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.get_candidate(request.user, pk)
    return render(
        request,
        "workforce/candidate_detail.html",
        {
            "candidate": candidate,
            "history": selectors.stage_history(candidate),
            "interview": selectors.interview_summary(candidate),
            "can_manage": selectors.can_manage_candidate(request.user, candidate),
        },
    )


@roles(TRAINING_STAFF)
def candidate_stage(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = _managed(request, pk)
    form = StageForm(request.POST or None, initial={"version": candidate.version})

    def move(data: dict):
        return services.do_move_stage(
            actor=request.user,
            candidate=candidate,
            to_stage=data["to_stage"],
            changed_on=data["changed_on"],
            reason=data["reason"],
            expected_version=data["version"],
        )

    def reload() -> tuple[dict, int]:
        saved = _managed(request, pk)
        return {"to_stage": saved.stage, "changed_on": saved.stage_since}, saved.version

    url = reverse("candidate_detail", args=[candidate.pk])
    return form_page(
        request,
        form,
        title=_("Change the stage of %(code)s") % {"code": candidate.code},
        submit=_("Save"),
        cancel_url=url,
        action=move,
        success=_("Stage changed."),
        next_url=url,
        reload=reload,
    )


@roles(TRAINING_STAFF)
def candidate_identity(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = _managed(request, pk)
    identity = selectors.read_candidate_identity(request.user, candidate)
    return render(
        request, "workforce/candidate_identity.html", {"candidate": candidate, "identity": identity}
    )


@roles(TRAINING_STAFF)
def candidate_identity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = _managed(request, pk)
    identity = selectors.read_candidate_identity(request.user, candidate)
    initial = _identity_values(identity) if identity else None
    form = CandidateIdentityForm(request.POST or None, initial=initial)
    url = reverse("candidate_identity", args=[candidate.pk])

    def reload() -> tuple[dict, int]:
        saved = selectors.read_candidate_identity(request.user, candidate)
        return _identity_values(saved), saved.version

    return form_page(
        request,
        form,
        title=_("Contact details of %(code)s") % {"code": candidate.code},
        submit=_("Save"),
        cancel_url=url,
        action=lambda data: services.do_save_candidate_identity(
            actor=request.user,
            candidate=candidate,
            values=data,
            expected_version=data.get("version") if identity else None,
        ),
        success=_("Contact details saved."),
        next_url=url,
        reload=reload,
    )


def _identity_values(identity: CandidateIdentity) -> dict:
    values = {name: getattr(identity, name) for name in CandidateIdentity.AUDITED_FIELDS}
    return {**values, "version": identity.version}


@roles(TRAINING_STAFF)
def candidate_interview(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.get_candidate(request.user, pk)
    criteria = list(selectors.criteria_of(candidate.site_id))
    form = InterviewForm(request.POST or None, criteria=criteria)
    url = reverse("candidate_detail", args=[candidate.pk])
    return form_page(
        request,
        form,
        title=_("Interview scores for %(code)s") % {"code": candidate.code},
        submit=_("Save my scores"),
        cancel_url=url,
        action=lambda data: services.do_score_interview(
            actor=request.user,
            candidate=candidate,
            scores=form.scores(),
            interviewed_on=data["interviewed_on"],
            note=data["note"],
        ),
        success=_("Your scores were saved."),
        next_url=url,
        intro=_("Each member of the panel scores every criterion from 1 to 5."),
    )


@roles(WORKFORCE_MANAGERS)
def criteria_list(request: HttpRequest) -> HttpResponse:
    sites = sites_for(request.user, WORKFORCE_MANAGERS)
    form = CriterionForm(request.POST or None, sites=sites)
    if request.method != "POST":
        rows = []
        for site in sites:
            rows.append((site, list(selectors.criteria_of(site.pk))))
        return render(request, "workforce/criteria_list.html", {"form": form, "rows": rows})

    def add(data: dict):
        services.do_ensure_default_criteria(actor=request.user, site=data["site"])
        return services.do_add_criterion(actor=request.user, site=data["site"], name=data["name"])

    return form_page(
        request,
        form,
        title=_("Selection criteria"),
        submit=_("Add"),
        cancel_url=reverse("criteria_list"),
        action=add,
        success=_("Criterion added."),
        next_url=reverse("criteria_list"),
    )
