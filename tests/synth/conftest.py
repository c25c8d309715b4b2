from __future__ import annotations

import datetime as dt

import pytest

from puente.synth import Scale

# A fixed "today" so that every run of the tests builds the same data.
REFERENCE_DATE = dt.date(2026, 6, 30)

# A larger data set only the tests use: five times the participants of the demo scale, and bigger
# projects, built in a few seconds.
LARGER = Scale(
    name="test-larger",
    sites=2,
    teams_per_site=4,
    participants_per_site=75,
    contacts=7_500,
    qda_projects=1,
    transcripts=40,
    transcript_chars=200_000,
    codings=2_000,
    widest_project_transcripts=40,
)


@pytest.fixture
def reference_date() -> dt.date:
    return REFERENCE_DATE
