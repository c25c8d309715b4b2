"""Wellbeing records exist only for the PSW themself and their current supervisor; for anyone
else (other PSWs, other coordinators, administrators, researchers) they answer 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from puente.accounts.models import User
from puente.accounts.roles import Role
from puente.workforce.models import (
    CheckIn,
    LeaveRecord,
    SafeguardingPlan,
    SupervisionAssignment,
    WellbeingAlert,
)


def supervisees(user: User) -> QuerySet[User]:
    return User.objects.filter(supervised_by__supervisor=user, supervised_by__ends_on__isnull=True).order_by(
        "last_name", "first_name", "username"
    )


def supervises(supervisor: User, worker_id: int) -> bool:
    return SupervisionAssignment.objects.filter(
        supervisor=supervisor, worker_id=worker_id, ends_on__isnull=True
    ).exists()


def get_wellbeing_subject(user: User, worker_id: int) -> User:
    if user.pk == worker_id and Role.PSW in user.role_set():
        return user
    if supervises(user, worker_id):
        return User.objects.get(pk=worker_id)
    raise Http404


def check_ins_of(worker: User, limit: int = 26) -> list[CheckIn]:
    """The latest check-ins, oldest first (for the chart and the table)."""
    return list(reversed(CheckIn.objects.filter(worker=worker)[:limit]))


def plan_of(worker: User) -> SafeguardingPlan | None:
    return SafeguardingPlan.objects.filter(worker=worker).select_related("updated_by").first()


def leave_of(worker: User) -> QuerySet[LeaveRecord]:
    return LeaveRecord.objects.filter(worker=worker).select_related("recorded_by")


def alerts_about(worker: User) -> QuerySet[WellbeingAlert]:
    return WellbeingAlert.objects.filter(worker=worker).select_related("acknowledged_by")[:20]


def open_alerts_for(user: User) -> QuerySet[WellbeingAlert]:
    """Open alerts about the PSWs the user supervises now (whoever supervised when it was raised)."""
    return (
        WellbeingAlert.objects.filter(
            acknowledged_at__isnull=True,
            worker__supervised_by__supervisor=user,
            worker__supervised_by__ends_on__isnull=True,
        )
        .select_related("worker")
        .order_by("-raised_on", "-pk")
    )


def get_alert(user: User, pk: int) -> WellbeingAlert:
    alert = WellbeingAlert.objects.filter(pk=pk).select_related("worker").first()
    if alert is None or not supervises(user, alert.worker_id):
        raise Http404
    return alert
