"""Shared checks for programme services."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from puente.programs.models import Enrolment, EnrolmentStatus, Phase
from puente.programs.phases import PhaseSpan
from puente.web.compiled_queries import CompiledLookup


class StaleEdit(ValidationError):
    """Someone else saved the record after this form was opened."""


def stale() -> StaleEdit:
    return StaleEdit(
        _("Someone else changed this record while you were editing it. Reload it and try again."),
        code="stale",
    )


# Read on every contact post: compiled once (see puente.web.compiled_queries).
_PHASE_ROWS = CompiledLookup(
    lambda *, enrolment_id: (
        Phase.objects.filter(enrolment_id=enrolment_id)
        .order_by("order")
        .values_list("key", "order", "starts_on", "ends_on")
    )
)


def phase_spans(enrolment: Enrolment) -> list[PhaseSpan]:
    """The enrolment's phases in order, as plain spans (no model objects needed for the dates)."""
    return [PhaseSpan(*row) for row in _PHASE_ROWS.rows(enrolment_id=enrolment.pk)]


def today() -> dt.date:
    return dt.date.today()


def check_not_future(day: dt.date, what: str) -> None:
    if day > today():
        raise ValidationError(_("%(what)s cannot be in the future.") % {"what": what}, code="future")


def check_active(enrolment: Enrolment) -> None:
    if enrolment.status != EnrolmentStatus.ACTIVE:
        raise ValidationError(
            _("This participant is no longer in the programme (%(status)s).")
            % {"status": enrolment.get_status_display()},
            code="closed",
        )


def check_within_enrolment(enrolment: Enrolment, day: dt.date, what: str) -> None:
    if day < enrolment.enrolled_on:
        raise ValidationError(
            _("%(what)s cannot be before the enrolment (%(date)s).")
            % {"what": what, "date": enrolment.enrolled_on.isoformat()},
            code="before_enrolment",
        )
