"""Sign-in throttling: too many failures lock the account, and the address, for a while."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from puente.accounts.models import LoginAttempt

WINDOW = dt.timedelta(minutes=15)


def _limits() -> tuple[int, int]:
    return settings.PUENTE_LOGIN_MAX_FAILURES_PER_ACCOUNT, settings.PUENTE_LOGIN_MAX_FAILURES_PER_ADDRESS


def is_locked(*, username: str, ip_address: str | None) -> bool:
    """True while the account or the address has too many recent failures.

    A success clears the account's count: only failures after the last success count.
    """
    per_account, per_address = _limits()
    since = timezone.now() - WINDOW
    recent = LoginAttempt.objects.filter(created_at__gte=since)
    last_success = (
        recent.filter(username__iexact=username, succeeded=True)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    account_failures = recent.filter(username__iexact=username, succeeded=False)
    if last_success is not None:
        account_failures = account_failures.filter(created_at__gt=last_success)
    if account_failures.count() >= per_account:
        return True
    return bool(ip_address and recent.filter(ip_address=ip_address, succeeded=False).count() >= per_address)


def record_attempt(*, username: str, ip_address: str | None, succeeded: bool) -> None:
    LoginAttempt.objects.create(username=username[:150], ip_address=ip_address or None, succeeded=succeeded)
