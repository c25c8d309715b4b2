"""The weekly caseload review meeting."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from puente.accounts.models import Site, User
from puente.audit import services as audit
from puente.programs.models import CaseloadReview, Enrolment
from puente.programs.services.common import check_not_future


def do_record_review(
    *,
    actor: User,
    site: Site,
    held_on: dt.date,
    attendees: list[User],
    discussed: list[Enrolment],
    notes: str,
    decisions: str,
    figures: dict[str, Any],
) -> CaseloadReview:
    check_not_future(held_on, _("A review meeting"))
    if not attendees:
        raise ValidationError(_("Say who attended the meeting."), code="attendees")
    if any(e.site_id != site.pk for e in discussed):
        raise ValidationError(_("Only participants of this site can be discussed here."), code="site")
    if not (notes.strip() or decisions.strip()):
        raise ValidationError(_("Write the notes or the decisions of the meeting."), code="notes")
    with transaction.atomic():
        review = CaseloadReview.objects.create(
            site=site,
            held_on=held_on,
            chaired_by=actor,
            notes=notes.strip(),
            decisions=decisions.strip(),
            figures=figures,
        )
        review.attendees.set(attendees)
        review.discussed.set(discussed)
        audit.record(
            actor=actor,
            action="caseload_review.create",
            obj=review,
            site_id=site.pk,
            after={
                "held_on": held_on,
                "attendees": [u.pk for u in attendees],
                "discussed": [e.pk for e in discussed],
                "figures": figures,
            },
        )
    return review
