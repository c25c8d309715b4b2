"""Assessment schedules, the respondents of a programme, and the administrations planned from them."""

from __future__ import annotations

import calendar
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from puente.accounts.models import Site, User
from puente.audit import services as audit
from puente.instruments.models import (
    Administration,
    Anchor,
    Instrument,
    Respondent,
    RespondentGroup,
    ScheduleEntry,
)
from puente.people.consent import ConsentRequired
from puente.people.services import check_research_consent
from puente.programs.models import Enrolment, Programme

MAX_MONTHS = 120
MAX_WINDOW_DAYS = 365


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the last day of the month when it does not exist)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def check_can_collect(respondent: Respondent) -> None:
    """Refuse research questionnaires for anyone without research consent."""
    if respondent.participant_id is not None:
        try:
            check_research_consent(respondent.participant)
        except ConsentRequired as exc:
            raise ValidationError(str(exc), code="consent") from exc
    elif not respondent.research_consent:
        raise ValidationError(
            _(
                "%(code)s has not agreed to answer research questionnaires; record their consent on "
                "their respondent record first."
            )
            % {"code": respondent.code},
            code="consent",
        )


def do_add_schedule_entry(
    *,
    actor: User,
    programme: Programme,
    instrument: Instrument,
    group: str,
    time_point: str,
    months_after: int,
    anchor: str = Anchor.ENROLMENT,
    window_before_days: int = 14,
    window_after_days: int = 30,
) -> ScheduleEntry:
    time_point = time_point.strip().upper()
    if not time_point:
        raise ValidationError(_("Name the time point, for example T1."), code="time_point")
    if instrument.retired_at is not None:
        raise ValidationError(_("This instrument is retired."), code="retired")
    if group not in RespondentGroup.values or anchor not in Anchor.values:
        raise ValidationError(_("Choose a respondent group and an anchor date from the list."), code="choice")
    if not 0 <= months_after <= MAX_MONTHS:
        raise ValidationError(
            _("Months after the anchor must be between 0 and %(max)s.") % {"max": MAX_MONTHS}
        )
    if not (0 <= window_before_days <= MAX_WINDOW_DAYS and 0 <= window_after_days <= MAX_WINDOW_DAYS):
        raise ValidationError(_("A window is at most %(max)s days.") % {"max": MAX_WINDOW_DAYS})
    with transaction.atomic():
        if ScheduleEntry.objects.filter(
            programme=programme,
            instrument=instrument,
            group=group,
            time_point=time_point,
            retired_at__isnull=True,
        ).exists():
            raise ValidationError(
                _("%(instrument)s is already scheduled for this group at %(time_point)s.")
                % {"instrument": instrument.abbreviation, "time_point": time_point},
                code="duplicate",
            )
        entry = ScheduleEntry.objects.create(
            programme=programme,
            instrument=instrument,
            group=group,
            time_point=time_point,
            months_after=months_after,
            anchor=anchor,
            window_before_days=window_before_days,
            window_after_days=window_after_days,
            created_by=actor,
        )
        audit.record(
            actor=actor,
            action="schedule_entry.create",
            obj=entry,
            after=audit.snapshot(entry, ScheduleEntry.AUDITED_FIELDS),
        )
        for respondent in Respondent.objects.filter(
            programme=programme, group=group, retired_at__isnull=True
        ):
            _plan(actor, respondent, [entry])
    return entry


def _consented(respondent: Respondent) -> bool:
    try:
        check_can_collect(respondent)
    except ValidationError:
        return False
    return True


def _plan(actor: User | None, respondent: Respondent, entries: list[ScheduleEntry]) -> int:
    """Create the missing planned administrations of ``respondent`` for ``entries``."""
    if not _consented(respondent):
        return 0
    done = set(
        Administration.objects.filter(respondent=respondent, schedule_entry__in=entries).values_list(
            "schedule_entry_id", flat=True
        )
    )
    instruments = {i.pk: i for i in Instrument.objects.filter(pk__in={e.instrument_id for e in entries})}
    created = []
    for entry in entries:
        if entry.pk in done or entry.group != respondent.group or entry.retired_at is not None:
            continue
        anchor = respondent.start_date if entry.anchor == Anchor.START and respondent.start_date else None
        due = add_months(anchor or respondent.enrolled_on, entry.months_after)
        created.append(
            Administration(
                respondent=respondent,
                schedule_entry=entry,
                instrument_id=entry.instrument_id,
                revision_id=instruments[entry.instrument_id].current_id,
                site_id=respondent.site_id,
                worker_id=respondent.worker_id,
                time_point=entry.time_point,
                months_after=entry.months_after,
                due_on=due,
                window_opens_on=due - dt.timedelta(days=entry.window_before_days),
                window_closes_on=due + dt.timedelta(days=entry.window_after_days),
            )
        )
    Administration.objects.bulk_create(created)
    if created:
        audit.record(
            actor=actor,
            action="administration.plan",
            obj=respondent,
            site_id=respondent.site_id,
            after={"planned": [f"{a.instrument_id}:{a.time_point}" for a in created]},
        )
    return len(created)


