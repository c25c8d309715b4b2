from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from puente.programs.models import Enrolment
from puente.programs.selectors import scope


def managed_enrolment(request: HttpRequest, pk: int) -> Enrolment:
    """404 outside the user's scope, 403 when they may look but not manage."""
    enrolment = scope.get_enrolment(request.user, pk)
    if not scope.can_manage(request.user, enrolment):
        raise PermissionDenied
    return enrolment


def worked_enrolment(request: HttpRequest, pk: int) -> Enrolment:
    """404 outside scope, 403 for those who only read (researchers, data entry)."""
    enrolment = scope.get_enrolment(request.user, pk)
    if not scope.can_work(request.user, enrolment):
        raise PermissionDenied
    return enrolment
