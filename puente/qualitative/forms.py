from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from puente.accounts.models import Site
from puente.qualitative import frameworks
from puente.qualitative.models import CaseKind, DocumentKind


class ProjectForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    sites = forms.ModelMultipleChoiceField(
        label=_("Sites"), queryset=Site.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, sites=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sites"].queryset = sites if sites is not None else Site.objects.none()


class SettingsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    deidentify_list = forms.CharField(
        label=_("Names and places to remove from transcripts"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line. Add '= [PLACE]' to choose the replacement, e.g. 'Villa Norte = [PLACE]'."),
    )


class MemberForm(forms.Form):
    username = forms.CharField(label=_("User name of the researcher or coordinator"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=[("coder", _("Coder")), ("lead", _("Lead"))])


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    file = forms.FileField(
        label=_("Transcript file"), required=False, help_text=_(".txt (UTF-8), .docx, .odt, .vtt or .srt")
    )
    text = forms.CharField(
        label=_("Or paste the text"), required=False, strip=False, widget=forms.Textarea(attrs={"rows": 8})
    )


class FrameworkForm(forms.Form):
    framework = forms.ChoiceField(label=_("Starting framework"), choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].choices = [(f.slug, f.name) for f in frameworks.all_frameworks()]


class CodeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Name"), max_length=200)
    parent = forms.TypedChoiceField(label=_("Under"), coerce=int, required=False, empty_value=None)
    colour = forms.CharField(
        label=_("Colour"), max_length=7, initial="#4a7fb5", widget=forms.TextInput(attrs={"type": "color"})
    )
    definition = forms.CharField(
        label=_("Definition"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    inclusion = forms.CharField(
        label=_("Use it when"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    exclusion = forms.CharField(
        label=_("Do not use it when"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    example = forms.CharField(label=_("Example"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [("", _("(top level)"))] + [
            (c.pk, "\u2003" * depth + c.name) for c, depth in codes
        ]


class CaseForm(forms.Form):
    name = forms.CharField(
        label=_("Case (study code)"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the participant's study code."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=CaseKind.choices)
    participant = forms.TypedChoiceField(label=_("Participant"), coerce=int, required=False, empty_value=None)
    attributes = forms.CharField(
        label=_("Custom attributes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, as 'name: value'."),
    )

    def __init__(self, *args, participants=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].choices = [("", _("(none)"))] + [
            (p.pk, p.study_code) for p in participants
        ]


class CaseAttributesForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    attributes = forms.CharField(
        label=_("Custom attributes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line, as 'name: value'."),
    )


class LinkDocumentForm(forms.Form):
    document = forms.TypedChoiceField(label=_("Document"), coerce=int)
    speaker = forms.CharField(
        label=_("Only the turns of speaker"),
        required=False,
        max_length=100,
        help_text=_("For a focus group: the label this person speaks under, e.g. P3."),
    )

    def __init__(self, *args, documents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].choices = [(d.pk, d.title) for d in documents]


class MemoForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    text = forms.CharField(label=_("Memo"), widget=forms.Textarea(attrs={"rows": 5}))


class CellForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 6}))


class RefiImportForm(forms.Form):
    file = forms.FileField(label=_("REFI-QDA file (.qdpx project or .qdc codebook)"))
    positions = forms.ChoiceField(
        label=_("Text positions"),
        choices=[
            ("auto", _("Detect (recommended)")),
            ("codepoints", _("Unicode code points (the standard)")),
            ("utf16", _("UTF-16 code units (NVivo)")),
        ],
    )


def parse_attributes(raw: str) -> dict[str, str]:
    result = {}
    for line in raw.splitlines():
        name, sep, value = line.partition(":")
        if sep and name.strip():
            result[name.strip()] = value.strip()
    return result


def format_attributes(values: dict) -> str:
    return "\n".join(f"{k}: {v}" for k, v in values.items())
