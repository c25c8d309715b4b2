"""Idempotent writes: a form carries a key made when it was rendered; replaying the same post returns
the record the first post created instead of creating another.

Use in a view::

    form = ContactForm(request.POST or None, initial={"submission_key": new_submission_key()})
    contact, created = run_once(key=form.cleaned_data["submission_key"], user=request.user,
                                scope="programs.contact", model=Contact,
                                create=lambda: services.do_log_contact(...))
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from puente.web.compiled_queries import CompiledInsert
from puente.web.models import SubmissionKey

M = TypeVar("M", bound=models.Model)

_SUBMISSION_KEYS = CompiledInsert(SubmissionKey)  # one per idempotent save: written out once


def new_submission_key() -> str:
    return uuid.uuid4().hex


class SubmissionKeyField(forms.CharField):
    """A hidden field holding the form's key; malformed keys are refused."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.HiddenInput)
        kwargs.setdefault("required", False)
        super().__init__(max_length=64, **kwargs)

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        if value and not (value.isascii() and value.replace("-", "").isalnum()):
            raise forms.ValidationError(_("This form is damaged. Open it again."), code="bad_key")
        return value


def run_once(
    *, key: str | None, user: Any, scope: str, model: type[M], create: Callable[[], M]
) -> tuple[M, bool]:
    """Create through ``create`` unless this key already did; returns (record, created).

    Call it inside the view's save step: a ValidationError from ``create`` (or for a key that another
    user's submission holds) reaches the form like any service refusal."""
    if not key:
        return create(), True
    user_id = getattr(user, "pk", None)

    def existing() -> M | None:
        found = SubmissionKey.objects.filter(scope=scope, key=key, user_id=user_id).first()
        return model.objects.get(pk=found.object_id) if found else None

    # Write first and look the key up only when that fails: a replay is rare, and a lookup before every
    # save would cost each of the many first posts a query. The key's unique constraint makes a replay
    # roll its whole transaction back, so it leaves nothing behind.
    try:
        with transaction.atomic():
            record = create()
            _SUBMISSION_KEYS.create(scope=scope, key=key, user_id=user_id, object_id=str(record.pk))
            return record, True
    except ValidationError:
        # Refused now (a phase closed since, say), but a replay of a post that was saved gets its record.
        previous = existing()
        if previous is None:
            raise
        return previous, False
    except IntegrityError:
        # A replay, or the same post twice at once: the first one's record is the answer.
        previous = existing()
        if previous is None:
            # The key is taken by someone else's submission: refuse rather than guess (nothing written).
            raise ValidationError(
                _("This form was already sent. Open it again to record something new."), code="used_key"
            ) from None
        return previous, False
