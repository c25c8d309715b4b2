from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from puente.accounts.access import roles
from puente.accounts.roles import FIELD_WORKERS, PARTICIPANT_EDITORS, SITE_WIDE_PARTICIPANT_ROLES
from puente.accounts.selectors import members_of_sites, site_ids_for, sites_for
from puente.people import selectors, services
from puente.people.consent import consent_states
from puente.people.forms import (
    AssignWorkerForm,
    ConsentGiveForm,
    ConsentWithdrawForm,
    IdentityForm,
    NewParticipantForm,
    ParticipantForm,
    RetireForm,
)
from puente.people.models import ConsentScope, Identity, Participant
from puente.web.conflicts import render_conflict, save_or_conflict
from puente.web.extensions import participant_panels
from puente.web.forms_flow import save_form

PARTICIPANT_READERS = SITE_WIDE_PARTICIPANT_ROLES | FIELD_WORKERS
PAGE_SIZE = 50


# Pages about one participant admit every role that reads participants, so that a participant
# outside the user's scope answers 404 before any 403 could hint that it exists.


def _editable(request: HttpRequest, pk: int) -> Participant:
    """A participant the user may change: 404 outside scope, 403 when they may only look."""
    participant = selectors.get_participant(request.user, pk)
    if not selectors.can_edit_participant(request.user, participant):
        raise PermissionDenied
    return participant


@roles(PARTICIPANT_READERS)
def participant_list(request: HttpRequest) -> HttpResponse:
    queryset = selectors.visible_participants(request.user)
    query = request.GET.get("q", "").strip()
    if query:
        queryset = queryset.filter(study_code__icontains=query)
    page = Paginator(queryset.order_by("study_code"), PAGE_SIZE).get_page(request.GET.get("page"))
    can_create = bool(site_ids_for(request.user, PARTICIPANT_EDITORS))
    return render(
        request, "people/participant_list.html", {"page": page, "query": query, "can_create": can_create}
    )


@roles(PARTICIPANT_READERS)
def participant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    participant = selectors.get_participant(request.user, pk)
    events = selectors.consent_events(participant)
    states = consent_states(events)
    return render(
        request,
        "people/participant_detail.html",
        {
            "participant": participant,
            "consent_events": events,
            "consent_states": [(label, states.get(value)) for value, label in ConsentScope.choices],
            "assignments": selectors.assignments_of(participant),
            "can_edit": selectors.can_edit_participant(request.user, participant),
            "can_read_identity": selectors.can_read_identity(request.user, participant),
            "panels": participant_panels(request.user, participant),
        },
    )


@roles(PARTICIPANT_EDITORS)
def participant_create(request: HttpRequest) -> HttpResponse:
    sites = sites_for(request.user, PARTICIPANT_EDITORS)
    form = NewParticipantForm(request.POST or None, sites=sites)
    saved = save_form(
        request,
        form,
        lambda data: services.do_create_participant(
            actor=request.user,
            site=data["site"],
            study_code=data["study_code"],
            gender=data["gender"],
            birth_year=data["birth_year"],
            diagnosis_group=data["diagnosis_group"],
            family_support=data["family_support"],
            language=data["language"],
            identity={name: data[name] for name in Identity.AUDITED_FIELDS},
        ),
    )
    if saved.ok:
        participant = saved.value
        messages.success(request, _("Participant %(code)s created.") % {"code": participant.study_code})
        return redirect("participant_detail", pk=participant.pk)
    return render(request, "people/participant_form.html", {"form": form, "creating": True})


