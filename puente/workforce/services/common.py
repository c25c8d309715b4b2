from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _


def today() -> dt.date:
    return dt.date.today()


def show_date(value: dt.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def check_not_future(value: dt.date, message: str | None = None) -> None:
    if value > today():
        raise ValidationError(message or _("The date cannot be in the future."), code="future")


def check_reason(reason: str, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(message, code="reason")
    return reason


def masked(fields: dict) -> dict:
    """Sensitive values never enter the audit log: only which fields changed."""
    return {name: "***" for name in fields}
