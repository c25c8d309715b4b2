"""Writes of the evaluation app: saved evaluations, report requests, audited downloads."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.accounts.models import User
from puente.accounts.selectors import site_ids_for
from puente.analysis.data import EVALUATION_ROLES, programmes_for
from puente.analysis.models import Evaluation, Report
from puente.analysis.options import EvaluationOptions, check_options
from puente.audit import services as audit
from puente.programs.models import Programme


def check_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise ValidationError(_("Give the evaluation a title."), code="title")
    if len(title) > 200:
        raise ValidationError(_("The title is at most 200 characters."), code="title")
    return title


def check_programme(actor: User, programme: Programme) -> None:
    if not programmes_for(actor).filter(pk=programme.pk).exists():
        raise ValidationError(_("You cannot evaluate that programme."), code="programme")


def do_save_evaluation(
    *, actor: User, programme: Programme, title: str, options: EvaluationOptions
) -> Evaluation:
    title = check_title(title)
    check_programme(actor, programme)
    check_options(options)
    with transaction.atomic():
        evaluation = Evaluation.objects.create(
            programme=programme, title=title, options=options.to_dict(), created_by=actor
        )
        audit.record(
            actor=actor,
            action="evaluation.create",
            obj=evaluation,
            after=audit.snapshot(evaluation, Evaluation.AUDITED_FIELDS),
        )
    return evaluation


def do_update_evaluation(
    *,
    actor: User,
    evaluation: Evaluation,
    options: EvaluationOptions,
    expected_version: int,
    title: str | None = None,
) -> Evaluation:
    """Change a saved evaluation's options (e.g. a test override); refuses a stale edit."""
    check_options(options)
    new_title = check_title(title) if title is not None else evaluation.title
    with transaction.atomic():
        current = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        if current.version != expected_version:
            raise ValidationError(
                _("Someone else changed this evaluation meanwhile. Reload the page and try again."),
                code="conflict",
            )
        before = audit.snapshot(current, Evaluation.AUDITED_FIELDS)
        current.options, current.title = options.to_dict(), new_title
        current.version += 1
        current.save(update_fields=["options", "title", "version", "updated_at"])
        old, new = audit.changed(before, audit.snapshot(current, Evaluation.AUDITED_FIELDS))
        audit.record(actor=actor, action="evaluation.update", obj=current, before=old, after=new)
    return current


def do_request_report(*, actor: User, evaluation: Evaluation, language: str) -> Report:
    """Queue the rendering of the evaluation's report (HTML and PDF) by the background worker."""
    from puente.analysis.tasks import render_report

    sites = sorted(
        site_ids_for(actor, EVALUATION_ROLES) & set(evaluation.programme.sites.values_list("pk", flat=True))
    )
    with transaction.atomic():
        report = Report.objects.create(
            evaluation=evaluation, language=language, requested_by=actor, site_ids=sites
        )
        audit.record(
            actor=actor,
            action="report.request",
            obj=report,
            after={"evaluation": evaluation.pk, "language": language, "sites": sites},
        )
        result = render_report.enqueue(report_id=report.pk)
        report.task_id = str(result.id)
        report.save(update_fields=["task_id"])
    return report


def do_record_download(*, actor: User, report: Report, kind: str) -> None:
    with transaction.atomic():
        audit.record(
            actor=actor,
            action=f"report.download_{kind}",
            obj=report,
            after={"evaluation": report.evaluation_id, "at": timezone.now().isoformat(timespec="seconds")},
        )
