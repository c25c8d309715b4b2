"""When two people edit the same record, the second save shows both versions instead of overwriting.

A view that catches a stale-version error calls :func:`render_conflict` with the submitted form and
the values now saved; the page lists every field side by side and offers to save the submitted
version on top of the current one, as a deliberate choice.

Most edit pages use :func:`save_or_conflict`, which is :func:`puente.web.forms_flow.save_form` plus this
page: a service refusing a stale version (an app's ``StaleEdit``, or any ValidationError with the code
``"stale"``) answers the conflict page; any other refusal is shown on the form as usual::

    outcome = save_or_conflict(request, form, write, reload=lambda: (saved_values, saved_version),
                               title=str(record), cancel_url=...)
    if isinstance(outcome, HttpResponse):
        return outcome
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from puente.web.forms_flow import Saved


@dataclass(frozen=True)
class ConflictRow:
    label: str
    mine: str
    saved: str

    @property
    def differs(self) -> bool:
        return self.mine != self.saved


def _display(field: forms.Field, value: Any) -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, models.Model):
        return str(value)
    choices = getattr(field, "choices", None)
    if choices is not None and not isinstance(field, forms.ModelChoiceField):
        return str(dict(choices).get(value, value))
    return str(value)


def conflict_rows(form: forms.Form, saved: dict[str, Any]) -> list[ConflictRow]:
    return [
        ConflictRow(
            str(field.label), _display(field, form.cleaned_data.get(name)), _display(field, saved.get(name))
        )
        for name, field in form.fields.items()
        if name in saved and not field.widget.is_hidden
    ]


def render_conflict(
    request: HttpRequest,
    *,
    form: forms.Form,
    saved: dict[str, Any],
    saved_version: int,
    title: str,
    cancel_url: str,
) -> HttpResponse:
    """The conflict page (HTTP 409). Its form re-posts the submitted values with the current version."""
    resubmit = {
        name: form.data.getlist(name) for name in form.data if name not in {"csrfmiddlewaretoken", "version"}
    }
    return render(
        request,
        "conflict.html",
        {
            "rows": conflict_rows(form, saved),
            "resubmit": resubmit,
            "version": saved_version,
            "title": title,
            "cancel_url": cancel_url,
        },
        status=409,
    )


def is_stale(error: ValidationError) -> bool:
    """A service's refusal of an out-of-date version (each app names its class ``StaleEdit``)."""
    if any(cls.__name__ == "StaleEdit" for cls in type(error).__mro__):
        return True
    return getattr(error, "code", None) == "stale"


def save_or_conflict(
    request: HttpRequest,
    form: forms.Form,
    write: Callable[[dict[str, Any]], Any],
    *,
    reload: Callable[[], tuple[dict[str, Any], int]],
    title: str,
    cancel_url: str,
) -> Saved | HttpResponse:
    """Run ``write`` with a valid posted form. A stale version answers the conflict page, built from
    ``reload()`` (the values now saved, keyed by form field, and their version); any other refusal is
    shown on the form and ``Saved(False)`` returned, as with ``save_form``."""
    if request.method != "POST" or not form.is_valid():
        return Saved(False)
    try:
        value = write(form.cleaned_data)
    except ValidationError as error:
        if is_stale(error):
            saved, saved_version = reload()
            return render_conflict(
                request,
                form=form,
                saved=saved,
                saved_version=saved_version,
                title=title,
                cancel_url=cancel_url,
            )
        form.add_error(None, error)
        return Saved(False)
    return Saved(True, value)


def posted_version(raw: str | None, *, default: int = 0) -> int:
    """The version a hand-built form posted back. Anything but a whole number is a version no record
    has (-1), so the service answers with its stale-version refusal instead of the page failing."""
    if raw is None or raw == "":
        return default
    raw = raw.strip()
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else -1
