from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from puente.web.forms_flow import save_form


def form_page(
    request: HttpRequest,
    form: Any,
    *,
    title: str,
    submit: str,
    cancel_url: str,
    action: Callable[[dict], Any],
    success: str,
    next_url: Callable[[Any], str] | str,
    intro: str = "",
    extra: dict | None = None,
) -> HttpResponse:
    """A page with one form: on a valid POST run the service; show its ValidationError on the form."""
    saved = save_form(request, form, action)
    if saved.ok:
        messages.success(request, success)
        return redirect(next_url(saved.value) if callable(next_url) else next_url)
    context = {"form": form, "title": title, "submit": submit, "cancel_url": cancel_url, "intro": intro}
    context.update(extra or {})
    return render(request, "workforce/form_page.html", context)
