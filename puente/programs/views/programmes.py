"""Programme list, templates copied and adapted, fidelity, and the allocation table export."""

from __future__ import annotations

import csv
import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from puente.accounts.access import roles
from puente.accounts.selectors import site_ids_for, sites_for
from puente.programs import definitions
from puente.programs.forms import ProgrammeAdaptForm, ProgrammeCopyForm
from puente.programs.selectors import scope
from puente.programs.selectors.fidelity import fidelity_groups
from puente.programs.selectors.overview import allocation_rows
from puente.programs.services import programmes as services
from puente.web.conflicts import save_or_conflict
from puente.web.languages import language

INDICATOR_LABELS = {
    "length": gettext_lazy("Intervention no longer than planned (9 months for CTI-TS)"),
    "equal_phases": gettext_lazy("Phases of equal length"),
    "focus_areas": gettext_lazy("1 to 3 areas of focus in each phase"),
    "caseload": gettext_lazy("Workers within the caseload limit (20 per full-time worker)"),
    "community_meetings": gettext_lazy("At least 3 community meetings with the participant in phase 1"),
    "support_meetings": gettext_lazy("At least 2 meetings with providers or informal supports in phase 1"),
    "decreasing_contacts": gettext_lazy("Fewer contacts in each later phase"),
    "no_early_dropout": gettext_lazy("No drop-out before the planned end"),
    "first_month_contacts": gettext_lazy("At least 2 contacts in the first month"),
}


@roles(scope.PROGRAMME_READERS)
def programme_list(request: HttpRequest) -> HttpResponse:
    lang = language()
    items = list(scope.programmes_for(request.user).prefetch_related("sites"))
    for programme in items:
        programme.phase_names = [
            definitions.localise(p["name"], lang) for p in definitions.phases(programme.definition)
        ]
    return render(
        request,
        "programs/programme_list.html",
        {
            "programmes": items,
            "templates": [
                (t["code"], definitions.localise(t["name"], lang)) for t in definitions.templates()
            ],
            "can_manage": bool(site_ids_for(request.user, scope.MANAGERS)),
            "can_read_trials": bool(site_ids_for(request.user, scope.TRIAL_DATA_READERS)),
        },
    )


@roles(scope.PROGRAMME_READERS)
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = scope.get_programme(request.user, pk)
    lang = language()
    d = programme.definition
    phases = [
        {
            "name": definitions.localise(p["name"], lang),
            "months": p["months"],
            "every": p["contact_every_days"],
            "goals": [definitions.localise(g, lang) for g in p.get("goals") or []],
        }
        for p in definitions.phases(d)
    ]
    team_roles = [
        {
            "name": definitions.localise(r["name"], lang),
            "targets": [definitions.localise(t["name"], lang) for t in r["targets"]],
        }
        for r in d.get("roles") or []
    ]
    return render(
        request,
        "programs/programme_detail.html",
        {
            "programme": programme,
            "description": definitions.localise(d.get("description"), lang),
            "engagement": definitions.localise((d.get("engagement") or {}).get("name"), lang),
            "engagement_every": (d.get("engagement") or {}).get("contact_every_days"),
            "phases": phases,
            "team_roles": team_roles,
            "areas": [name for _key, name in definitions.choices(d, "areas_of_focus", lang)],
            "eligibility": [definitions.localise(r["name"], lang) for r in d.get("eligibility") or []],
            "arms": [definitions.localise(a["name"], lang) for a in definitions.arms(d)],
            "assessments": d.get("assessments") or [],
            "sites": list(programme.sites.all()),
            "can_manage": scope.can_manage_programme(request.user, programme),
            "can_read_trials": bool(site_ids_for(request.user, scope.TRIAL_DATA_READERS)),
        },
    )


