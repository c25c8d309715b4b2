"""The peer workforce: recruitment, training, accreditation, placement, supervision and wellbeing."""

from __future__ import annotations

from puente.workforce.models.placement import HoursEntry, Placement, PlacementOutcome, ServiceKind
from puente.workforce.models.recruitment import (
    Candidate,
    CandidateIdentity,
    CandidateSource,
    InterviewScore,
    SelectionCriterion,
    Stage,
    StageChange,
)
from puente.workforce.models.supervision import (
    SupervisionAssignment,
    SupervisionAttendance,
    SupervisionKind,
    SupervisionSession,
    SupervisionTopic,
)
from puente.workforce.models.training import (
    Accreditation,
    Attendance,
    AttendanceStatus,
    Cohort,
    Enrollment,
    TrainingSession,
)
from puente.workforce.models.wellbeing import (
    AlertKind,
    CheckIn,
    LeaveKind,
    LeaveRecord,
    SafeguardingPlan,
    WellbeingAlert,
)

__all__ = [
    "Accreditation",
    "AlertKind",
    "Attendance",
    "AttendanceStatus",
    "Candidate",
    "CandidateIdentity",
    "CandidateSource",
    "CheckIn",
    "Cohort",
    "Enrollment",
    "HoursEntry",
    "InterviewScore",
    "LeaveKind",
    "LeaveRecord",
    "Placement",
    "PlacementOutcome",
    "SafeguardingPlan",
    "SelectionCriterion",
    "ServiceKind",
    "Stage",
    "StageChange",
    "SupervisionAssignment",
    "SupervisionAttendance",
    "SupervisionKind",
    "SupervisionSession",
    "SupervisionTopic",
    "TrainingSession",
    "WellbeingAlert",
]
