"""The form-based instrument builder (new, edit, copy); the JSON view stays as the advanced one."""

from __future__ import annotations

import contextlib
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from puente.accounts.access import roles
from puente.instruments import presentation, selectors
from puente.instruments.builder.build import BuilderInput
from puente.instruments.builder.read import initial_rows, unsupported_features
from puente.instruments.forms_builder import (
    BandFormSet,
    InstrumentMetaForm,
    ItemFormSet,
    SubscaleFormSet,
    kept_rows,
    scale_choices,
)
from puente.instruments.models import Instrument, InstrumentSource
from puente.instruments.permissions import INSTRUMENT_EDITORS, INSTRUMENT_READERS
from puente.instruments.services import authoring

MORE_ROWS = {"items": 3, "subscales": 1, "bands": 2}


class CopyForm(forms.Form):
    code = forms.SlugField(label=gettext_lazy("Code of the copy"), max_length=40)
    abbreviation = forms.CharField(label=gettext_lazy("Abbreviation of the copy"), max_length=40)


def _with_more_rows(data: QueryDict, which: str) -> QueryDict:
    """The no-script way to add rows: the page comes back with more blank rows of one kind."""
    data = data.copy()
    key = f"{which}-TOTAL_FORMS"
    with contextlib.suppress(ValueError):
        data[key] = str(int(data.get(key, "0")) + MORE_ROWS[which])
    return data


def _spec(meta: InstrumentMetaForm, items: Any, subscales: Any, bands: Any) -> BuilderInput:
    data = meta.cleaned_data
    return BuilderInput(
        code=data["code"],
        name=data["name"],
        abbreviation=data["abbreviation"],
        language=data["language"],
        method=data["method"],
        max_missing_percent=data["max_missing_percent"],
        items=kept_rows(items),
        subscales=kept_rows(subscales),
        bands=kept_rows(bands),
        reference=data["reference"],
    )


def _builder(request: HttpRequest, instrument: Instrument | None) -> HttpResponse:
    language = get_language() or "en"
    base = instrument.current.definition if instrument else None
    if base is not None:
        reasons = unsupported_features(base)
        if reasons:
            return render(
                request,
                "instruments/builder_unsupported.html",
                {"instrument": instrument, "reasons": reasons},
            )
        initial = initial_rows(base, language)
        initial["meta"]["version"] = instrument.version
    else:
        initial = {
            "meta": {"language": language, "max_missing_percent": 20},
            "items": [],
            "subscales": [],
            "bands": [],
        }
    data = request.POST if request.method == "POST" else None
    more = data.get("more") if data is not None else None
    if more in MORE_ROWS:
        data = _with_more_rows(data, more)
    options = scale_choices(base["scales"] if base else None)
    meta = InstrumentMetaForm(data, initial=initial["meta"], editing=instrument is not None)
    items = ItemFormSet(
        data, prefix="items", initial=initial["items"], form_kwargs={"scale_options": options}
    )
    subscales = SubscaleFormSet(data, prefix="subscales", initial=initial["subscales"])
    bands = BandFormSet(data, prefix="bands", initial=initial["bands"])
    if data is not None and more is None:
        valid = [f.is_valid() for f in (meta, items, subscales, bands)]
        if all(valid):
            try:
                saved = authoring.do_save_built_instrument(
                    actor=request.user,
                    spec=_spec(meta, items, subscales, bands),
                    instrument=instrument,
                    expected_version=meta.cleaned_data["version"],
                    note=meta.cleaned_data["note"],
                )
            except ValidationError as error:
                meta.add_error(None, error)
            else:
                messages.success(request, _("Instrument %(name)s saved.") % {"name": saved.abbreviation})
                return redirect("instrument_detail", code=saved.code)
        else:
            meta.add_error(None, _("Some rows need attention; see the messages beside them."))
    return render(
        request,
        "instruments/builder.html",
        {
            "instrument": instrument,
            "meta": meta,
            "items": items,
            "subscales": subscales,
            "bands": bands,
        },
    )


@roles(INSTRUMENT_EDITORS)
def instrument_create(request: HttpRequest) -> HttpResponse:
    return _builder(request, None)


@roles(INSTRUMENT_READERS)
def instrument_edit(request: HttpRequest, code: str) -> HttpResponse:
    instrument = selectors.get_instrument(code)
    if not request.user.has_any_role(INSTRUMENT_EDITORS) or instrument.source != InstrumentSource.CUSTOM:
        raise PermissionDenied
    return _builder(request, instrument)


@roles(INSTRUMENT_READERS)
def instrument_copy(request: HttpRequest, code: str) -> HttpResponse:
    """Shipped instruments are not editable; a researcher copies one and adapts the copy."""
    source = selectors.get_instrument(code)
    if not request.user.has_any_role(INSTRUMENT_EDITORS):
        raise PermissionDenied
    form = CopyForm(
        request.POST or None,
        initial={"code": f"{source.code}_local", "abbreviation": f"{source.abbreviation}-L"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            copied = authoring.do_copy_instrument(
                actor=request.user,
                source=source,
                code=form.cleaned_data["code"],
                abbreviation=form.cleaned_data["abbreviation"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Copy %(name)s created; you can now edit it.") % {"name": copied.abbreviation}
            )
            return redirect("instrument_detail", code=copied.code)
    name = presentation.instrument_name(source.current.definition, get_language() or "en")
    return render(
        request,
        "instruments/form_page.html",
        {
            "form": form,
            "title": _("Copy %(name)s") % {"name": source.abbreviation},
            "note": _(
                "The copy keeps the items, scales, scores and sources of %(name)s; answers given with the "
                "original stay with the original."
            )
            % {"name": name},
        },
    )
