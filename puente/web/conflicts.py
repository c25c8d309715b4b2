"""When two people edit the same record, the second save shows both versions instead of overwriting.

A view that catches a stale-version error calls :func:`render_conflict` with the submitted form and
the values now saved; the page lists every field side by side and offers to save the submitted
version on top of the current one, as a deliberate choice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


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
