"""Codebook, cases and memos."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from puente.accounts.access import roles
from puente.people.selectors import visible_participants
from puente.qualitative.access import QDA_ROLES
from puente.qualitative.attributes import AttributeReader, attribute_names, case_attributes
from puente.qualitative.forms import (
    CaseAttributesForm,
    CaseForm,
    CodeForm,
    FrameworkForm,
    LinkDocumentForm,
    MemoForm,
    format_attributes,
    parse_attributes,
)
from puente.qualitative.selectors import consent
from puente.qualitative.selectors import projects as selectors
from puente.qualitative.selectors.memos import can_edit_memo, project_memos
from puente.qualitative.selectors.search import search
from puente.qualitative.services import codebook as services
from puente.qualitative.services import memos as memo_services
from puente.qualitative.services import projects as project_services
from puente.web.conflicts import is_stale, render_conflict

from .common import base_context, coding_project, lead_project, project_for


@roles(QDA_ROLES)
def codebook(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(request, pk)
    tree = selectors.code_tree(project)
    framework_form = FrameworkForm(request.POST if "add_framework" in request.POST else None)
    code_form = CodeForm(request.POST if "add_code" in request.POST else None, codes=tree)
    if request.method == "POST":
        if not selectors.is_lead(project):
            raise PermissionDenied
        try:
            if "add_framework" in request.POST and framework_form.is_valid():
                created = services.do_add_framework(
                    actor=request.user, project=project, slug=framework_form.cleaned_data["framework"]
                )
                messages.success(request, _("%(n)s codes added.") % {"n": len(created)})
                return redirect("qda_codebook", pk=project.pk)
            if "add_code" in request.POST and code_form.is_valid():
                data = code_form.cleaned_data
                parent = selectors.get_code(project, data["parent"]) if data["parent"] else None
                services.do_create_code(
                    actor=request.user,
                    project=project,
                    name=data["name"],
                    parent=parent,
                    colour=data["colour"],
                    definition=data["definition"],
                    inclusion=data["inclusion"],
                    exclusion=data["exclusion"],
                    example=data["example"],
                )
                messages.success(request, _("Code added."))
                return redirect("qda_codebook", pk=project.pk)
        except ValidationError as error:
            (framework_form if "add_framework" in request.POST else code_form).add_error(None, error)
    return render(
        request,
        "qualitative/codebook.html",
        base_context(
            project,
            tree=tree,
            groups=selectors.code_groups(project),
            framework_form=framework_form,
            code_form=code_form,
            versions=project.codebook_versions.select_related("created_by")[:20],
        ),
    )


@roles(QDA_ROLES)
def code_edit(request: HttpRequest, pk: int, code: int) -> HttpResponse:
    project = lead_project(request, pk)
    item = selectors.get_code(project, code)
    tree = [(c, d) for c, d in selectors.code_tree(project) if c.pk != item.pk]
    initial = {
        k: getattr(item, k) for k in ("name", "colour", "definition", "inclusion", "exclusion", "example")
    }
    initial.update(parent=item.parent_id, version=item.version)
    form = CodeForm(request.POST or None, codes=tree, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version") or 0
        parent_id = data.pop("parent")
        data["parent"] = selectors.get_code(project, parent_id) if parent_id else None
        try:
            services.do_update_code(actor=request.user, code=item, expected_version=version, changes=data)
        except ValidationError as error:
            if not is_stale(error):
                form.add_error(None, error)
            else:
                saved = selectors.get_code(project, code)
                values = {k: getattr(saved, k) for k in initial if k not in ("parent", "version")}
                return render_conflict(
                    request,
                    form=form,
                    saved=values | {"parent": saved.parent_id},
                    saved_version=saved.version,
                    title=saved.name,
                    cancel_url=reverse("qda_codebook", kwargs={"pk": project.pk}),
                )
        else:
            messages.success(request, _("Code saved; the codebook has a new version."))
            return redirect("qda_codebook", pk=project.pk)
    return render(request, "qualitative/code_form.html", base_context(project, form=form, code=item))


@roles(QDA_ROLES)
def case_list(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(request, pk)
    site_ids = list(project.sites.values_list("pk", flat=True))
    participants = visible_participants(request.user).filter(site_id__in=site_ids, research_consent=True)
    form = CaseForm(request.POST or None, participants=participants)
    if request.method == "POST":
        if not selectors.can_code(project):
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            participant = participants.filter(pk=data["participant"]).first() if data["participant"] else None
            try:
                project_services.do_create_case(
                    actor=request.user,
                    project=project,
                    name=data["name"],
                    kind=data["kind"],
                    participant=participant,
                    attributes=parse_attributes(data["attributes"]),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Case added."))
                return redirect("qda_cases", pk=project.pk)
    cases = list(selectors.cases(project))
    reader = AttributeReader()
    attributes = [reader.of(case) for case in cases]
    names = attribute_names(cases, attributes)
    rows = [
        (case, [values.get(n, "") for n in names]) for case, values in zip(cases, attributes, strict=True)
    ]
    return render(request, "qualitative/cases.html", base_context(project, rows=rows, names=names, form=form))


@roles(QDA_ROLES)
def case_detail(request: HttpRequest, pk: int, case: int) -> HttpResponse:
    project = project_for(request, pk)
    item = selectors.get_case(project, case)
    docs = list(selectors.documents(project))
    attr_form = CaseAttributesForm(
        request.POST if "save_attributes" in request.POST else None,
        initial={"version": item.version, "attributes": format_attributes(item.attributes)},
    )
    link_form = LinkDocumentForm(request.POST if "link" in request.POST else None, documents=docs)
    if request.method == "POST":
        if not selectors.can_code(project):
            raise PermissionDenied
        try:
            if "save_attributes" in request.POST and attr_form.is_valid():
                project_services.do_update_case_attributes(
                    actor=request.user,
                    case=item,
                    expected_version=attr_form.cleaned_data["version"],
                    attributes=parse_attributes(attr_form.cleaned_data["attributes"]),
                )
                messages.success(request, _("Attributes saved."))
                return redirect("qda_case_detail", pk=project.pk, case=item.pk)
            if "link" in request.POST and link_form.is_valid():
                document = selectors.get_document(project, link_form.cleaned_data["document"])
                project_services.do_link_document(
                    actor=request.user,
                    case=item,
                    document=document,
                    speaker=link_form.cleaned_data["speaker"],
                )
                messages.success(request, _("Document linked."))
                return redirect("qda_case_detail", pk=project.pk, case=item.pk)
        except ValidationError as error:
            (attr_form if "save_attributes" in request.POST else link_form).add_error(None, error)
    return render(
        request,
        "qualitative/case_detail.html",
        base_context(
            project,
            case=item,
            attributes=case_attributes(item),
            links=item.links.select_related("document"),
            attr_form=attr_form,
            link_form=link_form,
        ),
    )


@roles(QDA_ROLES)
def memo_list(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(request, pk)
    form = MemoForm(request.POST or None)
    if request.method == "POST":
        project = coding_project(request, pk)
        if form.is_valid():
            try:
                memo_services.do_create_memo(
                    actor=request.user,
                    project=project,
                    title=form.cleaned_data["title"],
                    text=form.cleaned_data["text"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Memo saved."))
                return redirect("qda_memos", pk=project.pk)
    query = request.GET.get("q", "").strip()
    hits = [h for h in search(project, query) if h.kind == "memo"] if query else None
    memos = project_memos(project)
    member = selectors.membership(project)
    for memo in memos:
        memo.editable = can_edit_memo(member, memo)
    return render(
        request,
        "qualitative/memos.html",
        base_context(
            project,
            form=form,
            memos=memos,
            query=query,
            hits=hits,
            left_out=consent.excluded_by_consent(project),
        ),
    )


@roles(QDA_ROLES)
def search_page(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(request, pk)
    query = request.GET.get("q", "").strip()
    hits = search(project, query) if query else []
    left_out = consent.excluded_by_consent(project)
    return render(
        request, "qualitative/search.html", base_context(project, query=query, hits=hits, left_out=left_out)
    )
