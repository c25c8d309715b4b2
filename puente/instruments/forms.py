from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from puente.instruments.models import Anchor, Instrument, RespondentGroup
from puente.instruments.services.links import DEFAULT_VALID_DAYS, MAX_VALID_DAYS
from puente.people.forms import DateInput
from puente.web.idempotency import SubmissionKeyField, new_submission_key


class DefinitionForm(forms.Form):
    definition = forms.CharField(
        label=_("Definition (JSON)"),
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false", "class": "code"}),
        help_text=_(
            "Items, response scales, scores, bands and the verification of each fact; see the shipped ones."
        ),
    )
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class DictionaryImportForm(forms.Form):
    dictionary = forms.FileField(
        label=_("REDCap data dictionary (CSV)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        help_text=_("As REDCap exports it: comma- or semicolon-separated, the standard 18 columns."),
    )
    form_name = forms.CharField(
        label=_("REDCap form to import (when the dictionary holds several)"), max_length=100, required=False
    )
    code = forms.CharField(
        label=_("Code of the new instrument (optional)"),
        max_length=40,
        required=False,
        help_text=_("Lower-case letters, digits and _; by default the form name."),
    )
    language = forms.ChoiceField(
        label=_("Language of the labels"), choices=settings.LANGUAGES, required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ScheduleEntryForm(forms.Form):
    instrument = forms.ModelChoiceField(label=_("Instrument"), queryset=Instrument.objects.none())
    group = forms.ChoiceField(label=_("Who answers"), choices=RespondentGroup.choices)
    time_point = forms.CharField(
        label=_("Time point"), max_length=20, help_text=_("For example T1, T2, T3 or M9.")
    )
    months_after = forms.IntegerField(
        label=_("Months after the anchor date"), min_value=0, max_value=120, initial=0
    )
    anchor = forms.ChoiceField(label=_("Counted from"), choices=Anchor.choices)
    window_before_days = forms.IntegerField(
        label=_("May be done this many days early"), min_value=0, max_value=365, initial=14
    )
    window_after_days = forms.IntegerField(
        label=_("Overdue this many days after the due date"), min_value=0, max_value=365, initial=30
    )

    def __init__(self, *args: object, instruments: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instrument"].queryset = instruments


class StaffRespondentForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Site"), queryset=None)
    group = forms.ChoiceField(
        label=_("Group"),
        choices=[(v, label) for v, label in RespondentGroup.choices if v != RespondentGroup.SERVICE_USER],
    )
    code = forms.CharField(label=_("Respondent code"), max_length=40, help_text=_("A code, never a name."))
    user = forms.ModelChoiceField(label=_("Staff account (for reminders)"), queryset=None, required=False)
    enrolled_on = forms.DateField(label=_("Joined on"), widget=DateInput())
    start_date = forms.DateField(label=_("Start of placement"), widget=DateInput(), required=False)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    research_consent = forms.BooleanField(label=_("Agrees to answer research questionnaires"), required=False)
    consent_recorded_on = forms.DateField(label=_("Consent recorded on"), widget=DateInput(), required=False)

    def __init__(self, *args: object, sites: object, users: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        self.fields["user"].queryset = users


class RegisterServiceUserForm(forms.Form):
    enrolment = forms.ModelChoiceField(label=_("Enrolled participant"), queryset=None)

    def __init__(self, *args: object, enrolments: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enrolment"].queryset = enrolments
        self.fields["enrolment"].label_from_instance = lambda e: e.participant.study_code


class EntryForm(forms.Form):
    """The parts of the entry page that are not answers (answers are read from ``answer-<item id>``)."""

    administered_on = forms.DateField(label=_("Date answered"), widget=DateInput(), required=False)
    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when you change a questionnaire that was already saved."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    # A retried post (a tablet on a bad connection) is saved once: see puente.web.idempotency.
    submission_key = SubmissionKeyField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", new_submission_key())


class LinkForm(forms.Form):
    valid_days = forms.IntegerField(
        label=_("The link works for this many days"),
        min_value=1,
        max_value=MAX_VALID_DAYS,
        initial=DEFAULT_VALID_DAYS,
    )


class RetireForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)
