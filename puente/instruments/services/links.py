"""One-time, expiring self-report links. The token is shown once; only its hash is stored."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.accounts.models import User
from puente.audit import services as audit
from puente.instruments.models import Administration, Mode, SelfReportLink
from puente.instruments.services.answers import save_answers
from puente.instruments.services.schedules import check_can_collect

DEFAULT_VALID_DAYS = 14
MAX_VALID_DAYS = 60


class LinkUnavailable(ValidationError):
    """The link is unknown, expired, withdrawn or already used; ``code`` says which."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def link_state(link: SelfReportLink | None, now: dt.datetime | None = None) -> str:
    if link is None:
        return "unknown"
    if link.completed_at is not None:
        return "used"
    if link.revoked_at is not None:
        return "revoked"
    if link.expires_at <= (now or timezone.now()):
        return "expired"
    return "open"


def find_link(token: str) -> SelfReportLink | None:
    if not token or len(token) > 100:
        return None
    return (
        SelfReportLink.objects.select_related("administration__revision", "administration__respondent")
        .filter(token_hash=token_hash(token))
        .first()
    )


def do_create_link(
    *, actor: User, administration: Administration, valid_days: int = DEFAULT_VALID_DAYS
) -> tuple[SelfReportLink, str]:
    """A new link for an open questionnaire; earlier unused links to it stop working."""
    if not 1 <= valid_days <= MAX_VALID_DAYS:
        raise ValidationError(
            _("A link can be valid for 1 to %(max)s days.") % {"max": MAX_VALID_DAYS}, code="days"
        )
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        current = (
            Administration.objects.select_for_update(of=("self",))
            .select_related("respondent")
            .get(pk=administration.pk)
        )
        if not current.is_open:
            raise ValidationError(_("This questionnaire is not open for answers."), code="closed")
        check_can_collect(current.respondent)
        now = timezone.now()
        revoked = SelfReportLink.objects.filter(
            administration=current, completed_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=now)
        link = SelfReportLink.objects.create(
            administration=current,
            token_hash=token_hash(token),
            language=current.respondent.language,
            created_by=actor,
            expires_at=now + dt.timedelta(days=valid_days),
        )
        audit.record(
            actor=actor,
            action="selfreport_link.create",
            obj=link,
            site_id=current.site_id,
            after={"administration": current.pk, "expires_at": link.expires_at, "revoked_earlier": revoked},
        )
    return link, token


def _refuse(state: str) -> LinkUnavailable:
    messages = {
        "unknown": _("This link is not valid. Check that you copied all of it, or ask for a new one."),
        "expired": _("This link has expired. Ask the person who sent it for a new one."),
        "revoked": _("This link was replaced by a newer one. Use the most recent link you received."),
        "used": _("This questionnaire has already been completed with this link. Thank you."),
    }
    return LinkUnavailable(messages[state], code=state)


def do_answer_by_link(
    *, token: str, answers: Mapping[str, Any], complete: bool, completion_key: str = ""
) -> SelfReportLink:
    """Save a respondent's answers (a page at a time); ``complete`` finishes the questionnaire.

    Retrying the completing submission (same ``completion_key``) returns quietly without change.
    """
    with transaction.atomic():
        found = find_link(token)
        if found is None:
            raise _refuse("unknown")
        link = SelfReportLink.objects.select_for_update().get(pk=found.pk)
        state = link_state(link)
        if state == "used" and completion_key and link.completion_key == completion_key:
            return link
        if state != "open":
            raise _refuse(state)
        save_answers(
            actor=None,
            administration=link.administration,
            answers=answers,
            expected_version=None,
            complete=complete,
            mode=Mode.SELF_REPORT,
        )
        now = timezone.now()
        link.opened_at = link.opened_at or now
        if complete:
            link.completed_at = now
            link.completion_key = completion_key[:64]
            audit.record(
                actor=None,
                action="selfreport_link.complete",
                obj=link,
                site_id=link.administration.site_id,
                after={"administration": link.administration_id},
            )
        link.save()
    return link


def open_link(token: str) -> SelfReportLink:
    """The link if it may be answered now; LinkUnavailable with a clear message otherwise."""
    link = find_link(token)
    state = link_state(link)
    if state != "open":
        raise _refuse(state)
    assert link is not None
    return link


def do_revoke_link(*, actor: User, link: SelfReportLink) -> None:
    with transaction.atomic():
        updated = SelfReportLink.objects.filter(
            pk=link.pk, revoked_at__isnull=True, completed_at__isnull=True
        )
        if updated.update(revoked_at=timezone.now()):
            audit.record(
                actor=actor, action="selfreport_link.revoke", obj=link, site_id=link.administration.site_id
            )
