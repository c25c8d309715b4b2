"""Framework matrix, counts, agreement and suggestion reliability."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from puente.accounts.access import roles
from puente.qualitative import exports, suggestions
from puente.qualitative.access import QDA_ROLES
from puente.qualitative.agreement import interpret_alpha, interpret_kappa
from puente.qualitative.forms import CellForm
from puente.qualitative.matrix_html import render_rows
from puente.qualitative.models import MatrixCell
from puente.qualitative.selectors import consent
from puente.qualitative.selectors import projects as selectors
from puente.qualitative.selectors.agreement import agreement, agreement_json
from puente.qualitative.selectors.counts import count_tables
from puente.qualitative.selectors.matrix import build_matrix
from puente.qualitative.services import memos as services

from .common import Withheld, base_context, coding_project, project_for, refuses_withheld

DEFAULT_COLUMNS = 12


def _chosen_codes(request: HttpRequest, project, tree):
    codes = [c for c, _d in tree]
    by_id = {c.pk: c for c in codes}
    wanted = [int(v) for v in request.GET.getlist("codes") if v.isdigit() and int(v) in by_id]
    if wanted:
        return [by_id[i] for i in wanted]
    group_id = request.GET.get("group", "")
    if group_id.isdigit():
        group = next((g for g in selectors.code_groups(project) if g.pk == int(group_id)), None)
        if group is not None:
            return list(group.codes.all())
    watson = [c for c in codes if c.framework == "watson" and c.parent_id is None]
    return watson or [c for c, d in tree if d == 0][:DEFAULT_COLUMNS]


def _matrix(request: HttpRequest, project, *, paged: bool = False):
    tree = selectors.code_tree(project)
    codes = _chosen_codes(request, project, tree)
    attribute, value = request.GET.get("attribute", ""), request.GET.get("value", "")
    page = _page_number(request.GET.get("page")) if paged else None
    result = build_matrix(project, codes, attribute=attribute, value=value, page=page)
    return tree, result, attribute, value


def _page_number(raw: str | None) -> int:
    try:
        return max(1, int(raw or 1))
    except ValueError:
        return 1


@roles(QDA_ROLES)
def matrix(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(request, pk)
    tree, result, attribute, value = _matrix(request, project, paged=True)
    chosen = {c.pk for c in result.codes}
    # Page links keep the chosen codes and filter.
    others = request.GET.copy()
    others.pop("page", None)
    return render(
        request,
        "qualitative/matrix.html",
        base_context(
            project,
            matrix=result,
            tree=tree,
            chosen=chosen,
            groups=selectors.code_groups(project),
            attribute=attribute,
            value=value,
            query=request.GET.urlencode(),
            page_query=others.urlencode(),
            rows_html=render_rows(
                result, project.pk, can_code=selectors.can_code(project), query=request.GET.urlencode()
            ),
        ),
    )


@roles(QDA_ROLES)
@refuses_withheld
def matrix_cell(request: HttpRequest, pk: int, case: int, code: int) -> HttpResponse:
    project = coding_project(request, pk)
    item = selectors.get_case(project, case)
    if consent.is_withdrawn(item):
        raise Withheld(project)
    code_obj = selectors.get_code(project, code)
    cell = MatrixCell.objects.filter(case=item, code=code_obj).first()
    form = CellForm(
        request.POST or None,
        initial={"version": cell.version if cell else 0, "summary": cell.summary if cell else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.do_save_cell(
                actor=request.user,
                case=item,
                code=code_obj,
                summary=form.cleaned_data["summary"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Summary saved."))
            return redirect(f"{_matrix_url(project.pk)}?{request.GET.urlencode()}#case-{item.pk}")
    row = build_matrix(project, [code_obj]).rows
    quotes = next((r.cells[0].quotes for r in row if r.case.pk == item.pk), [])
    return render(
        request,
        "qualitative/matrix_cell.html",
        base_context(project, case=item, code=code_obj, form=form, quotes=quotes),
    )


def _matrix_url(pk: int) -> str:
    from django.urls import reverse

    return reverse("qda_matrix", kwargs={"pk": pk})


@roles(QDA_ROLES)
def matrix_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    project = project_for(request, pk)
    _tree, result, _a, _v = _matrix(request, project)
    title = _("Framework matrix: %(project)s") % {"project": project.name}
    name = slugify(project.name) or "matrix"
    if fmt == "xlsx":
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        response = HttpResponse(exports.to_xlsx(result, title), content_type=content_type)
    elif fmt == "docx":
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        response = HttpResponse(exports.to_docx(result, title), content_type=content_type)
    elif fmt == "html":
        response = HttpResponse(exports.to_html(result, title), content_type="text/html; charset=utf-8")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}-matrix.{fmt}"'
    return response


@roles(QDA_ROLES)
def counts(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(request, pk)
    tables = count_tables(project, request.GET.get("attribute", ""))
    return render(request, "qualitative/counts.html", base_context(project, tables=tables))


@roles(QDA_ROLES)
def agreement_page(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(request, pk)
    coders = list(selectors.coders_with_codings(project))
    by_id = {str(c.pk): c for c in coders}
    a = by_id.get(request.GET.get("a", "")) or (coders[0] if coders else None)
    b = by_id.get(request.GET.get("b", "")) or (coders[1] if len(coders) > 1 else None)
    data = None
    if a and b and a != b:
        data = agreement_json(project, agreement(project, a, b))
        data["overall"]["kappa_band"] = interpret_kappa(data["overall"]["cohen_kappa"])
        data["overall"]["alpha_band"] = interpret_alpha(data["overall"]["krippendorff_alpha"])
        for item in data["per_code"]:
            item["kappa_band"] = interpret_kappa(item["cohen_kappa"])
            item["alpha_band"] = interpret_alpha(item["krippendorff_alpha"])
    context = base_context(project, coders=coders, a=a, b=b, data=data)
    context["left_out"] = consent.excluded_by_consent(project)
    return render(request, "qualitative/agreement.html", context)


@roles(QDA_ROLES)
def suggestion_page(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(request, pk)
    model = suggestions.model_for(project)
    return render(
        request,
        "qualitative/suggestions.html",
        base_context(project, model=model, minimum=suggestions.MIN_PASSAGES),
    )
