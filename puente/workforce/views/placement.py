from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from puente.accounts.access import roles
from puente.accounts.roles import Role
from puente.accounts.selectors import members_of_sites, site_ids_for, sites_for
from puente.workforce.access import WORKFORCE_MANAGERS
from puente.workforce.forms import HoursForm, PlacementEndForm, PlacementForm
from puente.workforce.selectors import placement as selectors
from puente.workforce.services import placement as services
from puente.workforce.views.common import form_page

PLACEMENT_READERS = WORKFORCE_MANAGERS | {Role.PSW, Role.CMHW}


@roles(PLACEMENT_READERS)
def placement_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "workforce/placement_list.html",
        {
            "placements": selectors.visible_placements(request.user).order_by("outcome", "-starts_on"),
            "can_create": bool(site_ids_for(request.user, WORKFORCE_MANAGERS)),
        },
    )


@roles(WORKFORCE_MANAGERS)
def placement_create(request: HttpRequest) -> HttpResponse:
    sites = sites_for(request.user, WORKFORCE_MANAGERS)
    professionals = members_of_sites([s.pk for s in sites], [Role.COORDINATOR, Role.CMHW])
    form = PlacementForm(
        request.POST or None,
        accreditations=selectors.placeable_accreditations(request.user),
        sites=sites,
        professionals=professionals,
    )
    return form_page(
        request,
        form,
        title=_("Place an accredited PSW"),
        submit=_("Save the placement"),
        cancel_url=reverse("placement_list"),
        action=lambda data: services.do_create_placement(actor=request.user, **data),
        success=_("Placement saved."),
        next_url=lambda placement: reverse("placement_detail", args=[placement.pk]),
    )


@roles(PLACEMENT_READERS)
def placement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    placement = selectors.get_placement(request.user, pk)
    return render(
        request,
        "workforce/placement_detail.html",
        {
            "placement": placement,
            "hours": selectors.hours_of(placement),
            "can_log": selectors.can_log_hours(request.user, placement),
            "can_manage": selectors.can_manage_placement(request.user, placement),
        },
    )


@roles(PLACEMENT_READERS)
def placement_hours(request: HttpRequest, pk: int) -> HttpResponse:
    placement = selectors.get_placement(request.user, pk)
    if not selectors.can_log_hours(request.user, placement):
        raise PermissionDenied
    url = reverse("placement_detail", args=[placement.pk])
    return form_page(
        request,
        HoursForm(request.POST or None),
        title=_("Log hours worked at %(service)s") % {"service": placement.service_name},
        submit=_("Log the hours"),
        cancel_url=url,
        action=lambda data: services.do_log_hours(actor=request.user, placement=placement, **data),
        success=_("Hours logged."),
        next_url=url,
    )


@roles(PLACEMENT_READERS)
def placement_end(request: HttpRequest, pk: int) -> HttpResponse:
    placement = selectors.get_placement(request.user, pk)
    if not selectors.can_manage_placement(request.user, placement):
        raise PermissionDenied
    url = reverse("placement_detail", args=[placement.pk])
    return form_page(
        request,
        PlacementEndForm(request.POST or None),
        title=_("End the placement at %(service)s") % {"service": placement.service_name},
        submit=_("Save"),
        cancel_url=url,
        action=lambda data: services.do_end_placement(actor=request.user, placement=placement, **data),
        success=_("Placement ended."),
        next_url=url,
    )
