"""Forms of the instrument builder: the instrument, then formsets of items, subscales and bands."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from puente.instruments.builder.build import BandRow, ItemRow, SubscaleRow
from puente.instruments.builder.presets import CUSTOM, PRESET_NAMES

EXTRA_ITEMS = 2
EXTRA_ROWS = 1
MAX_ITEMS = 200


class InstrumentMetaForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"),
        max_length=40,
        help_text=_("Lower-case letters, digits and _, for example wellbeing_short; it cannot change later."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    abbreviation = forms.CharField(label=_("Abbreviation"), max_length=40)
    language = forms.ChoiceField(label=_("Language it is written in"), choices=settings.LANGUAGES)
    method = forms.ChoiceField(
        label=_("Score"),
        choices=[("sum", _("Sum of the item answers")), ("mean", _("Mean of the item answers"))],
    )
    max_missing_percent = forms.IntegerField(
        label=_("Score still computed when at most this percentage of items is missing"),
        min_value=0,
        max_value=100,
        initial=20,
        help_text=_(
            "0: every item must be answered. Otherwise the sum is prorated "
            "(or the mean taken over the answered items)."
        ),
    )
    reference = forms.CharField(
        label=_("Reference (optional)"),
        max_length=500,
        required=False,
        help_text=_("Who published the instrument, where and when."),
    )
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("The code of an instrument cannot change.")


def scale_choices(base_scales: dict[str, Any] | None) -> list[tuple[str, str]]:
    choices = [(name, label) for name, label in PRESET_NAMES.items()]
    for name, scale in (base_scales or {}).items():
        if name not in PRESET_NAMES:
            choices.append((name, f"{name} ({scale['min']}-{scale['max']})"))
    choices.append((CUSTOM, _("Custom choices (write them below)")))
    return choices


class ItemForm(forms.Form):
    id = forms.CharField(label=_("Item id"), max_length=60, help_text=_("For example q1."))
    label = forms.CharField(label=_("Question or label"), max_length=500, required=False)
    scale = forms.ChoiceField(label=_("Response scale"), choices=())
    choices = forms.CharField(
        label=_("Custom choices"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only for custom choices: one 'value, label' per line, for example 1, Never."),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    reverse = forms.BooleanField(label=_("Reverse-keyed"), required=False)

    def __init__(self, *args: Any, scale_options: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scale"].choices = scale_options
        # An untouched blank row must count as unchanged, so it is skipped rather than refused.
        self.fields["scale"].initial = scale_options[0][0]

    def row(self) -> ItemRow:
        data = self.cleaned_data
        return ItemRow(
            id=data["id"],
            label=data["label"],
            scale=data["scale"],
            choices=data["choices"],
            required=data["required"],
            reverse=data["reverse"],
        )


class SubscaleForm(forms.Form):
    name = forms.CharField(label=_("Subscale name"), max_length=120)
    items = forms.CharField(
        label=_("Its items"),
        max_length=2000,
        help_text=_("Item ids separated by commas, for example q1, q3."),
    )

    def row(self) -> SubscaleRow:
        return SubscaleRow(name=self.cleaned_data["name"], items=self.cleaned_data["items"])


class BandForm(forms.Form):
    score = forms.CharField(
        label=_("Score"), max_length=120, initial="total", help_text=_("'total' or the name of a subscale.")
    )
    min = forms.DecimalField(label=_("From (lowest score in the band)"), max_digits=9, decimal_places=3)
    label = forms.CharField(label=_("Band label"), max_length=120)

    def row(self) -> BandRow:
        data = self.cleaned_data
        return BandRow(score=data["score"], min=float(data["min"]), label=data["label"])


ItemFormSet = forms.formset_factory(
    ItemForm, extra=EXTRA_ITEMS, can_order=True, can_delete=True, max_num=MAX_ITEMS, validate_max=True
)
SubscaleFormSet = forms.formset_factory(SubscaleForm, extra=EXTRA_ROWS, can_delete=True, max_num=50)
BandFormSet = forms.formset_factory(BandForm, extra=EXTRA_ROWS, can_delete=True, max_num=100)


def kept_rows(formset: forms.BaseFormSet) -> list[Any]:
    """Rows of a valid formset in their chosen order, without blank or removed ones."""
    if formset.can_order:
        return [form.row() for form in formset.ordered_forms]
    deleted = set(map(id, formset.deleted_forms)) if formset.can_delete else set()
    initial = formset.initial_form_count()
    return [
        form.row()
        for index, form in enumerate(formset.forms)
        if (index < initial or form.has_changed()) and id(form) not in deleted
    ]
