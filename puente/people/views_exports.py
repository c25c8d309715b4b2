"""Research exports and identity erasure: the pages around the privacy services."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from puente.accounts.access import roles
from puente.accounts.roles import Role
from puente.accounts.selectors import sites_for
from puente.people import exports, selectors, services
from puente.people.models import Participant


class ExportProjectForm(forms.Form):
    site = forms.ModelChoiceField(label=gettext_lazy("Site"), queryset=None)
    name = forms.CharField(label=gettext_lazy("Name of the export project"), max_length=120)
    max_date_shift_days = forms.IntegerField(
        label=gettext_lazy("Shift dates by up to this many days"),
        min_value=0,
        max_value=365,
        initial=0,
        help_text=gettext_lazy(
            "0 keeps real dates. Each participant gets one shift, the same in all their records."
        ),
    )

    def __init__(self, *args: object, sites: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


@roles(exports.EXPORT_ROLES)
def export_list(request: HttpRequest) -> HttpResponse:
    sites = sites_for(request.user, exports.EXPORT_ROLES)
    form = ExportProjectForm(request.POST or None, sites=sites)
    if request.method == "POST" and form.is_valid():
        try:
            exports.do_create_export_project(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Export project created."))
            return redirect("export_list")
    counts = {
        row["site_id"]: row
        for row in Participant.objects.filter(site__in=sites, retired_at__isnull=True)
        .order_by()
        .values("site_id")
        .annotate(
            consented=Count("pk", filter=Q(research_consent=True)),
            excluded=Count("pk", filter=Q(research_consent=False)),
        )
    }
    projects = list(exports.export_projects_for(request.user))
    for project in projects:
        project.counts = counts.get(project.site_id, {"consented": 0, "excluded": 0})
    return render(request, "people/exports.html", {"form": form, "projects": projects})


@roles(exports.EXPORT_ROLES)
def export_download(request: HttpRequest, project_pk: int) -> HttpResponse:
    project = exports.export_projects_for(request.user).filter(pk=project_pk).first()
    if project is None:
        raise Http404
    result = exports.do_export_participants(actor=request.user, project=project)
    response = HttpResponse(result.content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
    return response


@roles(selectors.PARTICIPANT_READER_ROLES)
def erasure_request(request: HttpRequest, pk: int) -> HttpResponse:
    participant = selectors.get_participant(request.user, pk)
    if not selectors.can_edit_participant(request.user, participant):
        raise PermissionDenied
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_request_erasure(
                actor=request.user, participant=participant, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Erasure requested. An administrator must approve it."))
            return redirect("participant_detail", pk=participant.pk)
    return render(request, "people/erasure_request.html", {"form": form, "participant": participant})


@roles(Role.ADMINISTRATOR)
def erasure_list(request: HttpRequest) -> HttpResponse:
    pending = selectors.erasure_requests_for(request.user).filter(decided_at__isnull=True)
    if request.method == "POST":
        decision = request.POST.get("decision")
        item = pending.filter(pk=request.POST.get("request")).first()
        if item is None or decision not in {"approve", "reject"}:
            raise Http404
        try:
            services.do_decide_erasure(actor=request.user, request=item, approve=decision == "approve")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Decision recorded."))
        return redirect("erasure_list")
    return render(request, "people/erasure_list.html", {"pending": list(pending)})
