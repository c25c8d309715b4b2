"""Forms of the workforce pages. Validation of the domain rules stays in the services."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from puente.accounts.models import Site, User
from puente.people.forms import DateInput
from puente.people.models import NationalIdKind
from puente.workforce import curricula
from puente.workforce.criteria import SCORES
from puente.workforce.models import (
    CandidateSource,
    LeaveKind,
    PlacementOutcome,
    ServiceKind,
    Stage,
    SupervisionKind,
    SupervisionTopic,
)


class CandidateIdentityForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    phone = forms.CharField(
        label=_("Phone"), max_length=40, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    national_id_kind = forms.ChoiceField(
        label=_("Kind of national ID"), required=False, choices=[("", "---"), *NationalIdKind.choices]
    )
    national_id = forms.CharField(label=_("National ID"), max_length=40, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class CandidateForm(CandidateIdentityForm):
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    code = forms.CharField(label=_("Candidate code"), max_length=32, help_text=_("A code, never the name."))
    source = forms.ChoiceField(label=_("How they came to us"), choices=CandidateSource.choices)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    applied_on = forms.DateField(label=_("Applied on"), widget=DateInput(), initial=dt.date.today)
    user = forms.ModelChoiceField(
        label=_("Account (if they have one)"), queryset=User.objects.none(), required=False
    )

    field_order = ["site", "code", "source", "language", "applied_on", "user"]

    def __init__(self, *args, sites, accounts, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        self.fields["user"].queryset = accounts


class StageForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("Move to"), choices=Stage.choices)
    changed_on = forms.DateField(label=_("Date"), widget=DateInput(), initial=dt.date.today)
    reason = forms.CharField(
        label=_("Reason or note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when someone leaves. Write it without blame."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class InterviewForm(forms.Form):
    interviewed_on = forms.DateField(label=_("Interview date"), widget=DateInput(), initial=dt.date.today)

    def __init__(self, *args, criteria, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for criterion in criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.TypedChoiceField(
                label=str(criterion), choices=SCORES, coerce=int, widget=forms.RadioSelect
            )
        self.fields["note"] = forms.CharField(label=_("Note"), required=False, max_length=500)

    def scores(self) -> dict[int, int]:
        return {
            int(name.removeprefix("criterion_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("criterion_")
        }


class CriterionForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    name = forms.CharField(label=_("New criterion"), max_length=200)

    def __init__(self, *args, sites, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites


def curriculum_choices() -> list[tuple[str, str]]:
    from django.utils.translation import get_language

    return [(key, c.title(get_language() or "en")) for key, c in curricula.curricula().items()]


class CohortForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    name = forms.CharField(label=_("Name"), max_length=200)
    curriculum_key = forms.ChoiceField(label=_("Curriculum"), choices=curriculum_choices)
    language = forms.ChoiceField(label=_("Language of the training"), choices=settings.LANGUAGES)
    starts_on = forms.DateField(label=_("First session"), widget=DateInput())
    place = forms.CharField(label=_("Place"), max_length=200)
    trainers = forms.ModelMultipleChoiceField(
        label=_("Trainers"), queryset=User.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    plan_sessions = forms.BooleanField(label=_("Plan one session per module"), required=False, initial=True)

    def __init__(self, *args, sites, trainers, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        self.fields["trainers"].queryset = trainers


class SessionForm(forms.Form):
    module_key = forms.ChoiceField(label=_("Module"))
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    hours = forms.DecimalField(label=_("Hours"), max_digits=4, decimal_places=1, min_value=0)
    place = forms.CharField(label=_("Place"), max_length=200)
    trainers = forms.ModelMultipleChoiceField(
        label=_("Trainers"), queryset=User.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, modules, trainers, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["module_key"].choices = modules
        self.fields["trainers"].queryset = trainers


class EnrolForm(forms.Form):
    candidate = forms.ModelChoiceField(label=_("Candidate selected for training"), queryset=None)
    enrolled_on = forms.DateField(label=_("Joined on"), widget=DateInput(), initial=dt.date.today)

    def __init__(self, *args, candidates, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["candidate"].queryset = candidates


class DateOnlyForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DateInput(), initial=dt.date.today)


class ReasonForm(DateOnlyForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)


class PlacementForm(forms.Form):
    accreditation = forms.ModelChoiceField(label=_("Accredited PSW"), queryset=None)
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    service_kind = forms.ChoiceField(label=_("Kind of service"), choices=ServiceKind.choices)
    service_name = forms.CharField(label=_("Team or service"), max_length=200)
    hours_per_week = forms.DecimalField(label=_("Hours per week"), max_digits=4, decimal_places=1)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput())
    reference_professional = forms.ModelChoiceField(label=_("Reference professional"), queryset=None)

    def __init__(self, *args, accreditations, sites, professionals, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["accreditation"].queryset = accreditations
        self.fields["accreditation"].label_from_instance = lambda a: (
            f"{a.enrollment.candidate.user} · {a.enrollment.candidate.code} · {a.certificate_number}"
        )
        self.fields["site"].queryset = sites
        self.fields["reference_professional"].queryset = professionals


class HoursForm(forms.Form):
    worked_on = forms.DateField(label=_("Day"), widget=DateInput(), initial=dt.date.today)
    hours = forms.DecimalField(label=_("Hours"), max_digits=4, decimal_places=1, min_value=0)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class PlacementEndForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[c for c in PlacementOutcome.choices if c[0] != PlacementOutcome.ONGOING]
    )
    outcome_on = forms.DateField(label=_("Date"), widget=DateInput(), initial=dt.date.today)
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )


class SupervisorForm(forms.Form):
    worker = forms.ModelChoiceField(label=_("Peer support worker"), queryset=None)
    supervisor = forms.ModelChoiceField(label=_("Supervisor"), queryset=None)
    site = forms.ModelChoiceField(label=_("Site"), queryset=None)
    starts_on = forms.DateField(label=_("From"), widget=DateInput(), initial=dt.date.today)

    def __init__(self, *args, workers, supervisors, sites, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers
        self.fields["supervisor"].queryset = supervisors
        self.fields["site"].queryset = sites


class SupervisionSessionForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Site"), queryset=None)
    held_on = forms.DateField(label=_("Date"), widget=DateInput(), initial=dt.date.today)
    kind = forms.ChoiceField(label=_("Kind"), choices=SupervisionKind.choices)
    supervisor = forms.ModelChoiceField(label=_("Supervisor"), queryset=None)
    minutes = forms.IntegerField(label=_("Minutes"), initial=60, min_value=1)
    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=SupervisionTopic.choices, widget=forms.CheckboxSelectMultiple
    )
    present = forms.ModelMultipleChoiceField(
        label=_("PSWs who attended"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    absent = forms.ModelMultipleChoiceField(
        label=_("PSWs expected who did not attend"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, sites, supervisors, workers, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        self.fields["supervisor"].queryset = supervisors
        self.fields["present"].queryset = workers
        self.fields["absent"].queryset = workers

    def attendance(self) -> dict[int, bool]:
        result = {user.pk: False for user in self.cleaned_data.get("absent", [])}
        result.update({user.pk: True for user in self.cleaned_data.get("present", [])})
        return result


FIVE = [(value, str(value)) for value in range(1, 6)]


class CheckInForm(forms.Form):
    stress = forms.TypedChoiceField(
        label=_("How stressed have you felt?"),
        choices=FIVE,
        coerce=int,
        help_text=_("1 not at all, 5 very"),
        widget=forms.RadioSelect,
    )
    workload = forms.TypedChoiceField(
        label=_("How heavy has your workload been?"),
        choices=FIVE,
        coerce=int,
        help_text=_("1 light, 5 too much"),
        widget=forms.RadioSelect,
    )
    sleep = forms.TypedChoiceField(
        label=_("How have you slept?"),
        choices=FIVE,
        coerce=int,
        help_text=_("1 very badly, 5 very well"),
        widget=forms.RadioSelect,
    )
    support = forms.TypedChoiceField(
        label=_("How supported have you felt?"),
        choices=FIVE,
        coerce=int,
        help_text=_("1 not at all, 5 fully"),
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything you want your supervisor to know"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class SafeguardingForm(forms.Form):
    early_signs = forms.CharField(
        label=_("Early signs that things are getting harder"), widget=forms.Textarea(attrs={"rows": 3})
    )
    what_helps = forms.CharField(label=_("What helps"), widget=forms.Textarea(attrs={"rows": 3}))
    adjustments = forms.CharField(
        label=_("Agreed adjustments"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    reduced_hours_per_week = forms.DecimalField(
        label=_("Reduced hours per week"), required=False, max_digits=4, decimal_places=1
    )
    agreed_on = forms.DateField(label=_("Agreed on"), widget=DateInput(), initial=dt.date.today)
    review_on = forms.DateField(label=_("Review on"), widget=DateInput(), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class LeaveForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of leave"), choices=LeaveKind.choices)
    starts_on = forms.DateField(label=_("From"), widget=DateInput(), initial=dt.date.today)
    ends_on = forms.DateField(label=_("Until"), widget=DateInput(), required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    research_consent = forms.BooleanField(
        label=_("The PSW agrees that this record may be used in research"), required=False
    )


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label=_("What you did or agreed"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
