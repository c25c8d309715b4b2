"""Case attributes: inherited from the Puente record a case links to, plus the team's own.

A service user case inherits gender, age band, diagnosis group, family support and site from the
participant (pseudonymised: never a name); a worker case inherits role and site. Custom attributes
are added on top and win on a clash, so a team can correct or refine a value for its study.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

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


def inherited(case: Case) -> dict[str, str]:
    values: dict[str, str] = {}
    participant = case.participant
    if participant is not None:
        values["gender"] = str(participant.get_gender_display())
        values["age_band"] = participant.age_band
        values["diagnosis_group"] = str(participant.get_diagnosis_group_display())
        values["family_support"] = str(participant.get_family_support_display())
        values["site"] = participant.site.name
    if case.kind in (CaseKind.PSW, CaseKind.PROFESSIONAL):
        values["role"] = str(case.get_kind_display())
    return {k: v for k, v in values.items() if v}


def case_attributes(case: Case) -> dict[str, str]:
    """Inherited and custom attributes, keyed by a human-readable name."""
    labels = attribute_labels()
    merged = {labels[k]: v for k, v in inherited(case).items()}
    merged.update({str(k): str(v) for k, v in (case.attributes or {}).items()})
    return merged


def attribute_names(cases: list[Case], rows: list[dict[str, str]] | None = None) -> list[str]:
    """Every attribute any of the cases has, inherited ones first in a fixed order."""
    labels = attribute_labels()
    names: list[str] = []
    seen: set[str] = set()
    rows = [case_attributes(c) for c in cases] if rows is None else rows
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
