"""Codings: each belongs to its coder; the team reconciles them into an agreed version."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.accounts.models import User
from puente.audit import services as audit
from puente.qualitative.models import Code, Coding, Document, MemberRole, Project

from .common import member_for, record, stale


def check_codable(document: Document) -> None:
    if document.retired_at is not None:
        raise ValidationError(_("This document has been retired."), code="retired")
    if not document.is_deidentified:
        raise ValidationError(
            _(
                "This transcript has not been de-identified yet. "
                "Review and apply the de-identification first."
            ),
            code="not_deidentified",
        )
    if not document.text_available:
        raise ValidationError(_("The text of this document is not available."), code="no_text")


def check_span(document: Document, start: int, end: int) -> None:
    if not (0 <= start < end <= len(document.text)):
        raise ValidationError(
            _("The selection (%(start)s-%(end)s) is not inside the text, which has %(n)s characters.")
            % {"start": start, "end": end, "n": len(document.text)},
            code="span",
        )


def _check_codes(project: Project, codes: Sequence[Code]) -> None:
    if not codes:
        raise ValidationError(_("Choose at least one code."), code="no_code")
    for code in codes:
        if code.project_id != project.pk or code.retired_at is not None or not code.is_codable:
            raise ValidationError(
                _("The code %(name)s cannot be applied here.") % {"name": code.name}, code="code"
            )


def do_code_selection(
    *, actor: User | None, document: Document, start: int, end: int, codes: Sequence[Code]
) -> list[Coding]:
    """Apply codes to [start, end). Applying a code the coder already applied there changes nothing."""
    check_codable(document)
    check_span(document, start, end)
    project = document.project
    _check_codes(project, codes)
    made = []
    with transaction.atomic():
        member = member_for(actor, project)
        if member is None:
            raise PermissionDenied
        existing = set(
            Coding.objects.filter(
                document=document, coder=member, start=start, end=end, agreed=False, retired_at__isnull=True
            ).values_list("code_id", flat=True)
        )
        for code in codes:
            if code.pk in existing:
                continue
            coding = Coding.objects.create(
                project=project, document=document, code=code, coder=member, start=start, end=end
            )
            made.append(coding)
            record(
                actor=actor,
                action="qda_coding.create",
                obj=coding,
                project=project,
                after=audit.snapshot(coding, Coding.AUDITED_FIELDS),
            )
    return made


def _own(actor: User | None, coding: Coding) -> None:
    member = member_for(actor, coding.project)
    if member is None:
        return
    if coding.agreed:
        if member.role != MemberRole.LEAD:
            raise PermissionDenied
    elif coding.coder_id != member.pk:
        raise PermissionDenied


def do_remove_coding(*, actor: User | None, coding: Coding) -> Coding:
    """Remove a coding from the analysis; the row is kept (retired) for the record."""
    with transaction.atomic():
        _own(actor, coding)
        current = Coding.objects.select_for_update().get(pk=coding.pk)
        if current.retired_at is not None:
            return current
        current.retired_at = timezone.now()
        current.retired_by = actor
        current.version += 1
        current.save()
        record(
            actor=actor,
            action="qda_coding.remove",
            obj=current,
            project=current.project,
            before={"retired_at": None},
            after={"retired_at": current.retired_at},
        )
    return current


def do_change_coding(
    *,
    actor: User | None,
    coding: Coding,
    expected_version: int,
    code: Code | None = None,
    start: int | None = None,
    end: int | None = None,
) -> Coding:
    with transaction.atomic():
        _own(actor, coding)
        current = Coding.objects.select_for_update().select_related("document").get(pk=coding.pk)
        if current.version != expected_version or current.retired_at is not None:
            raise stale()
        check_codable(current.document)
        new_start = current.start if start is None else start
        new_end = current.end if end is None else end
        check_span(current.document, new_start, new_end)
        if code is not None:
            _check_codes(current.project, [code])
        before = audit.snapshot(current, Coding.AUDITED_FIELDS)
        current.start, current.end = new_start, new_end
        if code is not None:
            current.code = code
        old, new = audit.changed(before, audit.snapshot(current, Coding.AUDITED_FIELDS))
        if new:
            current.version += 1
            current.save()
            record(
                actor=actor,
                action="qda_coding.update",
                obj=current,
                project=current.project,
                before=old,
                after=new,
            )
    return current


def do_set_independent_coding(*, actor: User | None, project: Project, independent: bool) -> Project:
    """Start the independent phase (coders see only their own codings) or end it so the team compares."""
    with transaction.atomic():
        member_for(actor, project, lead=True)
        current = Project.objects.select_for_update().get(pk=project.pk)
        if current.independent_coding == independent:
            return current
        current.independent_coding = independent
        current.version += 1
        current.save()
        record(
            actor=actor,
            action="qda_project.independent_coding",
            obj=current,
            project=current,
            before={"independent_coding": not independent},
            after={"independent_coding": independent},
        )
    return current


def do_accept_into_agreed(*, actor: User | None, coding: Coding) -> Coding:
    """Copy one coder's coding into the team's agreed version of the document."""
    with transaction.atomic():
        member = member_for(actor, coding.project, lead=True)
        if coding.agreed or coding.retired_at is not None:
            raise ValidationError(_("Only a coder's current coding can be accepted."), code="agreed")
        check_codable(Document.objects.get(pk=coding.document_id))
        same = Coding.objects.filter(
            document_id=coding.document_id,
            code_id=coding.code_id,
            start=coding.start,
            end=coding.end,
            agreed=True,
            retired_at__isnull=True,
        ).first()
        if same is not None:
            return same
        agreed = Coding.objects.create(
            project=coding.project,
            document_id=coding.document_id,
            code_id=coding.code_id,
            coder=member if member is not None else coding.coder,
            start=coding.start,
            end=coding.end,
            agreed=True,
        )
        record(
            actor=actor,
            action="qda_coding.agree",
            obj=agreed,
            project=coding.project,
            after={**audit.snapshot(agreed, Coding.AUDITED_FIELDS), "from": coding.pk},
        )
    return agreed


def do_mark_reconciled(*, actor: User | None, document: Document, reconciled: bool = True) -> Document:
    """From now on the analysis uses the agreed version of this document instead of every coder's."""
    with transaction.atomic():
        member_for(actor, document.project, lead=True)
        current = Document.objects.select_for_update().get(pk=document.pk)
        if reconciled and not current.codings.filter(agreed=True, retired_at__isnull=True).exists():
            raise ValidationError(
                _("Accept at least one coding into the agreed version first."), code="empty"
            )
        current.reconciled_at = timezone.now() if reconciled else None
        current.version += 1
        current.save()
        record(
            actor=actor,
            action="qda_document.reconcile",
            obj=current,
            project=current.project,
            after={"reconciled": reconciled},
        )
    return current
