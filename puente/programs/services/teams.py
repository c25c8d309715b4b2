"""Teams and their caseloads. A participant assigned to a team is in the caseload of each of its
workers through ``people.CaseAssignment``, so every page scoped to a worker's caseload follows."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from puente.accounts.models import Site, User
from puente.audit import services as audit
from puente.people import services as people
from puente.people.models import CaseAssignment
from puente.programs import definitions
from puente.programs.models import Enrolment, Team, TeamAssignment, TeamMember
from puente.programs.services.common import check_active, check_not_future, check_within_enrolment

DEFAULT_CASELOAD_LIMIT = 20


@dataclass(frozen=True)
class MemberSpec:
    worker: User
    role: str
    fte: Decimal = Decimal("1.00")
    gender: str = ""
    age_band: str = ""


def open_cases(worker_ids: Iterable[int]) -> dict[int, int]:
    """Active participants per worker (one query)."""
    rows = (
        CaseAssignment.objects.filter(
            worker_id__in=list(worker_ids), ended_on__isnull=True, participant__retired_at__isnull=True
        )
        .values("worker_id")
        .annotate(n=Count("participant", distinct=True))
    )
    return {row["worker_id"]: row["n"] for row in rows}


def worker_limit(fte: Decimal, caseload_limit: int = DEFAULT_CASELOAD_LIMIT) -> int:
    return math.floor(caseload_limit * float(fte))


def free_places(members: list[TeamMember], loads: dict[int, int], caseload_limit: int) -> int:
    if not members:
        return 0
    return min(worker_limit(m.fte, caseload_limit) - loads.get(m.worker_id, 0) for m in members)


def do_create_team(
    *, actor: User, site: Site, name: str, members: list[MemberSpec], languages: list[str], notes: str = ""
) -> Team:
    name = name.strip()
    if not name:
        raise ValidationError(_("Give the team a name."), code="name")
    if not members:
        raise ValidationError(_("A team needs at least one worker."), code="members")
    if len({m.worker.pk for m in members}) != len(members):
        raise ValidationError(_("A worker can be in the team only once."), code="members")
    for member in members:
        if not member.worker.memberships.filter(site=site, role=member.role).exists():
            raise ValidationError(
                _("%(worker)s does not work in that role at this site.") % {"worker": member.worker},
                code="role",
            )
        if not Decimal("0.1") <= member.fte <= Decimal("1"):
            raise ValidationError(_("The full-time equivalent must be between 0.1 and 1."), code="fte")
    with transaction.atomic():
        if Team.objects.filter(site=site, name__iexact=name).exists():
            raise ValidationError(_("A team with this name already exists at the site."), code="duplicate")
        team = Team.objects.create(
            site=site, name=name, languages=sorted(set(languages)), notes=notes.strip()
        )
        for member in members:
            TeamMember.objects.create(
                team=team,
                worker=member.worker,
                role=member.role,
                fte=member.fte,
                gender=member.gender,
                age_band=member.age_band,
            )
        audit.record(
            actor=actor,
            action="team.create",
            obj=team,
            site_id=site.pk,
            after={
                "name": name,
                "languages": team.languages,
                "members": [[m.worker.pk, m.role, m.fte] for m in members],
            },
        )
    return team


def end_team_cases(*, actor: User, enrolment: Enrolment, on: dt.date) -> None:
    """Close the team's assignment and the case assignments its workers hold for the participant."""
    assignment = TeamAssignment.objects.filter(enrolment=enrolment, ended_on__isnull=True).first()
    if assignment is None:
        return
    TeamAssignment.objects.filter(pk=assignment.pk).update(ended_on=on)
    worker_ids = assignment.team.members.values_list("worker_id", flat=True)
    for case in CaseAssignment.objects.filter(
        participant_id=enrolment.participant_id, worker_id__in=list(worker_ids), ended_on__isnull=True
    ).select_related("participant"):
        people.do_end_assignment(actor=actor, assignment=case, ended_on=max(on, case.started_on))


def do_assign_team(*, actor: User, enrolment: Enrolment, team: Team, on: dt.date) -> TeamAssignment:
    check_active(enrolment)
    check_not_future(on, _("The assignment date"))
    check_within_enrolment(enrolment, on, _("The assignment date"))
    if team.site_id != enrolment.site_id or team.retired_at is not None:
        raise ValidationError(_("Choose a team of the participant's site."), code="site")
    if not definitions.arm_delivers_intervention(enrolment.programme.definition, enrolment.arm):
        raise ValidationError(
            _("This participant was allocated to %(arm)s and is not supported by a team.")
            % {"arm": enrolment.arm},
            code="arm",
        )
    if enrolment.team_id == team.pk:
        raise ValidationError(_("This team already supports the participant."), code="same")
    limit = enrolment.programme.definition.get("caseload_limit", DEFAULT_CASELOAD_LIMIT)
    with transaction.atomic():
        members = list(team.members.select_related("worker"))
        already = set(
            CaseAssignment.objects.filter(
                participant_id=enrolment.participant_id, ended_on__isnull=True
            ).values_list("worker_id", flat=True)
        )
        loads = open_cases(m.worker_id for m in members)
        full = [
            m
            for m in members
            if m.worker_id not in already and loads.get(m.worker_id, 0) >= worker_limit(m.fte, limit)
        ]
        if full:
            raise ValidationError(
                _("%(team)s is at full capacity: %(workers)s already support the most participants allowed.")
                % {"team": team.name, "workers": ", ".join(str(m.worker) for m in full)},
                code="full",
            )
        previous = enrolment.team
        if previous is not None:
            keep = {m.worker_id for m in members}
            old = TeamAssignment.objects.filter(enrolment=enrolment, ended_on__isnull=True)
            old.update(ended_on=on)
            for case in (
                CaseAssignment.objects.filter(
                    participant_id=enrolment.participant_id,
                    worker_id__in=list(previous.members.values_list("worker_id", flat=True)),
                    ended_on__isnull=True,
                )
                .exclude(worker_id__in=keep)
                .select_related("participant")
            ):
                people.do_end_assignment(actor=actor, assignment=case, ended_on=max(on, case.started_on))
        for member in members:
            if member.worker_id not in already:
                people.do_assign_worker(
                    actor=actor,
                    participant=enrolment.participant,
                    worker=member.worker,
                    role=member.role,
                    started_on=on,
                )
        assignment = TeamAssignment.objects.create(
            enrolment=enrolment, team=team, started_on=on, assigned_by=actor
        )
        Enrolment.objects.filter(pk=enrolment.pk).update(team=team, version=enrolment.version + 1)
        enrolment.team, enrolment.version = team, enrolment.version + 1
        audit.record(
            actor=actor,
            action="enrolment.assign_team",
            obj=enrolment,
            site_id=enrolment.site_id,
            before={"team": previous.pk if previous else None},
            after={"team": team.pk, "on": on},
        )
    return assignment
