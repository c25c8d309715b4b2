"""Wellbeing check-ins as a strain score and the rules that alert a supervisor (no Django).

Each check-in item is 1 to 5. Stress and workload are worse when high; sleep and support are
worse when low. Strain is their mean distance from the best answer, scaled to 0-100.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from decimal import Decimal

HIGH_STRAIN = Decimal(75)  # one check-in this high is worth a conversation
RISE = Decimal(20)  # ...or a steady rise of this much over the last three
WINDOW = 3
MISSED_AFTER_DAYS = 14  # check-ins are weekly; two weeks without one is noticed


def strain(*, stress: int, workload: int, sleep: int, support: int) -> Decimal:
    for value in (stress, workload, sleep, support):
        if not 1 <= value <= 5:
            raise ValueError("check-in answers go from 1 to 5")
    distance = (stress - 1) + (workload - 1) + (5 - sleep) + (5 - support)
    return (Decimal(distance) * 100 / 16).quantize(Decimal("0.1"))


def is_worsening(strains_oldest_first: Sequence[Decimal]) -> bool:
    if not strains_oldest_first:
        return False
    if strains_oldest_first[-1] >= HIGH_STRAIN:
        return True
    recent = list(strains_oldest_first[-WINDOW:])
    if len(recent) < WINDOW:
        return False
    rising = all(later > earlier for earlier, later in itertools.pairwise(recent))
    return rising and recent[-1] - recent[0] >= RISE


def is_missed(last_check_in: dt.date | None, since: dt.date, today: dt.date) -> bool:
    """No check-in for two weeks (counted from the last one, or from when supervision began)."""
    reference = last_check_in or since
    return (today - reference).days >= MISSED_AFTER_DAYS
