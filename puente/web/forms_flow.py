"""The one way a page saves a form: validate, call the service, and show a refusal on the form.

Every write view repeats the same steps; they live here once::

    if save_form(request, form, lambda data: services.do_exit(actor=request.user, enrolment=e, **data)).ok:
        messages.success(request, _("The early exit is recorded."))
        return redirect("enrolment_detail", pk=e.pk)
    return render(...)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest


@dataclass(frozen=True)
class Saved:
    ok: bool
    value: Any = None


def save_form(request: HttpRequest, form: forms.Form, write: Callable[[dict[str, Any]], Any]) -> Saved:
    """Run ``write`` with the cleaned data of a valid posted form. A service's ValidationError is shown on
    the form (nothing was written: services run in one transaction) and the page is rendered again."""
    if request.method != "POST" or not form.is_valid():
        return Saved(False)
    try:
        value = write(form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return Saved(False)
    return Saved(True, value)
