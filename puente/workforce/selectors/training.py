from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from puente.accounts.models import User
from puente.accounts.selectors import site_ids_for
from puente.workforce import curricula, rules
from puente.workforce.access import FLOW_READERS, TRAINING_STAFF, WORKFORCE_MANAGERS
from puente.workforce.models import Accreditation, Attendance, Cohort, Enrollment, TrainingSession


def visible_cohorts(user: User, roles=FLOW_READERS) -> QuerySet[Cohort]:
    return (
        Cohort.objects.filter(site_id__in=site_ids_for(user, roles))
        .select_related("site")
        .annotate(
            session_count=Count("sessions", distinct=True),
            trainee_count=Count("enrollments", distinct=True),
        )
    )


def get_cohort(user: User, pk: int, roles=FLOW_READERS) -> Cohort:
    cohort = (
        Cohort.objects.filter(pk=pk, site_id__in=site_ids_for(user, roles)).select_related("site").first()
    )
    if cohort is None:
        raise Http404
    return cohort


def is_training_staff(user: User, site_id: int) -> bool:
    return site_id in site_ids_for(user, TRAINING_STAFF)


def sessions_of(cohort: Cohort) -> list[TrainingSession]:
    curriculum = curricula.get(cohort.curriculum_key)
    sessions = list(cohort.sessions.prefetch_related("trainers"))
    for session in sessions:
        module = curriculum.module(session.module_key)
        session.module_title = module.title(cohort.language) if module else session.module_key
    return sessions


@dataclass
class TraineeRow:
    enrollment: Enrollment
    progress: rules.Progress
    accreditation: Accreditation | None


def trainee_rows(cohort: Cohort) -> list[TraineeRow]:
    """Every trainee with their progress toward accreditation (four queries, whatever the size)."""
    sessions = list(cohort.sessions.values_list("pk", "hours"))
    statuses: dict[int, dict[int, str]] = {}
    for enrollment_id, session_id, status in Attendance.objects.filter(session__cohort=cohort).values_list(
        "enrollment_id", "session_id", "status"
    ):
        statuses.setdefault(enrollment_id, {})[session_id] = status
    enrollments = cohort.enrollments.select_related("candidate__user").prefetch_related(
        Prefetch(
            "accreditations", queryset=Accreditation.objects.filter(revoked_on__isnull=True), to_attr="valid"
        )
    )
    rows = []
    for enrollment in enrollments:
        own = statuses.get(enrollment.pk, {})
        progress = rules.progress(
            cohort.rule,
            [(hours, own.get(pk)) for pk, hours in sessions],
            practice_done=enrollment.practice_completed_on is not None,
        )
        rows.append(TraineeRow(enrollment, progress, enrollment.valid[0] if enrollment.valid else None))
    return rows


def get_enrollment(user: User, pk: int) -> Enrollment:
    """A trainee's record: for the training staff of the site, and for the trainee themself."""
    condition = Q(cohort__site_id__in=site_ids_for(user, TRAINING_STAFF)) | Q(candidate__user=user)
    enrollment = (
        Enrollment.objects.filter(condition, pk=pk).select_related("cohort__site", "candidate__user").first()
    )
    if enrollment is None:
        raise Http404
    return enrollment


def trainee_detail(enrollment: Enrollment) -> tuple[rules.Progress, list[tuple[TrainingSession, str | None]]]:
    sessions = list(enrollment.cohort.sessions.all())
    statuses = dict(Attendance.objects.filter(enrollment=enrollment).values_list("session_id", "status"))
    curriculum = curricula.get(enrollment.cohort.curriculum_key)
    for session in sessions:
        module = curriculum.module(session.module_key)
        session.module_title = module.title(enrollment.cohort.language) if module else session.module_key
    progress = rules.progress(
        enrollment.cohort.rule,
        [(s.hours, statuses.get(s.pk)) for s in sessions],
        practice_done=enrollment.practice_completed_on is not None,
    )
    return progress, [(s, statuses.get(s.pk)) for s in sessions]


def accreditations_of(enrollment: Enrollment) -> QuerySet[Accreditation]:
    return enrollment.accreditations.select_related("issued_by", "revoked_by")


def own_enrollments(user: User) -> QuerySet[Enrollment]:
    return Enrollment.objects.filter(candidate__user=user).select_related("cohort__site", "candidate")


def get_session(user: User, pk: int) -> TrainingSession:
    session = (
        TrainingSession.objects.filter(pk=pk, cohort__site_id__in=site_ids_for(user, TRAINING_STAFF))
        .select_related("cohort__site")
        .first()
    )
    if session is None:
        raise Http404
    return session


def attendance_sheet(session: TrainingSession) -> list[tuple[Enrollment, str | None]]:
    """The trainees still in the cohort, each with the status recorded for this session."""
    statuses = dict(session.attendance.values_list("enrollment_id", "status"))
    enrollments = session.cohort.enrollments.filter(withdrawn_on__isnull=True).select_related(
        "candidate__user"
    )
    return [(enrollment, statuses.get(enrollment.pk)) for enrollment in enrollments]


def get_accreditation(user: User, pk: int) -> Accreditation:
    condition = Q(enrollment__cohort__site_id__in=site_ids_for(user, TRAINING_STAFF)) | Q(
        enrollment__candidate__user=user
    )
    accreditation = (
        Accreditation.objects.filter(condition, pk=pk)
        .select_related("enrollment__cohort__site", "enrollment__candidate__user", "issued_by")
        .first()
    )
    if accreditation is None:
        raise Http404
    return accreditation


def can_print_certificate(user: User, accreditation: Accreditation) -> bool:
    """The certificate carries the trainee's name: the trainee themself, or the site's managers."""
    enrollment = accreditation.enrollment
    return enrollment.candidate.user_id == user.pk or enrollment.cohort.site_id in site_ids_for(
        user, WORKFORCE_MANAGERS
    )
