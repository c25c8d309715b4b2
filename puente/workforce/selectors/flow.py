"""The participant flow of a cohort, step by step, with who left where and why."""

from __future__ import annotations

from collections import Counter

from django.utils.translation import gettext as _

from puente.workforce.models import (
    Candidate,
    Cohort,
    Placement,
    PlacementOutcome,
    Stage,
    StageChange,
)
from puente.workforce.models.recruitment import STAGE_ORDER
from puente.workforce.selectors.training import TraineeRow, trainee_rows
from puente.workforce.svg import FlowExit, FlowStep, flow_svg


def _exits(reasons: list[str]) -> tuple[FlowExit, ...]:
    return tuple(
        FlowExit(reason, count)
        for reason, count in sorted(Counter(reasons).items(), key=lambda i: (-i[1], i[0]))
    )


def cohort_flow(cohort: Cohort, rows: list[TraineeRow] | None = None) -> list[FlowStep]:
    rows = rows if rows is not None else trainee_rows(cohort)
    recruited = [r for r in rows]
    trained = [r for r in recruited if r.enrollment.withdrawn_on is None]
    left_training = [
        r.enrollment.withdrawal_reason for r in recruited if r.enrollment.withdrawn_on is not None
    ]
    accredited = [r for r in trained if r.accreditation is not None]
    not_accredited = [
        _("Did not meet the accreditation rule") if not r.progress.met else _("Accreditation not yet issued")
        for r in trained
        if r.accreditation is None
    ]
    placements: dict[int, list[Placement]] = {}
    for placement in Placement.objects.filter(accreditation__in=[r.accreditation for r in accredited]):
        placements.setdefault(placement.accreditation_id, []).append(placement)
    placed = [r for r in accredited if placements.get(r.accreditation.pk)]
    left_reasons = dict(
        StageChange.objects.filter(
            candidate__in=[r.enrollment.candidate_id for r in accredited], to_stage=Stage.LEFT
        ).values_list("candidate_id", "reason")
    )
    not_placed = [
        left_reasons.get(r.enrollment.candidate_id) or _("Not placed yet")
        for r in accredited
        if not placements.get(r.accreditation.pk)
    ]
    completed, not_completed = [], []
    for row in placed:
        own = placements[row.accreditation.pk]
        if any(p.outcome == PlacementOutcome.COMPLETED for p in own):
            completed.append(row)
        elif any(p.outcome == PlacementOutcome.ONGOING for p in own):
            not_completed.append(_("Placement still running"))
        else:
            not_completed.append(next(p.outcome_reason for p in own if p.outcome == PlacementOutcome.LEFT))
    return [
        FlowStep(
            _("Recruited into the cohort"), len(recruited), _("Left during training"), _exits(left_training)
        ),
        FlowStep(_("Completed the training"), len(trained), _("Not accredited"), _exits(not_accredited)),
        FlowStep(_("Accredited"), len(accredited), _("Not placed"), _exits(not_placed)),
        FlowStep(
            _("Placed in a team or service"),
            len(placed),
            _("Did not complete the placement"),
            _exits(not_completed),
        ),
        FlowStep(_("Completed the placement"), len(completed)),
    ]


def cohort_flow_svg(cohort: Cohort, rows: list[TraineeRow] | None = None) -> tuple[list[FlowStep], str]:
    steps = cohort_flow(cohort, rows)
    title = _("Participant flow of %(cohort)s") % {"cohort": cohort.name}
    return steps, flow_svg(steps, title=title)


def recruitment_flow(site_id: int) -> list[FlowStep]:
    """How the site's candidates came to be selected for training: every candidate who applied, who
    reached the interview, who was selected, with the reasons of those who left before (two queries)."""
    order = {stage: index for index, stage in enumerate(STAGE_ORDER)}
    furthest: dict[int, int] = {}
    for candidate_id, stage in Candidate.objects.filter(site_id=site_id).values_list("pk", "stage"):
        furthest[candidate_id] = order.get(stage, 0)
    left_from: dict[str, list[str]] = {Stage.APPLIED: [], Stage.INTERVIEWED: []}
    changes = StageChange.objects.filter(candidate__site_id=site_id).values_list(
        "candidate_id", "from_stage", "to_stage", "reason"
    )
    for candidate_id, from_stage, to_stage, reason in changes:
        if to_stage in order:
            furthest[candidate_id] = max(furthest.get(candidate_id, 0), order[to_stage])
        elif to_stage == Stage.LEFT and from_stage in left_from:
            left_from[from_stage].append(reason or _("No reason recorded"))
    reached = list(furthest.values())
    return [
        FlowStep(
            _("Applied"), len(reached), _("Left before the interview"), _exits(left_from[Stage.APPLIED])
        ),
        FlowStep(
            _("Interviewed"),
            sum(1 for i in reached if i >= order[Stage.INTERVIEWED]),
            _("Not selected"),
            _exits(left_from[Stage.INTERVIEWED]),
        ),
        FlowStep(_("Selected for training"), sum(1 for i in reached if i >= order[Stage.SELECTED])),
    ]
