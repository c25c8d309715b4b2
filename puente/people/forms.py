from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from puente.accounts.models import Site, User
from puente.people.models import (
    ConsentForm,
    ConsentScope,
    DiagnosisGroup,
    FamilySupport,
    Gender,
    NationalIdKind,
)
from puente.people.services import check_birth_year


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: object) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ParticipantForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    study_code = forms.CharField(
        label=_("Study code"),
        max_length=32,
        help_text=_("The pseudonymous code used in all research records."),
    )
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    birth_year = forms.IntegerField(
        label=_("Year of birth"), required=False, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    diagnosis_group = forms.ChoiceField(label=_("Diagnosis group"), choices=DiagnosisGroup.choices)
    family_support = forms.ChoiceField(label=_("Family support"), choices=FamilySupport.choices)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: object, sites: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites

    def clean_birth_year(self) -> int | None:
        value = self.cleaned_data.get("birth_year")
        check_birth_year(value)
        return value


class IdentityForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    address = forms.CharField(label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    national_id_kind = forms.ChoiceField(
        label=_("Kind of national ID"), required=False, choices=[("", "---"), *NationalIdKind.choices]
    )
    national_id = forms.CharField(
        label=_("National ID"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class NewParticipantForm(ParticipantForm, IdentityForm):
    """Create the research record and the identity record in one step."""


class RetireForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)


class ConsentGiveForm(forms.Form):
    form = forms.ModelChoiceField(label=_("Consent form"), queryset=ConsentForm.objects.none())
    scopes = forms.MultipleChoiceField(
        label=_("Consent given for"), choices=ConsentScope.choices, widget=forms.CheckboxSelectMultiple
    )
    event_date = forms.DateField(label=_("Date of consent"), widget=DateInput(), initial=dt.date.today)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: object, forms_queryset: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["form"].queryset = forms_queryset


class ConsentWithdrawForm(forms.Form):
    scopes = forms.MultipleChoiceField(
        label=_("Consent withdrawn for"), choices=ConsentScope.choices, widget=forms.CheckboxSelectMultiple
    )
    event_date = forms.DateField(label=_("Date of withdrawal"), widget=DateInput(), initial=dt.date.today)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AssignWorkerForm(forms.Form):
    worker = forms.ModelChoiceField(label=_("Worker"), queryset=User.objects.none())
    role = forms.ChoiceField(
        label=_("Role in the team"),
        choices=[("psw", _("Peer support worker")), ("cmhw", _("Community mental health worker"))],
    )

    def __init__(self, *args: object, workers: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers


def apply_validation_error(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal on the form instead of failing the request."""
    form.add_error(None, error)