@roles(PARTICIPANT_READERS)
def participant_edit(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _editable(request, pk)
    sites = sites_for(request.user, PARTICIPANT_EDITORS)
    initial = {
        name: getattr(participant, name)
        for name in ("study_code", "gender", "birth_year", "diagnosis_group", "family_support", "language")
    }
    initial.update(site=participant.site, version=participant.version)
    form = ParticipantForm(request.POST or None, sites=sites, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version") or 0
        try:
            services.do_update_participant(
                actor=request.user, participant=participant, expected_version=version, changes=data
            )
        except services.StaleEdit:
            saved = selectors.get_participant(request.user, pk)
            return render_conflict(
                request,
                form=form,
                saved={name: getattr(saved, name) for name in form.fields},
                saved_version=saved.version,
                title=saved.study_code,
                cancel_url=reverse("participant_detail", kwargs={"pk": pk}),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("participant_detail", pk=participant.pk)
    return render(request, "people/participant_form.html", {"form": form, "participant": participant})


@roles(PARTICIPANT_READERS)
def participant_retire(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _editable(request, pk)
    form = RetireForm(request.POST or None)
    saved = save_form(
        request,
        form,
        lambda data: services.do_retire_participant(
            actor=request.user, participant=participant, reason=form.cleaned_data["reason"]
        ),
    )
    if saved.ok:
        messages.success(request, _("The record was retired. It is kept, with the reason."))
        return redirect("participant_detail", pk=participant.pk)
    return render(request, "people/participant_retire.html", {"form": form, "participant": participant})


@roles(PARTICIPANT_READERS)
def participant_identity(request: HttpRequest, pk: int) -> HttpResponse:
    participant = selectors.get_participant(request.user, pk)
    if not selectors.can_read_identity(request.user, participant):
        raise PermissionDenied
    identity = selectors.read_identity(request.user, participant)
    return render(
        request,
        "people/identity.html",
        {
            "participant": participant,
            "identity": identity,
            "can_edit": selectors.can_edit_participant(request.user, participant),
        },
    )


def _identity_values(identity: Identity) -> dict:
    values = {name: getattr(identity, name) for name in Identity.AUDITED_FIELDS}
    return {**values, "version": identity.version}


@roles(PARTICIPANT_READERS)
def identity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _editable(request, pk)
    identity = selectors.read_identity(request.user, participant)
    initial = _identity_values(identity) if identity else None
    form = IdentityForm(request.POST or None, initial=initial)

    def reload() -> tuple[dict, int]:
        saved_identity = selectors.read_identity(request.user, participant)
        return _identity_values(saved_identity), saved_identity.version

    saved = save_or_conflict(
        request,
        form,
        lambda data: services.do_save_identity(
            actor=request.user,
            participant=participant,
            values=data,
            expected_version=data.get("version") if identity else None,
        ),
        reload=reload,
        title=participant.study_code,
        cancel_url=reverse("participant_identity", kwargs={"pk": participant.pk}),
    )
    if isinstance(saved, HttpResponse):
        return saved
    if saved.ok:
        messages.success(request, _("Contact details saved."))
        return redirect("participant_identity", pk=participant.pk)
    return render(request, "people/identity_form.html", {"form": form, "participant": participant})


@roles(PARTICIPANT_READERS)
def consent_give(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _editable(request, pk)
    forms_queryset = selectors.consent_forms_for(request.user).filter(site=participant.site)
    form = ConsentGiveForm(request.POST or None, forms_queryset=forms_queryset)
    saved = save_form(
        request,
        form,
        lambda data: services.do_give_consent(
            actor=request.user,
            participant=participant,
            form=data["form"],
            scopes=data["scopes"],
            event_date=data["event_date"],
            note=data["note"],
        ),
    )
    if saved.ok:
        messages.success(request, _("Consent recorded."))
        return redirect("participant_detail", pk=participant.pk)
    return render(
        request,
        "people/consent_form.html",
        {"form": form, "participant": participant, "title": _("Record consent")},
    )


@roles(PARTICIPANT_READERS)
def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _editable(request, pk)
    form = ConsentWithdrawForm(request.POST or None)
    saved = save_form(
        request,
        form,
        lambda data: services.do_withdraw_consent(
            actor=request.user,
            participant=participant,
            scopes=data["scopes"],
            event_date=data["event_date"],
            note=data["note"],
        ),
    )
    if saved.ok:
        messages.success(request, _("Withdrawal recorded."))
        return redirect("participant_detail", pk=participant.pk)
    return render(
        request,
        "people/consent_form.html",
        {"form": form, "participant": participant, "title": _("Record withdrawal of consent")},
    )


@roles(PARTICIPANT_READERS)
def assignment_add(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _editable(request, pk)
    workers = members_of_sites([participant.site_id], FIELD_WORKERS)
    form = AssignWorkerForm(request.POST or None, workers=workers)
    saved = save_form(
        request,
        form,
        lambda data: services.do_assign_worker(
            actor=request.user,
            participant=participant,
            worker=form.cleaned_data["worker"],
            role=form.cleaned_data["role"],
        ),
    )
    if saved.ok:
        messages.success(request, _("Worker assigned."))
        return redirect("participant_detail", pk=participant.pk)
    return render(request, "people/assignment_form.html", {"form": form, "participant": participant})
