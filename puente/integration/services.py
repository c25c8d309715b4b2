"""Writes of the mixed-methods app: joint displays, their rows, and audited exports."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.accounts.models import User
from puente.accounts.selectors import site_ids_for
from puente.analysis.models import Evaluation
from puente.analysis.options import EvaluationOptions
from puente.audit import services as audit
from puente.integration.access import INTEGRATION_ROLES
from puente.integration.models import JointDisplay, JointDisplayRow, MetaInference
from puente.qualitative.models import Code, CodebookVersion, CodeGroup, Project


class StaleEdit(ValidationError):
    """Someone else saved the record after the form was opened."""


def _stale() -> StaleEdit:
    return StaleEdit(
        _("Someone else changed this while you were editing it. Reload the page and try again."), code="stale"
    )


def check_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise ValidationError(_("Give the joint display a title."), code="title")
    if len(title) > 200:
        raise ValidationError(_("The title is at most 200 characters."), code="title")
    return title


def check_strands(actor: User, evaluation: Evaluation, project: Project, version: CodebookVersion) -> int:
    """The site both strands share where the actor may integrate; refuses strands that do not meet."""
    if evaluation.retired_at is not None or project.retired_at is not None:
        raise ValidationError(_("That evaluation or project has been retired."), code="retired")
    if version.project_id != project.pk:
        raise ValidationError(
            _("Choose a codebook version of the qualitative project you chose."), code="version"
        )
    shared = (
        set(evaluation.programme.sites.values_list("pk", flat=True))
        & set(project.sites.values_list("pk", flat=True))
        & site_ids_for(actor, INTEGRATION_ROLES)
    )
    if not shared:
        raise ValidationError(
            _("The evaluation and the qualitative project must belong to the same site, one of yours."),
            code="site",
        )
    return min(shared)


def do_create_display(
    *, actor: User, evaluation: Evaluation, project: Project, codebook_version: CodebookVersion, title: str
) -> JointDisplay:
    title = check_title(title)
    site_id = check_strands(actor, evaluation, project, codebook_version)
    with transaction.atomic():
        display = JointDisplay.objects.create(
            evaluation=evaluation,
            project=project,
            codebook_version=codebook_version,
            site_id=site_id,
            title=title,
            created_by=actor,
        )
        audit.record(
            actor=actor,
            action="joint_display.create",
            obj=display,
            site_id=site_id,
            after=audit.snapshot(display, JointDisplay.AUDITED_FIELDS),
        )
    return display


def do_update_display(
    *,
    actor: User,
    display: JointDisplay,
    expected_version: int,
    title: str,
    codebook_version: CodebookVersion,
) -> JointDisplay:
    title = check_title(title)
    if codebook_version.project_id != display.project_id:
        raise ValidationError(
            _("Choose a codebook version of the display's qualitative project."), code="version"
        )
    with transaction.atomic():
        current = JointDisplay.objects.select_for_update().get(pk=display.pk)
        if current.version != expected_version:
            raise _stale()
        before = audit.snapshot(current, JointDisplay.AUDITED_FIELDS)
        current.title, current.codebook_version = title, codebook_version
        after = audit.snapshot(current, JointDisplay.AUDITED_FIELDS)
        audit.save_versioned(
            current, before, after, actor=actor, action="joint_display.update", site_id=current.site_id
        )
    return current


def do_retire_display(*, actor: User, display: JointDisplay, reason: str) -> JointDisplay:
    if not (reason or "").strip():
        raise ValidationError(_("Give a reason for retiring this joint display."), code="reason")
    with transaction.atomic():
        current = JointDisplay.objects.select_for_update().get(pk=display.pk)
        current.retired_at, current.retired_reason = timezone.now(), reason.strip()
        current.version += 1
        current.save()
        audit.record(
            actor=actor,
            action="joint_display.retire",
            obj=current,
            site_id=current.site_id,
            after={"reason": reason.strip()},
        )
    return current


def check_comparison(evaluation: Evaluation, key: str) -> str:
    """A pairwise change the evaluation makes: kind "pair", a group, an instrument and two time points
    it analyses."""
    parts = (key or "").split("|")
    options = EvaluationOptions.from_dict(evaluation.options)
    valid = (
        len(parts) == 6
        and parts[0] == "pair"
        and parts[1].split(":")[0] in options.groups
        and parts[2] in options.instruments
        and parts[4] in options.time_points
        and parts[5] in options.time_points
        and parts[4] != parts[5]
    )
    if not valid:
        raise ValidationError(
            _("Choose a change between two time points from the evaluation's results."), code="result"
        )
    return key


def check_codes(display: JointDisplay, codes: Sequence[Code], groups: Sequence[CodeGroup]) -> None:
    if any(c.project_id != display.project_id for c in codes) or any(
        g.project_id != display.project_id for g in groups
    ):
        raise ValidationError(_("A code belongs to another qualitative project."), code="project")


def check_inference(meta_inference: str, note: str) -> None:
    if meta_inference not in MetaInference.values:
        raise ValidationError(_("Choose converges, diverges or expands."), code="inference")
    if len(note or "") > 2000:
        raise ValidationError(_("Keep the note under 2,000 characters."), code="note")


def _row_snapshot(row: JointDisplayRow) -> dict:
    return audit.snapshot(row, JointDisplayRow.AUDITED_FIELDS)


def do_add_row(
    *,
    actor: User,
    display: JointDisplay,
    comparison_key: str,
    codes: Sequence[Code] = (),
    code_groups: Sequence[CodeGroup] = (),
    meta_inference: str = "",
    note: str = "",
) -> JointDisplayRow:
    check_comparison(display.evaluation, comparison_key)
    check_codes(display, codes, code_groups)
    check_inference(meta_inference, note)
    with transaction.atomic():
        position = (display.rows.aggregate(p=Max("position"))["p"] or 0) + 1
        row = JointDisplayRow.objects.create(
            display=display,
            comparison_key=comparison_key,
            position=position,
            code_ids=sorted(c.pk for c in codes),
            group_ids=sorted(g.pk for g in code_groups),
            meta_inference=meta_inference,
            note=(note or "").strip(),
        )
        audit.record(
            actor=actor,
            action="joint_display_row.create",
            obj=row,
            site_id=display.site_id,
            after=_row_snapshot(row),
        )
    return row


def do_update_row(
    *,
    actor: User,
    row: JointDisplayRow,
    expected_version: int,
    codes: Sequence[Code],
    code_groups: Sequence[CodeGroup],
    meta_inference: str,
    note: str,
) -> JointDisplayRow:
    check_codes(row.display, codes, code_groups)
    check_inference(meta_inference, note)
    with transaction.atomic():
        current = JointDisplayRow.objects.select_for_update().get(pk=row.pk)
        if current.version != expected_version or current.retired_at is not None:
            raise _stale()
        before = _row_snapshot(current)
        current.meta_inference, current.note = meta_inference, (note or "").strip()
        current.code_ids = sorted(c.pk for c in codes)
        current.group_ids = sorted(g.pk for g in code_groups)
        audit.save_versioned(
            current,
            before,
            _row_snapshot(current),
            actor=actor,
            action="joint_display_row.update",
            site_id=row.display.site_id,
        )
    return current


def do_retire_row(*, actor: User, row: JointDisplayRow, reason: str) -> JointDisplayRow:
    if not (reason or "").strip():
        raise ValidationError(_("Give a reason for removing this row."), code="reason")
    with transaction.atomic():
        current = JointDisplayRow.objects.select_for_update().get(pk=row.pk)
        if current.retired_at is not None:
            return current
        current.retired_at, current.retired_reason = timezone.now(), reason.strip()
        current.version += 1
        current.save()
        audit.record(
            actor=actor,
            action="joint_display_row.retire",
            obj=current,
            site_id=row.display.site_id,
            after={"reason": reason.strip()},
        )
    return current


def do_record_export(*, actor: User, display: JointDisplay, fmt: str) -> None:
    """Quotations leave the service in the file: say who took which display, in which format."""
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="joint_display.export",
            obj=display,
            site_id=display.site_id,
            after={"format": fmt},
        )
