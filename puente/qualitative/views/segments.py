"""Retrieval of coded segments, filtered by code, speaker and document; works without JavaScript."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from puente.accounts.access import roles
from puente.qualitative.access import QDA_ROLES
from puente.qualitative.selectors import projects as selectors
from puente.qualitative.selectors.segments import SEGMENT_LIMIT, coded_segments, speakers_of_project

from .common import base_context, project_for


def _chosen_id(value: str, allowed: set[int]) -> int | None:
    return int(value) if value.isdigit() and int(value) in allowed else None


@roles(QDA_ROLES)
def segments(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(request, pk)
    tree = selectors.code_tree(project)
    speakers = speakers_of_project(project)
    problems = []
    raw_code, speaker = request.GET.get("code", ""), request.GET.get("speaker", "").strip()
    code_id = _chosen_id(raw_code, {code.pk for code, _depth in tree})
    if raw_code and code_id is None:
        problems.append(_("That code is not in this project's codebook; showing every code."))
    if speaker and speaker not in speakers:
        problems.append(
            _("Nobody called %(speaker)s speaks in this project's documents; showing every speaker.")
            % {"speaker": speaker}
        )
        speaker = ""
    result = coded_segments(
        project,
        selectors.membership(project),
        is_lead=selectors.is_lead(project),
        code_id=code_id,
        speaker=speaker,
    )
    return render(
        request,
        "qualitative/segments.html",
        base_context(
            project,
            tree=tree,
            speakers=speakers,
            code_id=code_id,
            speaker=speaker,
            result=result,
            limit=SEGMENT_LIMIT,
            problems=problems,
        ),
    )
