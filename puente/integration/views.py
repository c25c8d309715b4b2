"""Mixed-methods pages: the list of joint displays, the builder, a display with its rows, row editing,
case-level integration, quotations by subgroup and the DOCX/XLSX exports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from puente.accounts.access import roles
from puente.integration import assembly, cases, exports, selectors, services
from puente.integration.access import INTEGRATION_ROLES
from puente.integration.forms import (
    CaseFilterForm,
    DisplayEditForm,
    DisplayForm,
    RetireForm,
    RowAddForm,
    RowEditForm,
    SubgroupForm,
)
from puente.integration.strands import version_codes
from puente.web.conflicts import render_conflict
from puente.web.forms_flow import save_form


@roles(INTEGRATION_ROLES)
def display_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "integration/display_list.html",
        {"displays": list(selectors.displays_for(request.user)[:200])},
    )


@roles(INTEGRATION_ROLES)
def display_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = DisplayForm(
        request.POST or None,
        evaluations=selectors.evaluations_for(user),
        projects=selectors.projects_for(user),
        versions=selectors.versions_for(user),
    )
    saved = save_form(request, form, lambda data: services.do_create_display(actor=user, **data))
    if saved.ok:
        messages.success(request, _("Joint display created. Add its first row."))
        return redirect("integration_display", pk=saved.value.pk)
    return render(request, "integration/display_form.html", {"form": form})


def _links(display, data: dict) -> dict:
    """The chosen codes and groups as objects of the display's project (only when saving)."""
    return {
        "codes": selectors.codes_by_ids(display.project, data["codes"]),
        "code_groups": selectors.groups_by_ids(display.project, data["code_groups"]),
    }


def _code_choices(display) -> dict:
    return {
        "codes": version_codes(display.codebook_version).names,
        "groups": list(selectors.project_groups(display.project)),
    }


@roles(INTEGRATION_ROLES)
def display_detail(request: HttpRequest, pk: int) -> HttpResponse:
    display = selectors.get_display(request.user, pk)
    result = selectors.compute(request.user, display)
    form = RowAddForm(request.POST or None, results=assembly.result_choices(result), **_code_choices(display))
    saved = save_form(
        request,
        form,
        lambda data: services.do_add_row(
            actor=request.user,
            display=display,
            comparison_key=data["comparison_key"],
            **_links(display, data),
        ),
    )
    if saved.ok:
        messages.success(request, _("Row added. Read the quotations and record the meta-inference."))
        return redirect(f"{reverse('integration_display', kwargs={'pk': display.pk})}#row-{saved.value.pk}")
    view = assembly.build(display, selectors.live_rows(display), result)
    return render(
        request, "integration/display_detail.html", {"display": display, "view": view, "form": form}
    )


