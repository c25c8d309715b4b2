"""Reminders about due and overdue questionnaires: one e-mail per worker, at most once a day each."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from puente.audit import services as audit
from puente.instruments.models import OPEN_STATUSES, Administration, ReminderEvent, ReminderKind


@dataclass
class ReminderPlan:
    worker_id: int
    username: str
    email: str
    language: str
    items: list[tuple[Administration, str]] = field(default_factory=list)


def reminders_due(today: dt.date) -> list[ReminderPlan]:
    """Open questionnaires whose window has opened, not yet reminded about today, grouped by worker."""
    reminded_today = ReminderEvent.objects.filter(sent_on=today).values("administration_id")
    pending = (
        Administration.objects.filter(
            status__in=OPEN_STATUSES,
            window_opens_on__lte=today,
            worker__isnull=False,
            worker__is_active=True,
            respondent__retired_at__isnull=True,
        )
        .exclude(worker__email="")
        .exclude(pk__in=reminded_today)
        .select_related("worker", "respondent", "instrument")
        .order_by("worker_id", "due_on", "pk")
    )
    plans: dict[int, ReminderPlan] = {}
    for administration in pending:
        worker = administration.worker
        plan = plans.get(worker.pk)
        if plan is None:
            plan = plans[worker.pk] = ReminderPlan(worker.pk, worker.username, worker.email, worker.language)
        kind = ReminderKind.OVERDUE if administration.window_closes_on < today else ReminderKind.DUE
        plan.items.append((administration, kind))
    return list(plans.values())


def _message(plan: ReminderPlan) -> tuple[str, str]:
    with translation.override(plan.language):
        lines = [_("These questionnaires are waiting for you:"), ""]
        for administration, kind in plan.items:
            state = _("overdue") if kind == ReminderKind.OVERDUE else _("due")
            lines.append(
                _("%(respondent)s: %(instrument)s %(time_point)s, due %(due)s (%(state)s)")
                % {
                    "respondent": administration.respondent.code,
                    "instrument": administration.instrument.abbreviation,
                    "time_point": administration.time_point,
                    "due": administration.due_on.isoformat(),
                    "state": state,
                }
            )
        subject = _("Puente: %(count)s questionnaire(s) to do") % {"count": len(plan.items)}
    return subject, "\n".join(lines) + "\n"


def do_send_reminders(*, today: dt.date, dry_run: bool = False) -> dict[str, object]:
    """Send today's reminders; running again the same day sends nothing new."""
    plans = reminders_due(today)
    summary: dict[str, object] = {
        "date": today.isoformat(),
        "dry_run": dry_run,
        "workers": len(plans),
        "administrations": sum(len(p.items) for p in plans),
        "overdue": sum(1 for p in plans for _a, kind in p.items if kind == ReminderKind.OVERDUE),
        "sent": [],
    }
    if dry_run:
        summary["sent"] = [{"worker": p.username, "count": len(p.items)} for p in plans]
        return summary
    sent = []
    for plan in plans:
        subject, body = _message(plan)
        with transaction.atomic():
            ReminderEvent.objects.bulk_create(
                [
                    ReminderEvent(administration=a, recipient_id=plan.worker_id, kind=kind, sent_on=today)
                    for a, kind in plan.items
                ]
            )
            by_site: dict[int, list[int]] = defaultdict(list)
            for administration, _kind in plan.items:
                by_site[administration.site_id].append(administration.pk)
            for site_id, pks in by_site.items():
                audit.record(
                    actor=None,
                    action="reminder.send",
                    object_type="accounts.user",
                    object_id=str(plan.worker_id),
                    site_id=site_id,
                    after={"administrations": pks, "sent_on": today},
                )
            # Sent last: if sending fails the events roll back and tomorrow's run tries again.
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [plan.email])
        sent.append({"worker": plan.username, "count": len(plan.items)})
    summary["sent"] = sent
    return summary
