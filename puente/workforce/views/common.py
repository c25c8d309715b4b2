from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from puente.web.conflicts import save_or_conflict
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
    reload: Callable[[], tuple[dict, int]] | None = None,
) -> HttpResponse:
    """A page with one form: on a valid POST run the service; show its ValidationError on the form.
    With ``reload`` (the saved values and version) a stale version answers the conflict page instead."""
    if reload is None:
        saved = save_form(request, form, action)
    else:
        saved = save_or_conflict(request, form, action, reload=reload, title=title, cancel_url=cancel_url)
        if isinstance(saved, HttpResponse):
            return saved
    if saved.ok:
        messages.success(request, success)
        return redirect(next_url(saved.value) if callable(next_url) else next_url)
    context = {"form": form, "title": title, "submit": submit, "cancel_url": cancel_url, "intro": intro}
    context.update(extra or {})
    return render(request, "workforce/form_page.html", context)