def do_plan_respondent(*, actor: User | None, respondent: Respondent) -> int:
    with transaction.atomic():
        entries = list(
            ScheduleEntry.objects.filter(
                programme_id=respondent.programme_id, group=respondent.group, retired_at__isnull=True
            )
        )
        return _plan(actor, respondent, entries)


def _worker_for(enrolment: Enrolment) -> User | None:
    assignment = (
        enrolment.participant.assignments.filter(ended_on__isnull=True)
        .select_related("worker")
        .order_by("-role", "started_on")  # "psw" sorts after "cmhw": PSWs first
        .first()
    )
    return assignment.worker if assignment else None


def do_register_service_user(
    *, actor: User, enrolment: Enrolment, worker: User | None = None, baseline_on: dt.date | None = None
) -> Respondent:
    """Make an enrolled participant a respondent of the programme's schedule (consent required).

    Time points count from the enrolment, or from ``baseline_on`` when an evaluation measures a whole
    cohort at common dates (seed 004: start of training, six and twelve months later).
    """
    participant = enrolment.participant
    with transaction.atomic():
        try:
            check_research_consent(participant)
        except ConsentRequired as exc:
            raise ValidationError(str(exc), code="consent") from exc
        if Respondent.objects.filter(programme_id=enrolment.programme_id, participant=participant).exists():
            raise ValidationError(
                _("%(code)s already answers this programme's questionnaires.")
                % {"code": participant.study_code},
                code="duplicate",
            )
        respondent = Respondent.objects.create(
            programme_id=enrolment.programme_id,
            site_id=enrolment.site_id,
            group=RespondentGroup.SERVICE_USER,
            code=participant.study_code,
            participant=participant,
            enrolment=enrolment,
            enrolled_on=baseline_on or enrolment.enrolled_on,
            start_date=baseline_on or enrolment.start_date,
            language=participant.language,
            worker=worker or _worker_for(enrolment),
            created_by=actor,
        )
        audit.record(
            actor=actor,
            action="respondent.create",
            obj=respondent,
            site_id=respondent.site_id,
            after={"code": respondent.code, "group": respondent.group, "enrolment": enrolment.pk},
        )
        do_plan_respondent(actor=actor, respondent=respondent)
    return respondent


def do_register_staff_respondent(
    *,
    actor: User,
    programme: Programme,
    site: Site,
    group: str,
    code: str,
    enrolled_on: dt.date,
    language: str,
    research_consent: bool,
    consent_recorded_on: dt.date | None = None,
    user: User | None = None,
    start_date: dt.date | None = None,
) -> Respondent:
    """A PSW, professional or family member who answers questionnaires with their own consent."""
    code = code.strip().upper()
    if group == RespondentGroup.SERVICE_USER:
        raise ValidationError(_("Service users are registered from their enrolment."), code="group")
    if not code:
        raise ValidationError(_("Give the respondent a code; names are not used."), code="code")
    if not programme.sites.filter(pk=site.pk).exists():
        raise ValidationError(_("This programme does not run at that site."), code="site")
    if research_consent and consent_recorded_on is None:
        consent_recorded_on = dt.date.today()
    with transaction.atomic():
        if Respondent.objects.filter(programme=programme, code=code).exists():
            raise ValidationError(
                _("The code %(code)s is already in use in this programme.") % {"code": code}
            )
        respondent = Respondent.objects.create(
            programme=programme,
            site=site,
            group=group,
            code=code,
            user=user,
            enrolled_on=enrolled_on,
            start_date=start_date,
            language=language,
            research_consent=research_consent,
            consent_recorded_on=consent_recorded_on if research_consent else None,
            worker=user,
            created_by=actor,
        )
        audit.record(
            actor=actor,
            action="respondent.create",
            obj=respondent,
            site_id=site.pk,
            after={"code": code, "group": group, "research_consent": research_consent},
        )
        do_plan_respondent(actor=actor, respondent=respondent)
    return respondent


def do_record_respondent_consent(
    *, actor: User, respondent: Respondent, research_consent: bool, recorded_on: dt.date
) -> Respondent:
    """Staff and family respondents' own consent (service users' consent lives in their consent record)."""
    if respondent.participant_id is not None:
        raise ValidationError(_("Record a service user's consent on their participant page."), code="group")
    if recorded_on > dt.date.today():
        raise ValidationError(_("Consent cannot be dated in the future."), code="date")
    with transaction.atomic():
        current = Respondent.objects.select_for_update().get(pk=respondent.pk)
        before = {"research_consent": current.research_consent}
        current.research_consent = research_consent
        current.consent_recorded_on = recorded_on
        current.version += 1
        current.save()
        audit.record(
            actor=actor,
            action="respondent.consent",
            obj=current,
            site_id=current.site_id,
            before=before,
            after={"research_consent": research_consent, "recorded_on": recorded_on},
        )
        if research_consent:
            do_plan_respondent(actor=actor, respondent=current)
    return current
