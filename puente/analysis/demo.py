"""Demo evaluations: the Catalan peer-to-peer cohort and the CTI-TS trial, saved for the researcher."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from puente.analysis.selectors import full_options
from puente.analysis.services import do_save_evaluation
from puente.programs.models import Programme, ProgrammeKind


def load(demo: Any) -> None:
    for kind in (ProgrammeKind.PEER_PLACEMENT, ProgrammeKind.CTI_TS):
        programme = (
            Programme.objects.filter(kind=kind, instrument_schedule__isnull=False).order_by("pk").first()
        )
        if programme is None:
            continue
        options = full_options(programme)
        if len(options.time_points) < 2:
            continue
        do_save_evaluation(
            actor=demo.researcher,
            programme=programme,
            title=_("Evaluation of %(programme)s") % {"programme": programme.name},
            options=options,
        )
