"""The evaluation builder's form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from puente.analysis.options import EvaluationOptions
from puente.instruments.models import RespondentGroup


class ProgrammeForm(forms.Form):
    programme = forms.ChoiceField(label=_("Programme"))

    def __init__(self, *args: object, programmes: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = [(p.pk, p.name) for p in programmes]


class BuilderForm(forms.Form):
    programme = forms.IntegerField(widget=forms.HiddenInput)
    groups = forms.MultipleChoiceField(label=_("Groups"), widget=forms.CheckboxSelectMultiple)
    split_by_arm = forms.BooleanField(label=_("Compare the trial arms (service users)"), required=False)
    instruments = forms.MultipleChoiceField(label=_("Instruments"), widget=forms.CheckboxSelectMultiple)
    time_points = forms.MultipleChoiceField(label=_("Time points"), widget=forms.CheckboxSelectMultiple)
    scores = forms.ChoiceField(
        label=_("Scores"),
        choices=[
            ("main", _("Main scores (totals, or subscales when there is no total)")),
            ("all", _("All scores")),
        ],
        initial="main",
    )
    alpha = forms.DecimalField(
        label=_("Significance level"), min_value=0.001, max_value=0.2, initial=0.05, decimal_places=3
    )
    correction = forms.ChoiceField(
        label=_("Correction for multiple tests"),
        choices=[("holm", "Holm"), ("bonferroni", "Bonferroni"), ("none", _("None"))],
        initial="holm",
    )
    trial_cluster = forms.ChoiceField(
        label=_("Trial model: cluster observations by"),
        choices=[("site", _("Site")), ("participant", _("Participant"))],
        initial="site",
    )
    trial_model = forms.ChoiceField(
        label=_("Trial model"),
        choices=[("gee", _("GEE")), ("mixed", _("Linear mixed model")), ("both", _("Both"))],
        initial="gee",
    )

    def __init__(self, *args: object, choices: dict, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(RespondentGroup.choices)
        self.fields["groups"].choices = [(g, labels.get(g, g)) for g in choices["groups"]]
        self.fields["instruments"].choices = list(choices["instruments"])
        self.fields["time_points"].choices = [(tp, tp) for tp in choices["time_points"]]
        self.time_point_order = list(choices["time_points"])

    def options(self) -> EvaluationOptions:
        data = self.cleaned_data
        return EvaluationOptions(
            groups=tuple(data["groups"]),
            split_by_arm=bool(data["split_by_arm"]),
            instruments=tuple(data["instruments"]),
            time_points=tuple(tp for tp in self.time_point_order if tp in data["time_points"]),
            scores=data["scores"],
            alpha=float(data["alpha"]),
            correction=data["correction"],
            trial_cluster=data["trial_cluster"],
            trial_model=data["trial_model"],
        )

    @staticmethod
    def initial_from(options: EvaluationOptions, programme_pk: int) -> dict:
        return {**options.to_dict(), "programme": programme_pk}


class SaveForm(forms.Form):
    title = forms.CharField(label=_("Title of the evaluation"), max_length=200)


class ReportForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the report"))

    def __init__(self, *args: object, **kwargs: object) -> None:
        from django.conf import settings

        super().__init__(*args, **kwargs)
        self.fields["language"].choices = settings.LANGUAGES
