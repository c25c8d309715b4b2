"""Forms of the joint-display builder, the case view and the subgroup comparison."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from puente.integration.cases import DIRECTIONS, SPLITS
from puente.integration.models import MetaInference
from puente.qualitative.models import CodebookVersion


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: CodebookVersion) -> str:
        return _("%(project)s: codebook version %(number)s") % {
            "project": obj.project.name,
            "number": obj.number,
        }


class DisplayForm(forms.Form):
    title = forms.CharField(label=_("Title of the joint display"), max_length=200)
    evaluation = forms.ModelChoiceField(label=_("Evaluation (quantitative strand)"), queryset=None)
    project = forms.ModelChoiceField(label=_("Qualitative project"), queryset=None)
    codebook_version = VersionChoiceField(label=_("Codebook version"), queryset=None)

    def __init__(self, *args: object, evaluations, projects, versions, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evaluation"].queryset = evaluations
        self.fields["project"].queryset = projects
        self.fields["codebook_version"].queryset = versions


class DisplayEditForm(forms.Form):
    title = forms.CharField(label=_("Title of the joint display"), max_length=200)
    codebook_version = VersionChoiceField(label=_("Codebook version"), queryset=None)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: object, versions, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["codebook_version"].queryset = versions


class CodeLinksForm(forms.Form):
    """Codes come from the display's codebook version (as named there); groups from the project."""

    codes = forms.MultipleChoiceField(label=_("Codes"), required=False, widget=forms.CheckboxSelectMultiple)
    code_groups = forms.MultipleChoiceField(
        label=_("Code groups"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: object, codes: dict[int, str], groups: list, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["codes"].choices = sorted(
            ((str(k), v) for k, v in codes.items()), key=lambda c: c[1].lower()
        )
        self.fields["code_groups"].choices = [(str(g.pk), g.name) for g in groups]


class RowAddForm(CodeLinksForm):
    comparison_key = forms.ChoiceField(label=_("Quantitative result"))
    field_order = ["comparison_key", "codes", "code_groups"]

    def __init__(self, *args: object, results: list, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["comparison_key"].choices = [(r.key, r.label) for r in results]


class RowEditForm(CodeLinksForm):
    meta_inference = forms.ChoiceField(
        label=_("Meta-inference"), choices=MetaInference.choices, required=False
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class RetireForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


def _float(value: object) -> float:
    try:
        return abs(float(str(value).replace(",", ".")))
    except ValueError:
        return 0.0


class OutcomeForm(forms.Form):
    """GET filters: which outcome, which two time points."""

    outcome = forms.ChoiceField(label=_("Outcome"))
    before = forms.ChoiceField(label=_("From"))
    after = forms.ChoiceField(label=_("To"))
    threshold = forms.DecimalField(
        label=_("Points"), min_value=0, max_digits=6, decimal_places=2, required=False
    )

    def __init__(self, *args: object, outcomes: list, time_points: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [(o.key, o.label) for o in outcomes]
        self.fields["before"].choices = [(tp, tp) for tp in time_points]
        self.fields["after"].choices = [(tp, tp) for tp in time_points]

    def threshold_value(self) -> float:
        return _float(self.cleaned_data.get("threshold") or 0)


class CaseFilterForm(OutcomeForm):
    direction = forms.ChoiceField(
        label=pgettext_lazy("the size of a change in a score", "Change"),
        choices=list(
            zip(
                DIRECTIONS,
                [_("Any change"), _("Fell by more than the points"), _("Rose by more than the points")],
                strict=True,
            )
        ),
    )


class SubgroupForm(OutcomeForm):
    split = forms.ChoiceField(
        label=_("Subgroups"),
        choices=list(
            zip(SPLITS, [_("Improved by more than the points, or not"), _("Trial arm")], strict=True)
        ),
    )
