"""Helpers shared by the qualitative views."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from puente.qualitative.models import Project
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
