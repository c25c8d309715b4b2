"""The instrument catalogue: shipped and custom instruments, their versions, REDCap import and export."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from puente.accounts.access import roles
from puente.instruments import presentation, selectors
from puente.instruments.forms import DefinitionForm, DictionaryImportForm
from puente.instruments.models import InstrumentSource
from puente.instruments.permissions import INSTRUMENT_EDITORS, INSTRUMENT_READERS, WORDING_LOADERS
from puente.instruments.redcap import to_redcap_csv
from puente.instruments.services import catalogue, dictionary
from puente.instruments.services.wording import ships_wording

NEW_DEFINITION_TEMPLATE = {
    "id": "my_scale",
    "name": {lang: "My scale" for lang in ("en", "es", "pt", "ca", "it")},
    "abbreviation": "MYS",
    "version": "1",
    "reference": {
        "citation": "Who published it, where and when.",
        "scoring_source": "Where the scoring rule comes from.",
    },
    "licence": {"item_text_redistributable": False, "note": "Who holds the rights to the wording."},
    "scales": {
        "agree3": {
            "min": 1,
            "max": 3,
            "labels": {
                str(v): {lang: label for lang in ("en", "es", "pt", "ca", "it")}
                for v, label in ((1, "Disagree"), (2, "Unsure"), (3, "Agree"))
            },
        }
    },
    "items": [{"id": f"my_scale_{n}", "number": n, "scale": "agree3"} for n in (1, 2, 3)],
    "scores": [
        {
            "id": "total",
            "kind": "total",
            "label": {lang: "Total" for lang in ("en", "es", "pt", "ca", "it")},
            "method": "sum",
            "items": ["my_scale_1", "my_scale_2", "my_scale_3"],
            "missing": {"max_missing": 0, "handling": "complete_only"},
            "range": [3, 9],
        }
    ],
    "verification": [
        {"fact": "total = sum of the items", "status": "unverified", "reason": "not yet checked"}
    ],
}


def _can_edit(request: HttpRequest) -> bool:
    return request.user.has_any_role(INSTRUMENT_EDITORS)


@roles(INSTRUMENT_READERS)
def instrument_list(request: HttpRequest) -> HttpResponse:
    language = get_language() or "en"
    rows = []
    for instrument in selectors.instruments():
        definition = instrument.current.definition
        rows.append(
            {
                "instrument": instrument,
                "name": presentation.instrument_name(definition, language),
                "items": len(definition["items"]),
                "unverified": len(presentation.unverified_facts(definition)),
            }
        )
    return render(request, "instruments/instrument_list.html", {"rows": rows, "can_edit": _can_edit(request)})


@roles(INSTRUMENT_READERS)
def instrument_detail(request: HttpRequest, code: str) -> HttpResponse:
    instrument = selectors.get_instrument(code)
    definition = instrument.current.definition
    language = get_language() or "en"
    outputs = presentation.output_labels(definition, language)
    scores = []
    for score in definition["scores"]:
        for holder in [score, *score.get("transforms", [])]:
            scores.append(
                {
                    "id": holder["id"],
                    "label": outputs[holder["id"]],
                    "method": score["method"],
                    "range": holder["range"],
                    "items": len(score["items"]),
                    "bands": [
                        (presentation.pick(b["label"], language), b["min"]) for b in holder.get("bands", [])
                    ],
                }
            )
    return render(
        request,
        "instruments/instrument_detail.html",
        {
            "instrument": instrument,
            "definition": definition,
            "name": presentation.instrument_name(definition, language),
            "questions": presentation.questions(definition, language),
            "reverse_ids": {item["id"] for item in definition["items"] if item.get("reverse")},
            "scores": scores,
            "unverified": presentation.unverified_facts(definition),
            "verified": [v for v in definition["verification"] if v["status"] == "verified"],
            "wording_missing": presentation.wording_missing(definition),
            "revisions": selectors.revisions_of(instrument),
            "can_edit": _can_edit(request) and instrument.source == InstrumentSource.CUSTOM,
            "can_create": _can_edit(request),
            "can_load_wording": request.user.has_any_role(WORDING_LOADERS) and not ships_wording(definition),
            "wording_sets": selectors.wording_sets(
                list(
                    selectors.organisations_for(request.user, INSTRUMENT_READERS).values_list("pk", flat=True)
                ),
                instrument,
            ),
        },
    )


@roles(INSTRUMENT_EDITORS)
def instrument_create_json(request: HttpRequest) -> HttpResponse:
    initial = {"definition": json.dumps(NEW_DEFINITION_TEMPLATE, ensure_ascii=False, indent=2)}
    form = DefinitionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            definition = catalogue.parse_definition_text(form.cleaned_data["definition"])
            instrument = catalogue.do_create_instrument(
                actor=request.user, definition=definition, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Instrument %(name)s created.") % {"name": instrument.abbreviation})
            return redirect("instrument_detail", code=instrument.code)
    return render(request, "instruments/instrument_form.html", {"form": form, "creating": True})


@roles(INSTRUMENT_READERS)
def instrument_edit_json(request: HttpRequest, code: str) -> HttpResponse:
    instrument = selectors.get_instrument(code)
    if not _can_edit(request) or instrument.source != InstrumentSource.CUSTOM:
        raise PermissionDenied
    initial = {
        "definition": json.dumps(instrument.current.definition, ensure_ascii=False, indent=2),
        "version": instrument.version,
    }
    form = DefinitionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            definition = catalogue.parse_definition_text(form.cleaned_data["definition"])
            catalogue.do_revise_instrument(
                actor=request.user,
                instrument=instrument,
                definition=definition,
                expected_version=form.cleaned_data["version"] or 0,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("A new version of the instrument was saved."))
            return redirect("instrument_detail", code=instrument.code)
    return render(request, "instruments/instrument_form.html", {"form": form, "instrument": instrument})


def _read_upload(form: DictionaryImportForm) -> str:
    upload = form.cleaned_data["dictionary"]
    if upload.size > catalogue.MAX_DICTIONARY_BYTES:
        raise ValidationError(_("The data dictionary is too large."))
    try:
        return upload.read().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(_("The data dictionary must be a UTF-8 CSV file.")) from exc


@roles(INSTRUMENT_EDITORS)
def instrument_import(request: HttpRequest) -> HttpResponse:
    """A new custom instrument from a REDCap data dictionary; ``?into=code`` makes a new version.

    A dictionary Puente exported comes back whole; one from any other REDCap project is imported with a
    report of what became an item, what was kept as information and what was skipped, and why.
    """
    into = request.GET.get("into", "")
    instrument = selectors.get_instrument(into) if into else None
    if instrument is not None and instrument.source != InstrumentSource.CUSTOM:
        raise PermissionDenied
    form = DictionaryImportForm(
        request.POST or None,
        request.FILES or None,
        initial={"version": instrument.version if instrument else None, "language": get_language() or "en"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            text = _read_upload(form)
            result = dictionary.do_import_any_dictionary(
                actor=request.user,
                text=text,
                instrument=instrument,
                expected_version=form.cleaned_data["version"],
                form=form.cleaned_data["form_name"].strip(),
                code=form.cleaned_data["code"],
                language=form.cleaned_data["language"] or get_language() or "en",
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The data dictionary was imported."))
            if result.report is None:
                return redirect("instrument_detail", code=result.instrument.code)
            # Shown once, right after the import; the audit trail keeps its summary.
            return render(
                request,
                "instruments/import_report.html",
                {"instrument": result.instrument, "report": result.report},
            )
    return render(request, "instruments/instrument_import.html", {"form": form, "instrument": instrument})


@roles(INSTRUMENT_READERS)
def instrument_export(request: HttpRequest, code: str) -> HttpResponse:
    instrument = selectors.get_instrument(code)
    response = HttpResponse(
        to_redcap_csv(instrument.current.definition), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{instrument.code}_redcap_dictionary.csv"'
    return response
