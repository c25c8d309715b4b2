"""Case attributes: inherited from the Puente record a case links to, plus the team's own.

A service user case inherits gender, age band, diagnosis group, family support and site from the
participant (pseudonymised: never a name); a worker case inherits role and site. Custom attributes
are added on top and win on a clash, so a team can correct or refine a value for its study.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from puente.people.models import Participant
from puente.qualitative.models import Case, CaseKind

INHERITED_KEYS = ("gender", "age_band", "diagnosis_group", "family_support", "site", "role")


def attribute_labels() -> dict[str, str]:
    return {
        "gender": _("Gender"),
        "age_band": _("Age band"),
        "diagnosis_group": _("Diagnosis group"),
        "family_support": _("Family support"),
        "site": _("Site"),
        "role": _("Role"),
    }


class AttributeReader:
    """Reads the attributes of many cases in one request: the labels and the display values of the
    participant's choices are translated once, not once per case (most of a large matrix's cost)."""

    def __init__(self) -> None:
        self.labels = attribute_labels()
        fields = ("gender", "diagnosis_group", "family_support")
        self.displays = {
            name: {value: str(label) for value, label in Participant._meta.get_field(name).flatchoices}
            for name in fields
        }
        self.roles = {value: str(label) for value, label in CaseKind.choices}

    def of(self, case: Case) -> dict[str, str]:
        """Inherited and custom attributes, keyed by a human-readable name."""
        p = case.participant
        if p is None:
            return self.of_values(case.kind, case.attributes)
        profile = (p.gender, p.age_band, p.diagnosis_group, p.family_support, p.site.name)
        return self.of_values(case.kind, case.attributes, *profile)

    def of_values(
        self,
        kind: str,
        custom: dict | None,
        gender: str | None = None,
        age_band: str = "",
        diagnosis_group: str = "",
        family_support: str = "",
        site: str = "",
    ) -> dict[str, str]:
        """The same from plain values (``gender`` None: the case links to no participant)."""
        values: dict[str, str] = {}
        if gender is not None:
            values["gender"] = self.displays["gender"].get(gender, gender)
            values["age_band"] = age_band
            values["diagnosis_group"] = self.displays["diagnosis_group"].get(diagnosis_group, diagnosis_group)
            values["family_support"] = self.displays["family_support"].get(family_support, family_support)
            values["site"] = site
        if kind in (CaseKind.PSW, CaseKind.PROFESSIONAL):
            values["role"] = self.roles[kind]
        merged = {self.labels[k]: v for k, v in values.items() if v}
        merged.update({str(k): str(v) for k, v in (custom or {}).items()})
        return merged


def case_attributes(case: Case) -> dict[str, str]:
    """Inherited and custom attributes, keyed by a human-readable name."""
    return AttributeReader().of(case)


def attribute_names(cases: list[Case], rows: list[dict[str, str]] | None = None) -> list[str]:
    """Every attribute any of the cases has, inherited ones first in a fixed order."""
    labels = attribute_labels()
    names: list[str] = []
    seen: set[str] = set()
    if rows is None:
        reader = AttributeReader()
        rows = [reader.of(c) for c in cases]
    for key in INHERITED_KEYS:
        label = labels[key]
        if any(label in row for row in rows):
            names.append(label)
            seen.add(label)
    for row in rows:
        for name in row:
            if name not in seen:
                seen.add(name)
                names.append(name)
    return names
