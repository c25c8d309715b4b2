"""Forms for programme pages. Choices that come from a programme's definition are passed in."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from puente.accounts.models import Site, User
from puente.people.forms import DateInput
from puente.people.models import AGE_BANDS, Gender
from puente.programs.models import (
    Attendee,
    ContactKind,
    ContactPlace,
    ExitReason,
    GoalStatus,
    LinkageStatus,
    Progress,
    SupportKind,
    SupportType,
)
from puente.programs.widgets import CheckboxSelectMultiple
from puente.web.idempotency import SubmissionKeyField, new_submission_key

DURATIONS = [
    (15, "15 min"),
    (30, "30 min"),
    (45, "45 min"),
    (60, "1 h"),
    (90, "1 h 30"),
    (120, "2 h"),
    (180, "3 h"),
]


def _date(label: object, *, required: bool = True, initial: object = None) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(), initial=initial)


class ProgrammeCopyForm(forms.Form):
    source = forms.ChoiceField(label=_("Start from"))
    code = forms.SlugField(label=_("Code"), max_length=60, help_text=_("A short name for links and exports."))
    name = forms.CharField(label=_("Name"), max_length=200)
    sites = forms.ModelMultipleChoiceField(
        label=_("Sites"), queryset=Site.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    is_trial = forms.BooleanField(label=_("Randomised trial"), required=False)

    def __init__(
        self, *args: object, sources: list[tuple[str, str]], sites: object, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = sources
        self.fields["sites"].queryset = sites


class ProgrammeAdaptForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    caseload_limit = forms.IntegerField(
        label=_("Caseload limit per full-time worker"), min_value=1, max_value=60
    )
    engagement_every = forms.IntegerField(
        label=_("Before the first phase: days between contacts"), min_value=1, max_value=365
    )
    areas = forms.CharField(
        label=_("Areas of focus"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One per line. Existing areas keep their key; new lines become new areas."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: object, phases: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.phase_keys = [key for key, _name in phases]
        for key, name in phases:
            self.fields[f"months_{key}"] = forms.IntegerField(
                label=_("%(phase)s: months") % {"phase": name}, min_value=1, max_value=24
            )
            self.fields[f"every_{key}"] = forms.IntegerField(
                label=_("%(phase)s: days between contacts") % {"phase": name}, min_value=1, max_value=365
            )


class EnrolForm(forms.Form):
    participant = forms.ModelChoiceField(label=_("Participant (study code)"), queryset=None)
    enrolled_on = _date(_("Enrolment date"), initial=dt.date.today)
    first_visit_on = _date(_("First visit to the service"), required=False)
    start_date = _date(_("Intervention start (if known)"), required=False)

    def __init__(self, *args: object, participants: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = participants


class StartForm(forms.Form):
    start_date = _date(_("Intervention start"), initial=dt.date.today)


class TeamChoiceForm(forms.Form):
    team = forms.ChoiceField(label=_("Team"), widget=forms.RadioSelect)
    on = _date(_("From"), initial=dt.date.today)

    def __init__(self, *args: object, teams: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = teams


class PhaseDatesForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the change"), widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: object, phases: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.phase_keys = [key for key, _name in phases]
        for key, name in phases:
            self.fields[f"start_{key}"] = _date(_("%(phase)s: starts") % {"phase": name})
            self.fields[f"end_{key}"] = _date(_("%(phase)s: ends") % {"phase": name})
        self.order_fields([f for key in self.phase_keys for f in (f"start_{key}", f"end_{key}")] + ["reason"])


class TransitionForm(forms.Form):
    on = _date(_("Date of the move to the next phase"), initial=dt.date.today)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ExitForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why did the participant leave?"), choices=ExitReason.choices)
    on = _date(_("Date"), initial=dt.date.today)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CloseForm(forms.Form):
    final_meeting_on = _date(_("Final transfer-of-care meeting"), initial=dt.date.today)
    closing_note = forms.CharField(label=_("Closing note"), widget=forms.Textarea(attrs={"rows": 4}))


class ContactForm(forms.Form):
    contact_on = _date(_("Date"), initial=dt.date.today)
    kind = forms.ChoiceField(label=_("Type"), choices=ContactKind.choices, widget=forms.RadioSelect)
    attendees = forms.MultipleChoiceField(
        label=_("Who attended"), choices=Attendee.choices, widget=forms.CheckboxSelectMultiple
    )
    duration_minutes = forms.TypedChoiceField(
        label=_("Duration"), choices=DURATIONS, coerce=int, widget=forms.RadioSelect, initial=45
    )
    place = forms.ChoiceField(label=_("Place"), choices=[("", "---"), *ContactPlace.choices], required=False)
    targets = forms.MultipleChoiceField(
        label=_("Targets worked on"), required=False, widget=forms.CheckboxSelectMultiple
    )
    areas = forms.MultipleChoiceField(
        label=_("Areas of focus addressed"), required=False, widget=forms.CheckboxSelectMultiple
    )
    outside_role_tasks = forms.MultipleChoiceField(
        label=_("Was the peer worker asked to do any of these?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("These tasks are outside the peer role; they are counted for the coordinator."),
    )
    note = forms.CharField(label=_("Short note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    # A retried post (a phone on a bad connection) carries the same key and is recorded once.
    client_token = SubmissionKeyField()

    def __init__(
        self,
        *args: object,
        targets: list[tuple[str, str]],
        areas: list[tuple[str, str]],
        tasks: list[tuple[str, str]],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["targets"].choices = targets
        self.fields["areas"].choices = areas
        self.fields["outside_role_tasks"].choices = tasks
        if not self.is_bound:
            self.initial.setdefault("client_token", new_submission_key())


class FocusAreaForm(forms.Form):
    phase_key = forms.ChoiceField(label=_("Phase"))
    area_key = forms.ChoiceField(label=_("Area of focus"))
    goal = forms.CharField(label=_("Goal"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: object, phases: list, areas: list, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phase_key"].choices = phases
        self.fields["area_key"].choices = areas


class FocusProgressForm(forms.Form):
    progress = forms.ChoiceField(label=_("Progress"), choices=Progress.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class RecoveryPlanForm(forms.Form):
    interests = forms.CharField(
        label=_("Interests"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    strengths = forms.CharField(
        label=_("Strengths"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    vulnerabilities = forms.CharField(
        label=_("Vulnerabilities"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class GoalForm(forms.Form):
    text = forms.CharField(label=_("New goal"), widget=forms.Textarea(attrs={"rows": 2}))
    built_on = forms.CharField(label=_("Built on (an interest or strength)"), required=False, max_length=200)


class GoalStatusForm(forms.Form):
    goal = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices)


class PlanReviewForm(forms.Form):
    phase_key = forms.ChoiceField(label=_("Phase"))
    reviewed_on = _date(_("Reviewed on"), initial=dt.date.today)
    note = forms.CharField(label=_("What changed"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: object, phases: list, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phase_key"].choices = phases


CRISIS_ROWS = 3


class CrisisPlanForm(forms.Form):
    warning_signs = forms.CharField(label=_("Warning signs"), widget=forms.Textarea(attrs={"rows": 3}))
    what_helps = forms.CharField(label=_("What helps"), widget=forms.Textarea(attrs={"rows": 3}))
    what_to_avoid = forms.CharField(
        label=_("What does not help"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for index in range(1, CRISIS_ROWS + 1):
            self.fields[f"call_name_{index}"] = forms.CharField(
                label=_("Person %(n)s to call: name") % {"n": index}, required=False, max_length=120
            )
            self.fields[f"call_relation_{index}"] = forms.CharField(
                label=_("Person %(n)s: who they are") % {"n": index}, required=False, max_length=120
            )
            self.fields[f"call_phone_{index}"] = forms.CharField(
                label=_("Person %(n)s: phone") % {"n": index},
                required=False,
                max_length=40,
                widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            )

    def people(self) -> list[dict[str, str]]:
        data = self.cleaned_data
        return [
            {
                "name": data.get(f"call_name_{i}", ""),
                "relation": data.get(f"call_relation_{i}", ""),
                "phone": data.get(f"call_phone_{i}", ""),
            }
            for i in range(1, CRISIS_ROWS + 1)
        ]


class LinkageForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Formal or informal"), choices=SupportKind.choices, widget=forms.RadioSelect
    )
    support_type = forms.ChoiceField(label=_("Type of support"), choices=SupportType.choices)
    name = forms.CharField(label=_("Name of the service, group or person"), max_length=200)
    proposed_on = _date(_("Proposed on"), initial=dt.date.today)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class LinkageUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"), choices=[c for c in LinkageStatus.choices if c[0] != "proposed"]
    )
    on = _date(_("Date"), initial=dt.date.today)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)


AGE_BAND_CHOICES = [("", "---")] + [(label, label) for _low, _high, label in AGE_BANDS]


class TeamForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    name = forms.CharField(label=_("Team name"), max_length=120)
    psw = forms.ModelChoiceField(label=_("Peer support worker"), queryset=User.objects.none())
    psw_fte = forms.DecimalField(
        label=_("Peer support worker: full-time equivalent"), min_value=Decimal("0.1"), max_value=1, initial=1
    )
    psw_gender = forms.ChoiceField(
        label=_("Peer support worker: gender (for matching)"),
        choices=[("", "---"), *Gender.choices],
        required=False,
    )
    psw_age_band = forms.ChoiceField(
        label=_("Peer support worker: age band"), choices=AGE_BAND_CHOICES, required=False
    )
    cmhw = forms.ModelChoiceField(
        label=_("Community mental health worker"), queryset=User.objects.none(), required=False
    )
    cmhw_fte = forms.DecimalField(
        label=_("Community mental health worker: full-time equivalent"),
        min_value=Decimal("0.1"),
        max_value=1,
        initial=1,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages the team works in"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: object, sites: object, psws: object, cmhws: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        self.fields["psw"].queryset = psws
        self.fields["cmhw"].queryset = cmhws


class ReviewForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    held_on = _date(_("Meeting date"), initial=dt.date.today)
    attendees = forms.ModelMultipleChoiceField(
        label=_("Who attended"), queryset=User.objects.none(), widget=CheckboxSelectMultiple
    )
    discussed = forms.MultipleChoiceField(
        label=_("Participants discussed"), required=False, widget=CheckboxSelectMultiple
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    decisions = forms.CharField(
        label=_("Decisions"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self, *args: object, sites: object, attendees: object, discussed: list, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        self.fields["attendees"].queryset = attendees
        self.fields["discussed"].choices = discussed
