"""Assigning supervisors and recording supervision sessions with their attendance."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from puente.accounts.models import Membership, Site, User
from puente.accounts.roles import Role
from puente.audit import services as audit
from puente.workforce.access import SUPERVISOR_ROLES
from puente.workforce.models import (
    SupervisionAssignment,
    SupervisionAttendance,
    SupervisionKind,
    SupervisionSession,
    SupervisionTopic,
)
from puente.workforce.services.common import check_not_future


def do_assign_supervisor(
    *, actor: User, worker: User, supervisor: User, site: Site, starts_on: dt.date
) -> SupervisionAssignment:
    if not Membership.objects.filter(user=worker, site=site, role=Role.PSW).exists():
        raise ValidationError(_("%(worker)s is not a peer support worker at this site.") % {"worker": worker})
    if not Membership.objects.filter(user=supervisor, site=site, role__in=SUPERVISOR_ROLES).exists():
        raise ValidationError(_("A supervisor must be a coordinator at this site."))
    if supervisor.pk == worker.pk:
        raise ValidationError(_("Nobody can supervise themselves."))
    with transaction.atomic():
        previous = (
            SupervisionAssignment.objects.select_for_update()
            .filter(worker=worker, ends_on__isnull=True)
            .first()
        )
        if previous is not None:
            if previous.supervisor_id == supervisor.pk:
                raise ValidationError(_("%(user)s already supervises this PSW.") % {"user": supervisor})
            if starts_on < previous.starts_on:
                raise ValidationError(_("The new supervision cannot start before the current one."))
            previous.ends_on = starts_on
            previous.save(update_fields=["ends_on"])
            audit.record(
                actor=actor,
                action="supervision.end",
                obj=previous,
                site_id=previous.site_id,
                after={"ends_on": starts_on},
            )
        assignment = SupervisionAssignment.objects.create(
            worker=worker, supervisor=supervisor, site=site, starts_on=starts_on, created_by=actor
        )
        audit.record(
            actor=actor,
            action="supervision.assign",
            obj=assignment,
            site_id=site.pk,
            after={"worker": worker.pk, "supervisor": supervisor.pk, "starts_on": starts_on},
        )
    return assignment


def do_record_supervision(
    *,
    actor: User,
    site: Site,
    held_on: dt.date,
    kind: str,
    supervisor: User,
    topics: list[str],
    attendance: dict[int, bool],
    minutes: int = 60,
) -> SupervisionSession:
    check_not_future(held_on, _("A supervision session cannot be recorded before it happens."))
    if kind not in SupervisionKind.values:
        raise ValidationError(_("Choose individual or group supervision."))
    if not topics or set(topics) - set(SupervisionTopic.values):
        raise ValidationError(_("Choose at least one topic from the list."))
    if not attendance:
        raise ValidationError(_("List at least one PSW."))
    if kind == SupervisionKind.INDIVIDUAL and len(attendance) != 1:
        raise ValidationError(_("Individual supervision is with one PSW; use group supervision for more."))
    if not 5 <= minutes <= 480:
        raise ValidationError(_("A session lasts between 5 minutes and 8 hours."))
    psws = set(
        Membership.objects.filter(site=site, role=Role.PSW, user_id__in=attendance).values_list(
            "user_id", flat=True
        )
    )
    if psws != set(attendance):
        raise ValidationError(_("Everyone listed must be a peer support worker at this site."))
    with transaction.atomic():
        session = SupervisionSession.objects.create(
            site=site,
            held_on=held_on,
            kind=kind,
            supervisor=supervisor,
            minutes=minutes,
            topics=sorted(topics),
            recorded_by=actor,
        )
        SupervisionAttendance.objects.bulk_create(
            SupervisionAttendance(session=session, worker_id=worker_id, attended=attended)
            for worker_id, attended in sorted(attendance.items())
        )
        audit.record(
            actor=actor,
            action="supervision.session",
            obj=session,
            site_id=site.pk,
            after={
                "held_on": held_on,
                "kind": kind,
                "supervisor": supervisor.pk,
                "topics": session.topics,
                "attendance": {str(k): v for k, v in sorted(attendance.items())},
            },
        )
    return session


def do_end_supervision(*, actor: User, assignment: SupervisionAssignment, ends_on: dt.date) -> None:
    if assignment.ends_on is not None:
        raise ValidationError(_("This supervision has already ended."))
    if ends_on < assignment.starts_on:
        raise ValidationError(_("Supervision cannot end before it started."))
    with transaction.atomic():
        SupervisionAssignment.objects.filter(pk=assignment.pk).update(ends_on=ends_on)
        assignment.ends_on = ends_on
        audit.record(
            actor=actor,
            action="supervision.end",
            obj=assignment,
            site_id=assignment.site_id,
            after={"ends_on": ends_on},
        )
