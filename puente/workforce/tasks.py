"""Background tasks of the workforce app, run by ``puente worker``.

The task backend has no scheduler of its own: run ``puente workforce alerts`` once a day from the
system's scheduler (cron, a systemd timer), directly or with ``--enqueue`` to hand it to the worker.
"""

from __future__ import annotations

import datetime as dt

from django_tasks import task


@task()
def raise_missed_checkin_alerts(on: str | None = None) -> int:
    """Alert supervisors of PSWs who missed their check-ins; safe to run more than once a day."""
    from puente.workforce.services.wellbeing import do_raise_missed_checkin_alerts

    return do_raise_missed_checkin_alerts(on=dt.date.fromisoformat(on) if on else None)
