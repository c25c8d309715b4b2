"""Memos and framework-matrix cells."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.accounts.models import User
from puente.audit import services as audit
from puente.qualitative import search_index
from puente.qualitative.models import (
    Case,
    Code,
    Document,
    MatrixCell,
    MemberRole,
    Memo,
    Project,
    ProjectMember,
)

from .coding import check_span
from .common import member_for, record, stale


def do_create_memo(
    *,
    actor: User | None,
    project: Project,
    title: str,
    text: str,
    document: Document | None = None,
    case: Case | None = None,
    code: Code | None = None,
    start: int | None = None,
    end: int | None = None,
) -> Memo:
    title, text = title.strip(), text.strip()
    if not text:
        raise ValidationError(_("The memo is empty."), code="empty")
    for target in (document, case, code):
        if target is not None and target.project_id != project.pk:
            raise ValidationError(_("The memo's subject belongs to another project."), code="project")
    if (start is None) != (end is None) or (start is not None and document is None):
        raise ValidationError(
            _("A memo on a selection needs a document, a start and an end."), code="selection"
        )
    if document is not None and start is not None:
        check_span(document, start, end)
    with transaction.atomic():
        member = member_for(actor, project)
        memo = Memo.objects.create(
            project=project,
            title=(title or text.split("\n", 1)[0])[:300],
            text=text,
            author=actor,
            author_name=member.name if member else "",
            document=document,
            case=case,
            code=code,
            start=start,
            end=end,
        )
        search_index.index_memo(memo)
        record(
            actor=actor,
            action="qda_memo.create",
            obj=memo,
            project=project,
            after=audit.snapshot(memo, Memo.AUDITED_FIELDS),
        )
    return memo


def check_can_edit_memo(member: ProjectMember | None, memo: Memo) -> None:
    """A memo is its author's; the project lead may also edit it (None: the command line)."""
    if member is not None and member.role != MemberRole.LEAD and memo.author_id != member.user_id:
        raise PermissionDenied


def do_update_memo(*, actor: User | None, memo: Memo, expected_version: int, title: str, text: str) -> Memo:
    if not text.strip():
        raise ValidationError(_("The memo is empty."), code="empty")
    if len(title.strip()) > 300:
        raise ValidationError(_("Keep the title under 300 characters."), code="title")
    with transaction.atomic():
        member = member_for(actor, memo.project)
        current = Memo.objects.select_for_update().get(pk=memo.pk)
        check_can_edit_memo(member, current)
        if current.retired_at is not None:
            raise ValidationError(
                _("This memo has been retired; it can no longer be edited."), code="retired"
            )
        if current.version != expected_version:
            raise stale()
        before = audit.snapshot(current, Memo.AUDITED_FIELDS)
        current.title, current.text = (title.strip() or current.title)[:300], text.strip()
        old, new = audit.changed(before, audit.snapshot(current, Memo.AUDITED_FIELDS))
        if new:
            current.version += 1
            current.save()
            search_index.index_memo(current)
            record(
                actor=actor,
                action="qda_memo.update",
                obj=current,
                project=current.project,
                before=old,
                after=new,
            )
    return current


def do_retire_memo(*, actor: User | None, memo: Memo) -> Memo:
    with transaction.atomic():
        check_can_edit_memo(member_for(actor, memo.project), memo)
        memo.retired_at = timezone.now()
        memo.version += 1
        memo.save()
        search_index.index_memo(memo)
        record(actor=actor, action="qda_memo.retire", obj=memo, project=memo.project, after={"retired": True})
    return memo


def do_save_cell(
    *, actor: User | None, case: Case, code: Code, summary: str, expected_version: int
) -> MatrixCell:
    """Save a framework-matrix summary. expected_version is 0 for a cell nobody has written yet."""
    if case.project_id != code.project_id:
        raise ValidationError(_("The case and the code belong to different projects."), code="project")
    with transaction.atomic():
        member_for(actor, case.project)
        cell = MatrixCell.objects.select_for_update().filter(case=case, code=code).first()
        current_version = cell.version if cell else 0
        if current_version != expected_version:
            raise stale()
        before = cell.summary if cell else ""
        summary = summary.strip()
        if cell is None:
            cell = MatrixCell.objects.create(
                project=case.project, case=case, code=code, summary=summary, updated_by=actor
            )
        elif summary != before:
            cell.summary, cell.updated_by = summary, actor
            cell.version += 1
            cell.save()
        else:
            return cell
        record(
            actor=actor,
            action="qda_matrix_cell.save",
            obj=cell,
            project=case.project,
            before={"summary": before},
            after={"summary": summary},
        )
    return cell
