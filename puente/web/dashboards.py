"""What each role's home page shows. Reads only, through scoped selectors; a fixed number of
queries per page whatever the size of the programme."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from puente.accounts.models import Membership, Site, User
from puente.accounts.roles import FIELD_WORKERS, Role
from puente.accounts.selectors import sites_for
from puente.audit.models import AuditEvent
from puente.people import selectors as people
from puente.people.models import CaseAssignment, Gender, WorkerRole
from puente.programs.course import Course
from puente.programs.selectors import overview as programme_overview
from puente.web.languages import language
from puente.web.links import link_maker

# Above this many active participants a full-time worker's caseload is flagged.
CASELOAD_WARNING = 20
# The links on each card of a worker's caseload (reversed once per page, see puente.web.links).
ENROLMENT_LINKS = ("enrolment_detail", "contact_add", "crisis_plan")
WORKER_LINKS = ("participant_detail", *ENROLMENT_LINKS)


def build(user: User, role: str | None) -> dict[str, Any]:
    builder = {
        Role.ADMINISTRATOR: administrator,
        Role.COORDINATOR: coordinator,
        Role.RESEARCHER: researcher,
        Role.TRAINER: trainer,
        Role.PSW: worker,
        Role.CMHW: worker,
        Role.DATA_ENTRY: data_entry,
    }.get(role)
    context: dict[str, Any] = {"role": role}
    if builder is not None:
        context.update(builder(user))
    return context


def worker(user: User) -> dict[str, Any]:
    """My caseload today: overdue contacts first, then by the date the next contact is due."""
    rows = programme_overview.caseload_today(user, language())
    links = {name: link_maker(name) for name in WORKER_LINKS}
    # The cards' texts are put together here, with each choice translated once per page: the template
    # engine's per-tag cost was most of the page for a worker with a full caseload.
    genders = {value: str(label) for value, label in Gender.choices}
    languages = {value: str(label) for value, label in settings.LANGUAGES}
    roles = {value: str(label) for value, label in WorkerRole.choices}
    for row in rows:
        p = row.participant
        row.colleagues = [a for a in p.open_assignments if a.worker_id != user.pk]
        row.with_text = ", ".join(f"{a.worker} ({roles.get(a.role, a.role)})" for a in row.colleagues)
        row.profile = " · ".join(
            [genders.get(p.gender, p.gender), p.age_band, languages.get(p.language, p.language), p.site.name]
        )
        row.contact_text, row.due_text = _course_texts(row.course)
        row.links = {"participant_detail": links["participant_detail"](p.pk)}
        if row.enrolment:
            row.links.update({name: links[name](row.enrolment.pk) for name in ENROLMENT_LINKS})
    return {
        "caseload": rows,
        "overdue_count": sum(1 for row in rows if row.course and row.course.overdue),
        "caseload_warning": len(rows) > CASELOAD_WARNING,
    }


def _course_texts(course: Course | None) -> tuple[str, str]:
    """When the participant was last seen, and when the next contact is due (empty without a course)."""
    if course is None:
        return "", ""
    if course.last_contact:
        n = course.days_since_contact
        seen = ngettext("Last contact %(n)s day ago", "Last contact %(n)s days ago", n) % {"n": n}
    else:
        seen = gettext("No contact yet")
    due = ""
    if course.overdue:
        n = course.overdue_days
        due = ngettext("%(n)s day overdue", "%(n)s days overdue", n) % {"n": n}
    elif course.due_on:
        due = gettext("next by %(date)s") % {"date": date_format(course.due_on, "SHORT_DATE_FORMAT")}
    return seen, due


def _site_rows(user: User, role: str) -> list[Site]:
    """The user's sites for a role, each with its participant counts (two queries in all)."""
    sites = list(sites_for(user, [role]))
    open_case = CaseAssignment.objects.filter(participant=OuterRef("pk"), ended_on__isnull=True)
    counts = {
        row["site_id"]: row
        for row in people.visible_participants(user)
        .filter(site__in=sites)
        .annotate(has_worker=Exists(open_case))
        .order_by()
        .values("site_id")
        .annotate(
            active=Count("pk"),
            unassigned=Count("pk", filter=Q(has_worker=False)),
            consented=Count("pk", filter=Q(research_consent=True)),
        )
    }
    for site in sites:
        row = counts.get(site.pk, {})
        site.active_count = row.get("active", 0)
        site.unassigned_count = row.get("unassigned", 0)
        site.consented_count = row.get("consented", 0)
    return sites


def coordinator(user: User) -> dict[str, Any]:
    sites = _site_rows(user, Role.COORDINATOR)
    workers = list(
        User.objects.filter(memberships__site__in=sites, memberships__role__in=FIELD_WORKERS)
        .annotate(
            open_cases=Count(
                "assignments",
                filter=Q(
                    assignments__ended_on__isnull=True, assignments__participant__retired_at__isnull=True
                ),
                distinct=True,
            )
        )
        .order_by("last_name", "first_name")
        .distinct()
    )
    roles = {}
    for user_id, role in Membership.objects.filter(site__in=sites, role__in=FIELD_WORKERS).values_list(
        "user_id", "role"
    ):
        roles.setdefault(user_id, set()).add(role)
    for person in workers:
        person.field_roles = sorted(roles.get(person.pk, ()))
        person.over_limit = person.open_cases > CASELOAD_WARNING
    overview = programme_overview.site_overview(user, {site.pk for site in sites}, language())
    return {"sites": sites, "workers": workers, "caseload_limit": CASELOAD_WARNING, "overview": overview}


def researcher(user: User) -> dict[str, Any]:
    return {"sites": _site_rows(user, Role.RESEARCHER)}


def data_entry(user: User) -> dict[str, Any]:
    return {"sites": _site_rows(user, Role.DATA_ENTRY)}


def trainer(user: User) -> dict[str, Any]:
    """The trainer's cohorts with their next session, and the PSWs of their sites (three queries)."""
    import datetime as dt

    from django.db.models import Min

    from puente.workforce.selectors.training import visible_cohorts

    sites = list(sites_for(user, [Role.TRAINER]))
    today = dt.date.today()
    cohorts = list(
        visible_cohorts(user, [Role.TRAINER]).annotate(
            next_session=Min("sessions__held_on", filter=Q(sessions__held_on__gte=today))
        )
    )
    peers = list(
        User.objects.filter(memberships__site__in=sites, memberships__role=Role.PSW)
        .distinct()
        .order_by("last_name", "first_name")
    )
    return {"sites": sites, "peer_workers": peers, "cohorts": cohorts, "today": today}


def administrator(user: User) -> dict[str, Any]:
    sites = list(
        sites_for(user, [Role.ADMINISTRATOR]).annotate(
            member_count=Count("memberships__user", distinct=True),
            participant_count=Count("participants", distinct=True),
        )
    )
    recent = list(
        AuditEvent.objects.filter(Q(site_id__in=[s.pk for s in sites]) | Q(site_id__isnull=True))[:10]
    )
    return {
        "sites": sites,
        "recent_events": recent,
        "open_assignments": CaseAssignment.objects.filter(
            ended_on__isnull=True, participant__site__in=sites
        ).count(),
    }
