"""Load the licensed item wording an organisation holds (instruments whose wording is not shipped)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from puente.accounts.access import roles
from puente.instruments import selectors
from puente.instruments.permissions import WORDING_LOADERS
from puente.instruments.services import wording as wording_services


class WordingForm(forms.Form):
    organisation = forms.ModelChoiceField(label=gettext_lazy("Organisation"), queryset=None)
    wording = forms.FileField(
        label=gettext_lazy("Wording file (CSV)"),
        help_text=gettext_lazy("Columns item_id,language,text: one row per item and language."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    licence_note = forms.CharField(
        label=gettext_lazy("Licence"),
        max_length=300,
        help_text=gettext_lazy("Who granted the licence, and when."),
    )
    licence_confirmed = forms.BooleanField(
        label=gettext_lazy("I confirm that our organisation holds a licence to use this wording."),
        required=False,
    )

    def __init__(self, *args: object, organisations: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        only = list(organisations[:2])
        if len(only) == 1:
            self.fields["organisation"].initial = only[0].pk
            self.fields["organisation"].widget = forms.HiddenInput()


def _read(form: WordingForm) -> str:
    upload = form.cleaned_data["wording"]
    if upload.size > wording_services.MAX_WORDING_BYTES:
        raise ValidationError(_("The wording file is too large."))
    try:
        return upload.read().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(_("The wording file must be saved as UTF-8 CSV.")) from exc


@roles(WORDING_LOADERS)
def instrument_wording(request: HttpRequest, code: str) -> HttpResponse:
    instrument = selectors.get_instrument(code)
    organisations = selectors.organisations_for(request.user, WORDING_LOADERS)
    form = WordingForm(request.POST or None, request.FILES or None, organisations=organisations)
    shipped = wording_services.ships_wording(instrument.current.definition)
    if request.method == "POST" and not shipped and form.is_valid():
        try:
            saved = wording_services.do_upload_wording(
                actor=request.user,
                organisation=form.cleaned_data["organisation"],
                instrument=instrument,
                text=_read(form),
                licence_confirmed=form.cleaned_data["licence_confirmed"],
                licence_note=form.cleaned_data["licence_note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            languages = ", ".join(w.get_language_display() for w in saved)
            messages.success(request, _("Wording loaded for %(languages)s.") % {"languages": languages})
            return redirect("instrument_wording", code=instrument.code)
    return render(
        request,
        "instruments/wording.html",
        {
            "instrument": instrument,
            "form": form,
            "shipped": shipped,
            "sets": selectors.wording_sets(list(organisations.values_list("pk", flat=True)), instrument),
            "item_ids": [item["id"] for item in instrument.current.definition["items"]],
        },
    )
