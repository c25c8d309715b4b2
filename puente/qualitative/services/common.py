"""Helpers shared by the qualitative services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from puente.accounts.models import User
from puente.audit import services as audit
from puente.qualitative.models import MemberRole, Project, ProjectMember


class StaleEdit(ValidationError):
    """Someone else saved the record after this form was opened."""


def stale() -> StaleEdit:
    return StaleEdit(
        _("Someone else changed this while you were editing it. Reload the page and try again."), code="stale"
    )


def site_of(project: Project) -> int | None:
    site = project.sites.order_by("pk").values_list("pk", flat=True).first()
    return site


def record(*, actor: User | None, action: str, obj: models.Model, project: Project, **kwargs: Any) -> None:
    audit.record(actor=actor, action=action, obj=obj, site_id=site_of(project), **kwargs)


def member_for(actor: User | None, project: Project, *, lead: bool = False) -> ProjectMember | None:
    """The actor's membership; PermissionDenied if they may not write (None for the command line)."""
    if actor is None:
        return None
    member = ProjectMember.objects.filter(project=project, user=actor, retired_at__isnull=True).first()
    allowed = (MemberRole.LEAD,) if lead else (MemberRole.LEAD, MemberRole.CODER)
    if member is None or member.role not in allowed:
        raise PermissionDenied
    return member
