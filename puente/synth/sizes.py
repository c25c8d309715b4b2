"""How big each synthetic data set is (DESIGN.md section 7)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    """The sizes of one data set. Totals are targets the generator reaches to within rounding."""

    name: str
    sites: int
    teams_per_site: int  # each team is one PSW and one CMHW
    participants_per_site: int
    contacts: int
    # Service users answer five instruments at three time points; staff answer their own.
    qda_projects: int
    transcripts: int
    transcript_chars: int  # the whole corpus, about
    codings: int
    # The first project is the widest: a content analysis with the full codebook (see synth.qualitative).
    widest_project_transcripts: int
    months_of_history: int = 24

    @property
    def workers(self) -> int:
        return self.sites * self.teams_per_site * 2

    @property
    def participants(self) -> int:
        return self.sites * self.participants_per_site


SCALES: dict[str, Scale] = {
    "demo": Scale(
        name="demo",
        sites=2,
        teams_per_site=2,
        participants_per_site=15,
        contacts=1_500,
        qda_projects=1,
        transcripts=10,
        transcript_chars=50_000,
        codings=500,
        widest_project_transcripts=10,
    ),
    "regional": Scale(
        name="regional",
        sites=40,
        teams_per_site=10,
        participants_per_site=500,
        contacts=1_000_000,
        qda_projects=10,
        transcripts=2_000,
        transcript_chars=10_000_000,
        codings=100_000,
        widest_project_transcripts=500,
    ),
}


def scale_named(name: str) -> Scale:
    try:
        return SCALES[name]
    except KeyError:
        raise ValueError(f"unknown scale {name!r}; choose one of: {', '.join(SCALES)}") from None
