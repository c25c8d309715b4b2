"""The accreditation rule, as a pure function of a trainee's attendance (no Django).

Attendance is counted over every session of the cohort, by session or by hours as the curriculum
says; a session with no record counts as not attended. Comparisons are made in whole numbers, so
exactly 80 % is 80 %.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

PRESENT, ABSENT, EXCUSED = "present", "absent", "excused"


@dataclass(frozen=True)
class Progress:
    attended: Decimal  # sessions or hours attended (excused included when the rule allows)
    total: Decimal  # all sessions or hours of the cohort
    required_percent: int
    practice_required: bool
    practice_done: bool
    basis: str

    @property
    def percent(self) -> Decimal:
        if not self.total:
            return Decimal(0)
        return (self.attended * 100 / self.total).quantize(Decimal("0.1"))

    @property
    def attendance_met(self) -> bool:
        return self.total > 0 and self.attended * 100 >= self.total * self.required_percent

    @property
    def practice_met(self) -> bool:
        return self.practice_done or not self.practice_required

    @property
    def met(self) -> bool:
        return self.attendance_met and self.practice_met

    @property
    def still_needed(self) -> Decimal:
        """How many more sessions (or hours) must be attended to reach the threshold."""
        needed = self.total * self.required_percent / 100 - self.attended
        return max(Decimal(0), needed.quantize(Decimal("0.1")))


def progress(
    rule: dict,
    sessions: Iterable[tuple[Decimal, str | None]],
    *,
    practice_done: bool,
) -> Progress:
    """``sessions``: (hours, status or None) for every session of the cohort."""
    by_hours = rule.get("basis") == "hours"
    counted = {PRESENT, EXCUSED} if rule.get("excused_counts_as_attended") else {PRESENT}
    attended = total = Decimal(0)
    for hours, status in sessions:
        weight = Decimal(str(hours)) if by_hours else Decimal(1)
        total += weight
        if status in counted:
            attended += weight
    return Progress(
        attended=attended,
        total=total,
        required_percent=int(rule.get("min_attendance_percent", 100)),
        practice_required=bool(rule.get("practice_required", False)),
        practice_done=practice_done,
        basis="hours" if by_hours else "sessions",
    )
