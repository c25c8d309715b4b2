"""What research exports may take from the workforce app.

Leave and relapse records are the PSW's own health information: an export must read them only
through :func:`exportable_leave_records`, which keeps those the PSW agreed to share
(``LeaveRecord.research_consent``). Check-ins and safeguarding plans are never exported.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from puente.workforce.models import LeaveRecord


def exportable_leave_records(site_ids: Iterable[int]) -> QuerySet[LeaveRecord]:
    return LeaveRecord.objects.filter(site_id__in=list(site_ids), research_consent=True).order_by(
        "starts_on", "pk"
    )
