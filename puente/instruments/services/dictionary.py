"""Import a REDCap data dictionary: Puente's own export (lossless) or any REDCap project's (with a report)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from puente.accounts.models import User
from puente.audit import services as audit
from puente.instruments.loader import DefinitionError
from puente.instruments.models import Instrument
from puente.instruments.redcap import RedcapError, from_redcap_csv
from puente.instruments.redcap_plain import (
    ImportReport,
    as_comma_csv,
    import_plain_dictionary,
    read_dictionary,
)
from puente.instruments.services.catalogue import (
    MAX_DICTIONARY_BYTES,
    do_create_instrument,
    do_revise_instrument,
)

PUENTE_TAG = "@PUENTE-INSTRUMENT"


@dataclass
class DictionaryImport:
    instrument: Instrument
    report: ImportReport | None  # None: a dictionary Puente exported, imported whole


def _refuse(exc: Exception) -> ValidationError:
    return ValidationError(
        _("The data dictionary could not be imported: %(problem)s") % {"problem": exc}, code="redcap"
    )


def do_import_any_dictionary(
    *,
    actor: User,
    text: str,
    instrument: Instrument | None = None,
    expected_version: int | None = None,
    form: str = "",
    code: str = "",
    language: str = "en",
) -> DictionaryImport:
    """A new instrument (or a new version of ``instrument``) from a data dictionary; nothing is saved
    when the file cannot be read."""
    if len(text.encode("utf-8")) > MAX_DICTIONARY_BYTES:
        raise ValidationError(_("The data dictionary is too large."), code="redcap")
    report = None
    try:
        rows = read_dictionary(text)
        if any(PUENTE_TAG in row["Field Annotation"] for _line, row in rows):
            definition = from_redcap_csv(as_comma_csv(rows), form=form or None)
        else:
            wanted = instrument.code if instrument is not None else code.strip().lower()
            definition, report = import_plain_dictionary(text, form=form, code=wanted, language=language)
    except (RedcapError, DefinitionError) as exc:
        raise _refuse(exc) from exc
    note = (
        "imported from a REDCap dictionary" if report is None else f"imported from REDCap form {report.form}"
    )
    with transaction.atomic():
        if instrument is None:
            saved = do_create_instrument(actor=actor, definition=definition, note=note)
        else:
            saved = do_revise_instrument(
                actor=actor,
                instrument=instrument,
                definition=definition,
                expected_version=instrument.version if expected_version is None else expected_version,
                note=note,
            )
        if report is not None:
            audit.record(
                actor=actor, action="instrument.import_dictionary", obj=saved, after=report.summary()
            )
    return DictionaryImport(saved, report)
