"""Memos on a case and on a code (list and write), and editing one memo with a version check."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from puente.accounts.access import roles
from puente.qualitative.access import QDA_ROLES
from puente.qualitative.forms import MemoForm
from puente.qualitative.models import Case, Code, Memo, Project
from puente.qualitative.selectors import memos as memo_selectors
from puente.qualitative.selectors import projects as selectors
from puente.qualitative.services import memos as services
from puente.qualitative.services.common import StaleEdit
from puente.web.conflicts import render_conflict

from .common import base_context, coding_project, project_for


def _subject_page(
    request: HttpRequest, project: Project, *, case: Case | None = None, code: Code | None = None
) -> HttpResponse:
    form = MemoForm(request.POST or None)
    if request.method == "POST":
        if not selectors.can_code(project):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.do_create_memo(
                    actor=request.user,
                    project=project,
                    title=form.cleaned_data["title"],
                    text=form.cleaned_data["text"],
                    case=case,
                    code=code,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Memo saved."))
                return redirect(request.path)
    member = selectors.membership(project)
    memos = list(memo_selectors.subject_memos(project, case=case, code=code))
    for memo in memos:
        memo.editable = memo_selectors.can_edit_memo(member, memo)
    return render(
        request,
        "qualitative/memo_subject.html",
        base_context(project, case=case, code=code, memos=memos, form=form),
        status=400 if form.errors else 200,
    )


@roles(QDA_ROLES)
def case_memos(request: HttpRequest, pk: int, case: int) -> HttpResponse:
    project = project_for(request, pk)
    return _subject_page(request, project, case=selectors.get_case(project, case))


@roles(QDA_ROLES)
def code_memos(request: HttpRequest, pk: int, code: int) -> HttpResponse:
    project = project_for(request, pk)
    return _subject_page(request, project, code=selectors.get_code(project, code))


def memo_home(memo: Memo) -> str:
    """Where a memo is read: its case's or code's memo page, its document, or the project's memos."""
    if memo.case_id:
        return reverse("qda_case_memos", kwargs={"pk": memo.project_id, "case": memo.case_id})
    if memo.code_id:
        return reverse("qda_code_memos", kwargs={"pk": memo.project_id, "code": memo.code_id})
    if memo.document_id:
        return reverse("qda_workspace", kwargs={"pk": memo.project_id, "doc": memo.document_id})
    return reverse("qda_memos", kwargs={"pk": memo.project_id})


@roles(QDA_ROLES)
def memo_edit(request: HttpRequest, pk: int, memo: int) -> HttpResponse:
    project = coding_project(request, pk)
    item = memo_selectors.get_memo(project, memo)
    if not memo_selectors.can_edit_memo(selectors.membership(project), item):
        raise PermissionDenied
    form = MemoForm(
        request.POST or None, initial={"version": item.version, "title": item.title, "text": item.text}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.do_update_memo(
                actor=request.user,
                memo=item,
                expected_version=form.cleaned_data["version"] or 0,
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
            )
        except StaleEdit:
            saved = memo_selectors.get_memo(project, memo)
            return render_conflict(
                request,
                form=form,
                saved={"title": saved.title, "text": saved.text},
                saved_version=saved.version,
                title=saved.title,
                cancel_url=memo_home(saved),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Memo saved."))
            return redirect(memo_home(item))
    return render(
        request,
        "qualitative/memo_form.html",
        base_context(project, memo=item, form=form, back_url=memo_home(item)),
        status=400 if form.errors else 200,
    )