@roles(scope.MANAGERS)
def programme_copy(request: HttpRequest) -> HttpResponse:
    lang = language()
    sources = [
        (f"template:{t['code']}", _("Template: %(name)s") % {"name": definitions.localise(t["name"], lang)})
        for t in definitions.templates()
    ]
    visible = {str(p.pk): p for p in scope.programmes_for(request.user)}
    sources += [(f"programme:{pk}", _("Copy of: %(name)s") % {"name": p.name}) for pk, p in visible.items()]
    initial = {"source": request.GET.get("source", sources[0][0])}
    form = ProgrammeCopyForm(
        request.POST or None, initial=initial, sources=sources, sites=sites_for(request.user, scope.MANAGERS)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kind, _sep, ref = data["source"].partition(":")
        try:
            if kind == "template":
                programme = services.do_create_from_template(
                    actor=request.user,
                    template_code=ref,
                    code=data["code"],
                    name=data["name"],
                    sites=list(data["sites"]),
                    is_trial=data["is_trial"],
                )
            else:
                programme = services.do_copy_programme(
                    actor=request.user,
                    source=visible[ref],
                    code=data["code"],
                    name=data["name"],
                    sites=list(data["sites"]),
                    is_trial=data["is_trial"],
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Programme created. Adapt it to your service if needed."))
            return redirect("programme_adapt", pk=programme.pk)
    return render(request, "programs/programme_copy.html", {"form": form})


def _areas_from_text(text: str, existing: list[dict], lang: str) -> list[dict]:
    by_name = {definitions.localise(a["name"], lang).strip().lower(): a for a in existing}
    areas, keys = [], set()
    for line in text.splitlines():
        name = line.strip()
        if not name:
            continue
        found = by_name.get(name.lower())
        if found:
            area = found
        else:
            key = slugify(name).replace("-", "_") or "area"
            key = key if key[0].isalpha() else f"a_{key}"
            area = {"key": key, "name": {lang: name, "en": name}}
        if area["key"] in keys:
            continue
        keys.add(area["key"])
        areas.append(area)
    return areas


@roles(scope.MANAGERS)
def programme_adapt(request: HttpRequest, pk: int) -> HttpResponse:
    programme = scope.get_programme(request.user, pk)
    if not scope.can_manage_programme(request.user, programme):
        raise PermissionDenied
    lang = language()
    d = definitions.copy_definition(programme.definition)
    phases = [(p["key"], definitions.localise(p["name"], lang)) for p in definitions.phases(d)]
    initial = _adapt_values(programme, lang) | {"version": programme.version}
    form = ProgrammeAdaptForm(request.POST or None, initial=initial, phases=phases)

    def adapt(data: dict) -> None:
        d["caseload_limit"] = data["caseload_limit"]
        d.setdefault("engagement", {})["contact_every_days"] = data["engagement_every"]
        for p in d["phases"]:
            p["months"], p["contact_every_days"] = data[f"months_{p['key']}"], data[f"every_{p['key']}"]
        d["areas_of_focus"] = _areas_from_text(data["areas"], d.get("areas_of_focus") or [], lang)
        services.do_adapt_programme(
            actor=request.user,
            programme=programme,
            expected_version=data["version"],
            definition=d,
            name=data["name"],
        )

    def reload() -> tuple[dict, int]:
        saved = scope.get_programme(request.user, pk)
        return _adapt_values(saved, lang), saved.version

    saved = save_or_conflict(
        request,
        form,
        adapt,
        reload=reload,
        title=programme.name,
        cancel_url=reverse("programme_detail", kwargs={"pk": programme.pk}),
    )
    if isinstance(saved, HttpResponse):
        return saved
    if saved.ok:
        messages.success(request, _("Programme saved."))
        return redirect("programme_detail", pk=programme.pk)
    return render(request, "programs/programme_adapt.html", {"form": form, "programme": programme})


def _adapt_values(programme, lang: str) -> dict:
    """The adaptable parts of a programme's definition, keyed like ProgrammeAdaptForm's fields."""
    d = programme.definition
    values = {
        "name": programme.name,
        "caseload_limit": d.get("caseload_limit", 20),
        "engagement_every": (d.get("engagement") or {}).get("contact_every_days", 7),
        "areas": "\n".join(name for _k, name in definitions.choices(d, "areas_of_focus", lang)),
    }
    for p in definitions.phases(d):
        values[f"months_{p['key']}"] = p["months"]
        values[f"every_{p['key']}"] = p["contact_every_days"]
    return values


@roles(scope.TRIAL_DATA_READERS)
def allocation_export(request: HttpRequest, pk: int) -> HttpResponse:
    programme = scope.get_programme(request.user, pk)
    if not programme.is_trial:
        raise PermissionDenied
    site_ids = site_ids_for(request.user, scope.TRIAL_DATA_READERS)
    rows = list(allocation_rows(programme, site_ids))
    services.record_allocation_export(
        actor=request.user, programme=programme, site_ids=site_ids, count=len(rows)
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{programme.code}-allocations.csv"'
    writer = csv.writer(response)
    writer.writerow(
        ["study_code", "stratum_site", "position_in_stratum", "block", "block_size", "arm", "allocated_on"]
    )
    for slot in rows:
        writer.writerow(
            [
                slot.enrolment.participant.study_code,
                slot.site.code,
                slot.position,
                slot.block,
                slot.block_size,
                slot.arm,
                slot.allocated_at.date().isoformat() if slot.allocated_at else "",
            ]
        )
    return response


@roles(scope.TRIAL_DATA_READERS)
def fidelity(request: HttpRequest) -> HttpResponse:
    programmes = [p for p in scope.programmes_for(request.user) if definitions.phases(p.definition)]
    chosen = next((p for p in programmes if str(p.pk) == request.GET.get("programme")), None)
    chosen = (
        chosen
        or next((p for p in programmes if p.kind == "cti_ts"), None)
        or (programmes[0] if programmes else None)
    )
    groups = []
    if chosen is not None:
        groups = fidelity_groups(
            chosen, site_ids_for(request.user, scope.TRIAL_DATA_READERS), dt.date.today()
        )
        for group in groups:
            group.rows = [(INDICATOR_LABELS[key], indicator) for key, indicator in group.indicators.items()]
    return render(
        request,
        "programs/fidelity.html",
        {"programmes": programmes, "programme": chosen, "groups": groups},
    )
