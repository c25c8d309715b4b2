from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from puente.accounts.access import roles
from puente.accounts.models import User
from puente.accounts.selectors import sites_for
from puente.qualitative.access import QDA_ROLES
from puente.qualitative.forms import MemberForm, ProjectForm, SettingsForm
from puente.qualitative.selectors import projects as selectors
from puente.qualitative.services import coding as coding_services
from puente.qualitative.services import projects as services

from .common import base_context, lead_project, project_for


@roles(QDA_ROLES)
def project_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "qualitative/project_list.html", {"projects": selectors.project_list(request.user)}
    )


@roles(QDA_ROLES)
def project_create(request: HttpRequest) -> HttpResponse:
    form = ProjectForm(request.POST or None, sites=sites_for(request.user, QDA_ROLES))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project = services.do_create_project(
                actor=request.user, name=data["name"], description=data["description"], sites=data["sites"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Project created. Add transcripts and a codebook next."))
            return redirect("qda_project_detail", pk=project.pk)
    return render(request, "qualitative/project_form.html", {"form": form})


@roles(QDA_ROLES)
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(request, pk)
    return render(
        request,
        "qualitative/project_detail.html",
        base_context(
            project,
            documents=selectors.documents(project),
            members=selectors.members(project),
            case_count=project.cases.filter(retired_at__isnull=True).count(),
            code_count=project.codes.filter(retired_at__isnull=True).count(),
        ),
    )


@roles(QDA_ROLES)
def project_settings(request: HttpRequest, pk: int) -> HttpResponse:
    project = lead_project(request, pk)
    initial = {
        "version": project.version,
        "description": project.description,
        "deidentify_list": project.deidentify_list,
    }
    form = SettingsForm(request.POST or None if "save_settings" in request.POST else None, initial=initial)
    member_form = MemberForm(request.POST if "add_member" in request.POST else None)
    if request.method == "POST":
        try:
            if "save_settings" in request.POST and form.is_valid():
                data = dict(form.cleaned_data)
                services.do_update_project(
                    actor=request.user, project=project, expected_version=data.pop("version"), changes=data
                )
                messages.success(request, _("Settings saved."))
                return redirect("qda_project_settings", pk=project.pk)
            if "add_member" in request.POST and member_form.is_valid():
                user = User.objects.filter(username=member_form.cleaned_data["username"]).first()
                if user is None:
                    raise ValidationError(_("There is no account with that user name."))
                services.do_add_member(
                    actor=request.user, project=project, user=user, role=member_form.cleaned_data["role"]
                )
                messages.success(request, _("Member added."))
                return redirect("qda_project_settings", pk=project.pk)
            if "independent" in request.POST:
                coding_services.do_set_independent_coding(
                    actor=request.user, project=project, independent=request.POST["independent"] == "1"
                )
                messages.success(request, _("Coding mode changed."))
                return redirect("qda_project_detail", pk=project.pk)
        except ValidationError as error:
            (member_form if "add_member" in request.POST else form).add_error(None, error)
    return render(
        request,
        "qualitative/project_settings.html",
        base_context(project, form=form, member_form=member_form, members=selectors.members(project)),
    )
