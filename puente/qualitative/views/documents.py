from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from puente.accounts.access import roles
from puente.qualitative import deidentify
from puente.qualitative.access import QDA_ROLES
from puente.qualitative.forms import DocumentForm
from puente.qualitative.selectors.deidentification import names_for_deidentification
from puente.qualitative.services import documents as services
from puente.web.conflicts import posted_version

from .common import base_context, lead_project, open_document, refuses_withheld

KIND_LABELS = {
    "email": _("e-mail"),
    "phone": _("phone number"),
    "national_id": _("national ID"),
    "known_name": _("known name"),
    "team_list": _("team list"),
    "name_part": _("part of a known name"),
}


@roles(QDA_ROLES)
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = lead_project(request, pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            upload = data.get("file")
            if upload:
                text, fmt = services.read_upload(upload.name, upload.read())
            elif data["text"].strip():
                text, fmt = data["text"], "paste"
            else:
                raise ValidationError(_("Choose a file or paste the text."))
            document = services.do_import_document(
                actor=request.user,
                project=project,
                title=data["title"],
                text=text,
                source_format=fmt,
                language=data["language"],
                kind=data["kind"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Transcript added. Review the de-identification before coding."))
            return redirect("qda_document_deidentify", pk=project.pk, doc=document.pk)
    return render(request, "qualitative/document_form.html", base_context(project, form=form))


@roles(QDA_ROLES)
@refuses_withheld
def document_deidentify(request: HttpRequest, pk: int, doc: int) -> HttpResponse:
    project = lead_project(request, pk)
    document = open_document(project, doc)
    errors = []
    if request.method == "POST":
        replacements, kinds = [], []
        for key in request.POST.getlist("apply"):
            try:
                start, end = (int(v) for v in key.split(":"))
            except ValueError:
                continue
            replacements.append((start, end, request.POST.get(f"with-{key}", "[NAME]")))
            kinds.append(request.POST.get(f"kind-{key}", ""))
        try:
            services.do_apply_deidentification(
                actor=request.user,
                document=document,
                expected_version=posted_version(request.POST.get("version")),
                replacements=replacements,
                kinds=kinds,
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                _("%(n)s replacements applied. The transcript is ready for coding.")
                % {"n": len(replacements)},
            )
            return redirect("qda_workspace", pk=project.pk, doc=document.pk)
    findings = deidentify.find(document.text, names_for_deidentification(request.user, project))
    rows = [
        {
            "finding": f,
            "kind_label": KIND_LABELS.get(f.kind, f.kind) + (f" ({f.detail})" if f.detail else ""),
            "before": document.text[max(0, f.start - 40) : f.start],
            "after": document.text[f.end : f.end + 40],
            "checked": f.kind != "name_part",
        }
        for f in findings
    ]
    return render(
        request,
        "qualitative/deidentify.html",
        base_context(project, document=document, rows=rows, errors=errors),
    )
