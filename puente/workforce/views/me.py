from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from puente.accounts.access import roles
from puente.accounts.roles import Role
from puente.workforce.selectors import placement as placements
from puente.workforce.selectors import training, wellbeing


@roles(Role.PSW)
def my_workforce(request: HttpRequest) -> HttpResponse:
    """A PSW's own page: their training, placements, check-ins and who supervises them."""
    user = request.user
    return render(
        request,
        "workforce/my_workforce.html",
        {
            "enrollments": training.own_enrollments(user),
            "placements": placements.visible_placements(user).filter(worker=user),
            "check_ins": wellbeing.check_ins_of(user, limit=1),
        },
    )