@roles(INTEGRATION_ROLES)
def display_edit(request: HttpRequest, pk: int) -> HttpResponse:
    display = selectors.get_display(request.user, pk)
    versions = selectors.versions_for(request.user).filter(project=display.project)
    form = DisplayEditForm(
        request.POST or None,
        versions=versions,
        initial={
            "title": display.title,
            "codebook_version": display.codebook_version,
            "version": display.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.do_update_display(
                actor=request.user,
                display=display,
                expected_version=data["version"],
                title=data["title"],
                codebook_version=data["codebook_version"],
            )
        except services.StaleEdit:
            saved = selectors.get_display(request.user, pk)
            return render_conflict(
                request,
                form=form,
                saved={"title": saved.title, "codebook_version": saved.codebook_version},
                saved_version=saved.version,
                title=saved.title,
                cancel_url=reverse("integration_display", kwargs={"pk": pk}),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("integration_display", pk=pk)
    retire = RetireForm()
    return render(
        request, "integration/display_edit.html", {"display": display, "form": form, "retire_form": retire}
    )


@roles(INTEGRATION_ROLES)
def display_retire(request: HttpRequest, pk: int) -> HttpResponse:
    display = selectors.get_display(request.user, pk)
    form = RetireForm(request.POST or None)
    saved = save_form(
        request, form, lambda data: services.do_retire_display(actor=request.user, display=display, **data)
    )
    if saved.ok:
        messages.success(request, _("Joint display retired."))
        return redirect("integration_display_list")
    return render(request, "integration/display_retire.html", {"display": display, "form": form})


@roles(INTEGRATION_ROLES)
def row_edit(request: HttpRequest, pk: int, row: int) -> HttpResponse:
    display = selectors.get_display(request.user, pk)
    item = selectors.get_row(display, row)
    form = RowEditForm(
        request.POST or None,
        **_code_choices(display),
        initial={
            "codes": [str(c) for c in item.code_ids],
            "code_groups": [str(g) for g in item.group_ids],
            "meta_inference": item.meta_inference,
            "note": item.note,
            "version": item.version,
        },
    )
    back = f"{reverse('integration_display', kwargs={'pk': display.pk})}#row-{item.pk}"
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.do_update_row(
                actor=request.user,
                row=item,
                expected_version=data["version"],
                meta_inference=data["meta_inference"],
                note=data["note"],
                **_links(display, data),
            )
        except services.StaleEdit:
            saved = selectors.get_row(display, row)
            return render_conflict(
                request,
                form=form,
                # The conflict page compares single values; the code choices travel in the resubmission.
                saved={
                    "meta_inference": saved.meta_inference,
                    "note": saved.note,
                },
                saved_version=saved.version,
                title=display.title,
                cancel_url=back,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Row saved."))
            return redirect(back)
    return render(
        request,
        "integration/row_edit.html",
        {"display": display, "row": item, "form": form, "retire_form": RetireForm(), "back": back},
    )


@roles(INTEGRATION_ROLES)
def row_retire(request: HttpRequest, pk: int, row: int) -> HttpResponse:
    display = selectors.get_display(request.user, pk)
    item = selectors.get_row(display, row)
    form = RetireForm(request.POST or None)
    saved = save_form(
        request, form, lambda data: services.do_retire_row(actor=request.user, row=item, **data)
    )
    if saved.ok:
        messages.success(request, _("Row removed from the display."))
        return redirect("integration_display", pk=display.pk)
    return render(request, "integration/display_retire.html", {"display": display, "form": form, "row": item})


def _outcome_form(form_class, request: HttpRequest, result, defaults: dict):
    """The GET filter form, filled with sensible defaults (first outcome, first and last time point)."""
    outcomes = cases.outcome_choices(result)
    tps = list(result.data.time_points)
    data = (
        request.GET
        if "outcome" in request.GET
        else {
            "outcome": outcomes[0].key if outcomes else "",
            "before": tps[0] if tps else "",
            "after": tps[-1] if tps else "",
            **defaults,
        }
    )
    form = form_class(data, outcomes=outcomes, time_points=tps)
    chosen = None
    if form.is_valid():
        chosen = next(o for o in outcomes if o.key == form.cleaned_data["outcome"])
    return form, chosen


@roles(INTEGRATION_ROLES)
def display_cases(request: HttpRequest, pk: int) -> HttpResponse:
    display = selectors.get_display(request.user, pk)
    result = selectors.compute(request.user, display)
    form, outcome = _outcome_form(CaseFilterForm, request, result, {"direction": "any", "threshold": "3"})
    rows, without = [], 0
    if outcome is not None:
        rows, without = cases.case_rows(
            display,
            result,
            outcome,
            before=form.cleaned_data["before"],
            after=form.cleaned_data["after"],
            direction=form.cleaned_data.get("direction") or "any",
            threshold=form.threshold_value(),
        )
    return render(
        request,
        "integration/display_cases.html",
        {
            "display": display,
            "form": form,
            "rows": rows,
            "without": without,
            "time_points": list(result.data.time_points),
        },
    )


@roles(INTEGRATION_ROLES)
def display_subgroups(request: HttpRequest, pk: int) -> HttpResponse:
    display = selectors.get_display(request.user, pk)
    result = selectors.compute(request.user, display)
    form, outcome = _outcome_form(SubgroupForm, request, result, {"split": "change", "threshold": "0"})
    comparison = None
    if outcome is not None:
        comparison = cases.subgroup_comparison(
            display,
            result,
            outcome,
            before=form.cleaned_data["before"],
            after=form.cleaned_data["after"],
            split=form.cleaned_data.get("split") or "change",
            threshold=form.threshold_value(),
        )
    return render(
        request,
        "integration/display_subgroups.html",
        {"display": display, "form": form, "comparison": comparison},
    )


EXPORT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@roles(INTEGRATION_ROLES)
def display_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    display = selectors.get_display(request.user, pk)
    if fmt not in EXPORT_TYPES:
        return redirect("integration_display", pk=pk)
    view = assembly.build(display, selectors.live_rows(display), selectors.compute(request.user, display))
    content = exports.to_docx(view) if fmt == "docx" else exports.to_xlsx(view)
    services.do_record_export(actor=request.user, display=display, fmt=fmt)
    response = HttpResponse(content, content_type=EXPORT_TYPES[fmt])
    name = slugify(display.title) or "joint-display"
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
