"""The facts the pure fidelity module judges, read in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Prefetch, Q

from puente.programs import definitions
from puente.programs import fidelity as core
from puente.programs.models import Contact, Enrolment, FocusArea, Phase, Programme, Team, TeamMember
from puente.programs.phases import PhaseSpan, add_months
from puente.programs.services.teams import open_cases, worker_limit


def fidelity_groups(programme: Programme, site_ids: set[int], today: dt.date) -> list[core.FidelityGroup]:
    definition = programme.definition
    intervention_arms = {a["key"] for a in definitions.arms(definition) if a.get("delivers_intervention")}
    enrolments = (
        Enrolment.objects.filter(programme=programme, site_id__in=site_ids, start_date__isnull=False)
        .select_related("participant")
        .prefetch_related(Prefetch("phases", queryset=Phase.objects.order_by("order")))
    )
    if programme.is_trial:
        enrolments = enrolments.filter(arm__in=intervention_arms)
    enrolments = list(enrolments)
    ids = [e.pk for e in enrolments]
    counts: dict[int, dict[str, core.PhaseContacts]] = defaultdict(dict)
    for row in (
        Contact.objects.filter(enrolment_id__in=ids, retired_at__isnull=True)
        .values("enrolment_id", "phase_key")
        .annotate(
            total=Count("pk"),
            community=Count("pk", filter=Q(in_community=True)),
            supports=Count("pk", filter=Q(with_supports=True)),
        )
        .order_by()
    ):
        counts[row["enrolment_id"]][row["phase_key"]] = core.PhaseContacts(
            row["total"], row["community"], row["supports"]
        )
    first_key = definitions.phases(definition)[0]["key"] if definitions.phases(definition) else ""
    early: dict[int, list[dt.date]] = defaultdict(list)
    for enrolment_id, day in Contact.objects.filter(
        enrolment_id__in=ids, retired_at__isnull=True, phase_key=first_key
    ).values_list("enrolment_id", "contact_on"):
        early[enrolment_id].append(day)
    areas: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (
        FocusArea.objects.filter(enrolment_id__in=ids, retired_at__isnull=True)
        .values("enrolment_id", "phase_key")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        areas[row["enrolment_id"]][row["phase_key"]] = row["n"]
    facts = []
    for e in enrolments:
        spans = tuple(PhaseSpan(p.key, p.order, p.starts_on, p.ends_on) for p in e.phases.all())
        month_end = add_months(spans[0].starts_on, 1) if spans else None
        facts.append(
            core.EnrolmentFacts(
                enrolment_id=e.pk,
                study_code=e.participant.study_code,
                site_id=e.site_id,
                team_id=e.team_id,
                spans=spans,
                planned_months=definitions.total_months(definition),
                status=e.status,
                ended_on=e.ended_on,
                exit_reason=e.exit_reason,
                areas_per_phase=areas.get(e.pk, {}),
                contacts=counts.get(e.pk, {}),
                first_month_contacts=sum(1 for day in early.get(e.pk, []) if month_end and day < month_end),
            )
        )
    teams = list(Team.objects.filter(site_id__in=site_ids, retired_at__isnull=True).select_related("site"))
    members = list(TeamMember.objects.filter(team__in=teams).select_related("worker", "team"))
    loads = open_cases(m.worker_id for m in members)
    limit = definition.get("caseload_limit", 20)
    workers: dict[int, core.WorkerLoad] = {}
    for m in members:
        known = workers.get(m.worker_id)
        workers[m.worker_id] = core.WorkerLoad(
            worker_id=m.worker_id,
            name=str(m.worker),
            site_id=m.team.site_id,
            team_ids=(known.team_ids if known else frozenset()) | {m.team_id},
            active=loads.get(m.worker_id, 0),
            limit=worker_limit(m.fte, limit),
        )
    sites = {t.site_id: t.site.name for t in teams}
    for site in programme.sites.filter(pk__in=site_ids):
        sites.setdefault(site.pk, site.name)
    return core.by_group(
        facts,
        list(workers.values()),
        today,
        sites=dict(sorted(sites.items(), key=lambda item: item[1])),
        teams={t.pk: (t.site_id, t.name) for t in teams},
    )
