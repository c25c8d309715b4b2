"""The coding workspace, its JSON endpoints, and the comparison of two coders."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from puente.accounts.access import roles
from puente.qualitative import suggestions
from puente.qualitative.access import QDA_ROLES
from puente.qualitative.layout import layout
from puente.qualitative.selectors import coding as coding_selectors
from puente.qualitative.selectors import consent
from puente.qualitative.selectors import projects as selectors
from puente.qualitative.selectors.agreement import agreement
from puente.qualitative.selectors.segments import speakers_of_span
from puente.qualitative.services import coding as services
from puente.qualitative.services import memos as memo_services

from .common import (
    Withheld,
    base_context,
    coding_project,
    lead_project,
    open_document,
    project_for,
    refuses_withheld,
)

EXCERPT = 240


def _codes_for_picker(project) -> list[dict]:
    return [
        {"id": c.pk, "name": c.name, "depth": d, "colour": c.colour, "codable": c.is_codable}
        for c, d in selectors.code_tree(project)
    ]


@roles(QDA_ROLES)
@refuses_withheld
def workspace(request: HttpRequest, pk: int, doc: int) -> HttpResponse:
    project = project_for(request, pk)
    document = open_document(project, doc)
    member = selectors.membership(project)
    codings = coding_selectors.workspace_codings(project, document, member)
    colours = {c.code_id: c.code.colour for c in codings}
    lines = layout(document.text, ((c.start, c.end, c.code_id) for c in codings))
    for line in lines:
        for unit in line.units:
            for segment in unit.segments:
                segment.colour = colours.get(segment.codes[0]) if segment.codes else None
    turns = list(coding_selectors.turns(document))
    spans = [(t.start, t.end, t.speaker) for t in turns]
    margin = [
        {
            "coding": c,
            "excerpt": document.text[c.start : c.end][:EXCERPT],
            "mine": member is not None and c.coder_id == member.pk and not c.agreed,
            "speakers": speakers_of_span(c.start, c.end, spans),
        }
        for c in codings
    ]
    speakers = sorted({t.speaker for t in turns}, key=str.casefold)
    speaker, speaker_problem = request.GET.get("speaker", "").strip(), ""
    if speaker and speaker not in speakers:
        speaker_problem = _("Nobody called %(speaker)s speaks in this document; showing every coding.") % {
            "speaker": speaker
        }
        speaker = ""
    total = len(margin)
    if speaker:
        margin = [item for item in margin if speaker in item["speakers"]]
    return render(
        request,
        "qualitative/workspace.html",
        base_context(
            project,
            document=document,
            lines=lines,
            margin=margin,
            memos=coding_selectors.document_memos(document),
            turns=turns,
            speakers=speakers,
            speaker=speaker,
            speaker_problem=speaker_problem,
            total_codings=total,
            codes=_codes_for_picker(project),
            codable=document.is_deidentified and document.text_available,
        ),
    )


def _json_body(request: HttpRequest) -> dict:
    try:
        body = json.loads(request.body.decode("utf-8") or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValidationError(_("The request was not valid JSON.")) from None
    if not isinstance(body, dict):
        raise ValidationError(_("The request was not valid JSON."))
    return body


def _int(body: dict, key: str) -> int:
    value = body.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(_("%(key)s must be a whole number.") % {"key": key})
    return value


@roles(QDA_ROLES)
@refuses_withheld
@require_POST
def api_code_selection(request: HttpRequest, pk: int, doc: int) -> JsonResponse:
    project = coding_project(request, pk)
    document = open_document(project, doc)
    try:
        body = _json_body(request)
        ids = body.get("codes")
        if not isinstance(ids, list) or not all(isinstance(i, int) for i in ids):
            raise ValidationError(_("Choose at least one code."))
        codes = list(selectors.codes(project).filter(pk__in=ids))
        if len(codes) != len(set(ids)):
            raise ValidationError(_("One of the codes does not exist in this project."))
        made = services.do_code_selection(
            actor=request.user,
            document=document,
            start=_int(body, "start"),
            end=_int(body, "end"),
            codes=codes,
        )
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    names = ", ".join(c.name for c in codes)
    return JsonResponse(
        {
            "codings": [{"id": c.pk, "code": c.code_id, "start": c.start, "end": c.end} for c in made],
            "message": _("Coded with %(codes)s.") % {"codes": names},
        },
        status=201,
    )


@roles(QDA_ROLES)
@refuses_withheld
@require_POST
def api_memo(request: HttpRequest, pk: int, doc: int) -> JsonResponse:
    project = coding_project(request, pk)
    document = open_document(project, doc)
    try:
        body = _json_body(request)
        memo = memo_services.do_create_memo(
            actor=request.user,
            project=project,
            document=document,
            title=str(body.get("title", "")),
            text=str(body.get("text", "")),
            start=_int(body, "start"),
            end=_int(body, "end"),
        )
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    return JsonResponse({"id": memo.pk, "message": _("Memo saved.")}, status=201)


@roles(QDA_ROLES)
@refuses_withheld
@require_GET
def api_suggest(request: HttpRequest, pk: int, doc: int) -> JsonResponse:
    project = coding_project(request, pk)
    document = open_document(project, doc)
    try:
        start, end = int(request.GET.get("start", "")), int(request.GET.get("end", ""))
    except ValueError:
        return JsonResponse({"error": _("start and end must be whole numbers.")}, status=400)
    if not (0 <= start < end <= len(document.text)):
        return JsonResponse({"error": _("The selection is not inside the text.")}, status=400)
    model = suggestions.model_for(project)
    items = model.suggest(document.text[start:end]) if model else []
    return JsonResponse(
        {"suggestions": [{"code": s.code_id, "name": s.name, "confidence": s.confidence} for s in items]}
    )


def _coding_or_404(project, pk: int):
    from django.http import Http404

    coding = coding_selectors.get_coding(project, pk)
    if coding is None:
        raise Http404
    if consent.is_withheld(coding.document):
        raise Withheld(project)
    return coding


@roles(QDA_ROLES)
@refuses_withheld
@require_POST
def coding_remove(request: HttpRequest, pk: int, coding: int) -> HttpResponse:
    project = coding_project(request, pk)
    item = _coding_or_404(project, coding)
    try:
        services.do_remove_coding(actor=request.user, coding=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Coding removed."))
    return redirect("qda_workspace", pk=project.pk, doc=item.document_id)


@roles(QDA_ROLES)
@refuses_withheld
@require_POST
def coding_change(request: HttpRequest, pk: int, coding: int) -> HttpResponse:
    project = coding_project(request, pk)
    item = _coding_or_404(project, coding)
    try:
        code = selectors.get_code(project, int(request.POST.get("code", 0)))
        services.do_change_coding(
            actor=request.user, coding=item, expected_version=int(request.POST.get("version", 0)), code=code
        )
    except (ValidationError, ValueError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [_("Choose a code.")])))
    else:
        messages.success(request, _("Coding changed."))
    return redirect("qda_workspace", pk=project.pk, doc=item.document_id)


@roles(QDA_ROLES)
@refuses_withheld
def compare(request: HttpRequest, pk: int, doc: int) -> HttpResponse:
    project = project_for(request, pk)
    if project.independent_coding and not selectors.is_lead(project):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    document = open_document(project, doc)
    coders = list(selectors.coders_with_codings(project))
    by_id = {c.pk: c for c in coders}
    a = by_id.get(_maybe_int(request.GET.get("a"))) or (coders[0] if coders else None)
    b = by_id.get(_maybe_int(request.GET.get("b"))) or (coders[1] if len(coders) > 1 else None)
    columns = []
    for coder in (a, b):
        items = coding_selectors.coder_codings(document, coder) if coder else []
        other = b if coder == a else a
        other_keys = (
            {(c.code_id, c.start, c.end) for c in coding_selectors.coder_codings(document, other)}
            if other
            else set()
        )
        columns.append(
            {
                "coder": coder,
                "items": [
                    {
                        "coding": c,
                        "excerpt": document.text[c.start : c.end][:EXCERPT],
                        "matched": (c.code_id, c.start, c.end) in other_keys,
                    }
                    for c in items
                ],
            }
        )
    agreed = coding_selectors.coder_codings(document, None, agreed=True)
    report = agreement(project, a, b, document_ids=[document.pk]) if a and b else None
    return render(
        request,
        "qualitative/compare.html",
        base_context(
            project,
            document=document,
            coders=coders,
            a=a,
            b=b,
            columns=columns,
            report=report,
            agreed=[{"coding": c, "excerpt": document.text[c.start : c.end][:EXCERPT]} for c in agreed],
        ),
    )


def _maybe_int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@roles(QDA_ROLES)
@refuses_withheld
@require_POST
def coding_agree(request: HttpRequest, pk: int, coding: int) -> HttpResponse:
    project = lead_project(request, pk)
    item = _coding_or_404(project, coding)
    try:
        services.do_accept_into_agreed(actor=request.user, coding=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Accepted into the agreed version."))
    return redirect(f"{_compare_url(project.pk, item.document_id)}?{request.POST.get('query', '')}")


def _compare_url(pk: int, doc: int) -> str:
    from django.urls import reverse

    return reverse("qda_compare", kwargs={"pk": pk, "doc": doc})


@roles(QDA_ROLES)
@refuses_withheld
@require_POST
def document_reconcile(request: HttpRequest, pk: int, doc: int) -> HttpResponse:
    project = lead_project(request, pk)
    document = open_document(project, doc)
    try:
        services.do_mark_reconciled(
            actor=request.user, document=document, reconciled=request.POST.get("reconciled", "1") == "1"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The analysis now uses the agreed version of this document."))
    return redirect("qda_compare", pk=project.pk, doc=document.pk)
