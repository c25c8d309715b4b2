"""Ready-made response scales offered in the builder, with their labels in every supported language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

# (value, {language: label}); every language the schema requires is present.
_AGREE = {
    "strongly_disagree": {
        "en": "Strongly disagree",
        "es": "Totalmente en desacuerdo",
        "pt": "Discordo totalmente",
        "ca": "Totalment en desacord",
        "it": "Fortemente in disaccordo",
    },
    "disagree": {
        "en": "Disagree",
        "es": "En desacuerdo",
        "pt": "Discordo",
        "ca": "En desacord",
        "it": "In disaccordo",
    },
    "neither": {
        "en": "Neither agree nor disagree",
        "es": "Ni de acuerdo ni en desacuerdo",
        "pt": "Não concordo nem discordo",
        "ca": "Ni d'acord ni en desacord",
        "it": "Né d'accordo né in disaccordo",
    },
    "agree": {"en": "Agree", "es": "De acuerdo", "pt": "Concordo", "ca": "D'acord", "it": "D'accordo"},
    "strongly_agree": {
        "en": "Strongly agree",
        "es": "Totalmente de acuerdo",
        "pt": "Concordo totalmente",
        "ca": "Totalment d'acord",
        "it": "Fortemente d'accordo",
    },
}
_FREQUENCY = [
    {"en": "Never", "es": "Nunca", "pt": "Nunca", "ca": "Mai", "it": "Mai"},
    {"en": "Rarely", "es": "Rara vez", "pt": "Raramente", "ca": "Rarament", "it": "Raramente"},
    {"en": "Sometimes", "es": "A veces", "pt": "Às vezes", "ca": "De vegades", "it": "A volte"},
    {"en": "Often", "es": "A menudo", "pt": "Frequentemente", "ca": "Sovint", "it": "Spesso"},
    {"en": "Always", "es": "Siempre", "pt": "Sempre", "ca": "Sempre", "it": "Sempre"},
]
_NO = {"en": "No", "es": "No", "pt": "Não", "ca": "No", "it": "No"}
_YES = {"en": "Yes", "es": "Sí", "pt": "Sim", "ca": "Sí", "it": "Sì"}
_NOT_AT_ALL = {"en": "Not at all", "es": "Nada", "pt": "Nada", "ca": "Gens", "it": "Per niente"}
_COMPLETELY = {
    "en": "Completely",
    "es": "Totalmente",
    "pt": "Totalmente",
    "ca": "Totalment",
    "it": "Completamente",
}
LANGUAGES = ("en", "es", "pt", "ca", "it")
TOTAL_LABEL = {
    "en": "Total score",
    "es": "Puntuación total",
    "pt": "Pontuação total",
    "ca": "Puntuació total",
    "it": "Punteggio totale",
}


def _numbered(values: list[int], ends: dict[int, dict[str, str]]) -> dict[str, dict[str, str]]:
    labels = {}
    for value in values:
        if value in ends:
            labels[str(value)] = {lang: f"{value} - {text}" for lang, text in ends[value].items()}
        else:
            labels[str(value)] = dict.fromkeys(LANGUAGES, str(value))
    return labels


def _scale(low: int, labels: list[dict[str, str]]) -> dict[str, Any]:
    return {
        "min": low,
        "max": low + len(labels) - 1,
        "labels": {str(low + i): label for i, label in enumerate(labels)},
    }


PRESET_SCALES: dict[str, dict[str, Any]] = {
    "agree5": _scale(
        1, [_AGREE[k] for k in ("strongly_disagree", "disagree", "neither", "agree", "strongly_agree")]
    ),
    "agree4": _scale(1, [_AGREE[k] for k in ("strongly_disagree", "disagree", "agree", "strongly_agree")]),
    "frequency5": _scale(1, _FREQUENCY),
    "frequency5_0": _scale(0, _FREQUENCY),
    "yes_no": _scale(0, [_NO, _YES]),
    "rating0_10": {
        "min": 0,
        "max": 10,
        "labels": _numbered(list(range(11)), {0: _NOT_AT_ALL, 10: _COMPLETELY}),
    },
}
PRESET_NAMES = {
    "agree5": _("Agreement, 1 strongly disagree - 5 strongly agree"),
    "agree4": _("Agreement, 1 strongly disagree - 4 strongly agree"),
    "frequency5": _("Frequency, 1 never - 5 always"),
    "frequency5_0": _("Frequency, 0 never - 4 always"),
    "yes_no": _("Yes or no, 0 no - 1 yes"),
    "rating0_10": _("Rating, 0 not at all - 10 completely"),
}
CUSTOM = "custom"
