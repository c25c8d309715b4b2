"""REFI-QDA import and export in the browser."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from puente.accounts.access import roles
from puente.qualitative.access import QDA_ROLES
from puente.qualitative.forms import RefiImportForm
from puente.qualitative.services import refi_export, refi_import

from .common import base_context, lead_project, project_for

SUFFIXES = (".qdpx", ".qde", ".qdc")


@roles(QDA_ROLES)
def refi_import_page(request: HttpRequest, pk: int) -> HttpResponse:
    project = lead_project(request, pk)
    form = RefiImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        try:
            if suffix not in SUFFIXES:
                raise ValidationError(_("Choose a .qdpx project, a .qde project file or a .qdc codebook."))
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / f"upload{suffix}"
                with path.open("wb") as fh:
                    for chunk in upload.chunks():
                        fh.write(chunk)
                result = refi_import.do_import_refi(
                    actor=request.user, project=project, path=path, positions=form.cleaned_data["positions"]
                )
        except ValidationError as error:
            form.add_error(None, error)
    return render(
        request,
        "qualitative/refi_import.html",
        base_context(
            project,
            form=form,
            result=result,
            positions=refi_import.positions_summary(result.report) if result else {},
        ),
    )


@roles(QDA_ROLES)
def refi_export_page(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(request, pk)
    fmt = request.GET.get("format", "")
    if fmt in ("qdpx", "qdc"):
        tmp = tempfile.NamedTemporaryFile(suffix=f".{fmt}", delete=False)  # noqa: SIM115 - handed to FileResponse
        tmp.close()
        path = Path(tmp.name)
        try:
            refi_export.do_export_refi(actor=request.user, project=project, path=path)
            handle = path.open("rb")
        finally:
            path.unlink(missing_ok=True)  # the open handle keeps the data readable on POSIX
        name = f"{slugify(project.name) or 'project'}.{fmt}"
        return FileResponse(handle, as_attachment=True, filename=name)
    build = refi_export.build_project(project)
    converted = [f"{note.kind}: {note.title}" for note in build.extra_notes]
    return render(
        request,
        "qualitative/refi_export.html",
        base_context(project, notices=build.notices, converted=converted, left_out=build.left_out),
    )
