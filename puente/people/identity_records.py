"""Writing an identity record (a participant's or a recruitment candidate's direct identifiers): one rule for
both, so that versions, the required name and the masked audit stay the same everywhere."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from puente.audit import services as audit


class StaleIdentity(ValidationError):
    """Someone else saved these details after the form was opened."""


def save_identity_record(
    model: type[models.Model],
    owner: dict[str, Any],
    values: dict[str, Any],
    *,
    actor: Any,
    site_id: int,
    action_prefix: str,
    expected_version: int | None = None,
) -> Any:
    """Create or change the identity record of ``owner`` (e.g. ``{"participant": p}``) inside the caller's
    transaction. The audit names the fields that changed, never their values. An edit of a version other
    than ``expected_version`` is refused; an edit that changes nothing writes nothing."""
    record = model.objects.select_for_update().filter(**owner).first()
    if record is not None and expected_version is not None and record.version != expected_version:
        raise StaleIdentity(
            _("Someone else changed these contact details while you were editing them. Reload them."),
            code="stale",
        )
    fields = model.AUDITED_FIELDS
    before = audit.snapshot(record, fields) if record else {}
    if record is None:
        record = model(**owner)
    for name in fields:
        if name in values:
            setattr(record, name, (values[name] or "").strip())
    if not record.full_name:
        raise ValidationError(_("A full name is required."), code="full_name")
    old, new = audit.changed(before, audit.snapshot(record, fields))
    if before and not new:
        return record
    if before:
        record.version += 1
    record.save()
    audit.record(
        actor=actor,
        action=f"{action_prefix}.update" if before else f"{action_prefix}.create",
        obj=record,
        site_id=site_id,
        before={name: "***" for name in old},
        after={name: "***" for name in new},
    )
    return record
