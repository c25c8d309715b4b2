"""Helpers shared by the qualitative views."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from puente.qualitative.models import Document, Project
from puente.qualitative.selectors import consent
from puente.qualitative.selectors import projects as selectors


def project_for(request: HttpRequest, pk: int) -> Project:
    """The project if the user may see it; 404 otherwise."""
    return selectors.get_project(request.user, pk)


def coding_project(request: HttpRequest, pk: int) -> Project:
    """A project the user may code in: 404 outside scope, 403 for a researcher who is not a member."""
    project = project_for(request, pk)
    if not selectors.can_code(project):
        raise PermissionDenied
    return project


def lead_project(request: HttpRequest, pk: int) -> Project:
    project = project_for(request, pk)
    if not selectors.is_lead(project):
        raise PermissionDenied
    return project


def base_context(project: Project, **extra) -> dict:
    return {
        "project": project,
        "can_code": selectors.can_code(project),
        "is_lead": selectors.is_lead(project),
        **extra,
    }


class Withheld(Exception):
    """The document (or case) is left out for research consent: it cannot be opened for coding."""

    def __init__(self, project: Project) -> None:
        super().__init__(project.pk)
        self.project = project


def open_document(project: Project, pk: int) -> Document:
    """The document to work on: 404 outside the project, `Withheld` when left out for consent."""
    document = selectors.get_document(project, pk)
    if consent.is_withheld(document):
        raise Withheld(project)
    return document


def refuses_withheld(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answers `Withheld` with a page (or JSON for the workspace's endpoints) that says why, with 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except Withheld as refusal:
            message = _(
                "A participant this document belongs to has withdrawn research consent, so it cannot be "
                "opened or coded. Nothing has been deleted: it comes back if consent is given again."
            )
            if "/api/" in request.path:
                return JsonResponse({"error": message}, status=403)
            return render(
                request,
                "qualitative/withheld.html",
                base_context(refusal.project, message=message),
                status=403,
            )

    return wrapper
