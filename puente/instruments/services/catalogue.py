"""Instruments in the database: the shipped definitions kept in step, and researchers' own ones."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from puente.accounts.models import User
from puente.audit import services as audit
from puente.instruments.loader import DefinitionError, list_definitions, load_definition, validate_definition
from puente.instruments.models import Instrument, InstrumentRevision, InstrumentSource
from puente.instruments.redcap import RedcapError, from_redcap_csv
from puente.people.services import StaleEdit

MAX_DICTIONARY_BYTES = 2_000_000


def definition_digest(definition: Mapping[str, Any]) -> str:
    text = json.dumps(definition, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_definition(definition: Any) -> None:
    if not isinstance(definition, Mapping):
        raise ValidationError(_("An instrument definition must be a JSON object."), code="definition")
    try:
        validate_definition(definition)
    except DefinitionError as exc:
        raise ValidationError(
            _("The definition is not valid: %(problem)s") % {"problem": exc}, code="definition"
        ) from exc


def parse_definition_text(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            _("This is not valid JSON (line %(line)s, column %(column)s): %(problem)s")
            % {"line": exc.lineno, "column": exc.colno, "problem": exc.msg},
            code="json",
        ) from exc
    check_definition(data)
    return data


def parse_dictionary_text(text: str) -> dict[str, Any]:
    """A definition from a REDCap data dictionary exported by Puente; refuses anything malformed."""
    if len(text.encode("utf-8")) > MAX_DICTIONARY_BYTES:
        raise ValidationError(_("The data dictionary is too large."), code="redcap")
    try:
        return from_redcap_csv(text)
    except (RedcapError, DefinitionError) as exc:
        raise ValidationError(
            _("The data dictionary could not be imported: %(problem)s") % {"problem": exc}, code="redcap"
        ) from exc


def _add_revision(
    instrument: Instrument, definition: Mapping[str, Any], actor: User | None, note: str
) -> InstrumentRevision:
    number = (instrument.revisions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    revision = InstrumentRevision.objects.create(
        instrument=instrument,
        number=number,
        definition=dict(definition),
        digest=definition_digest(definition),
        note=note[:300],
        created_by=actor,
    )
    instrument.current = revision
    instrument.abbreviation = definition["abbreviation"]
    return revision


def do_sync_shipped_instruments(*, actor: User | None = None) -> int:
    """Store every shipped definition, adding a revision where a file changed. Returns how many changed."""
    changed = 0
    with transaction.atomic():
        existing = {i.code: i for i in Instrument.objects.select_related("current")}
        for ident in list_definitions():
            definition = load_definition(ident)
            instrument = existing.get(ident)
            current = instrument.current if instrument is not None else None
            if current is not None and current.digest == definition_digest(definition):
                continue
            created = instrument is None
            if created:
                instrument = Instrument.objects.create(
                    code=ident, source=InstrumentSource.SHIPPED, abbreviation=definition["abbreviation"]
                )
            revision = _add_revision(instrument, definition, actor, "shipped definition")
            if not created:
                instrument.version += 1
            instrument.save()
            audit.record(
                actor=actor,
                action="instrument.sync",
                obj=instrument,
                after={"revision": revision.number, "digest": revision.digest},
            )
            changed += 1
    return changed


def do_create_instrument(
    *, actor: User, definition: Mapping[str, Any], note: str = "", copied_from: str = ""
) -> Instrument:
    check_definition(definition)
    code = definition["id"]
    with transaction.atomic():
        if code in list_definitions() or Instrument.objects.filter(code=code).exists():
            raise ValidationError(
                _("An instrument with the id %(code)s already exists; choose another id.") % {"code": code},
                code="duplicate",
            )
        instrument = Instrument.objects.create(
            code=code,
            source=InstrumentSource.CUSTOM,
            abbreviation=definition["abbreviation"],
            created_by=actor,
        )
        revision = _add_revision(instrument, definition, actor, note or "created")
        instrument.save()
        audit.record(
            actor=actor,
            action="instrument.create",
            obj=instrument,
            after={"code": code, "revision": revision.number, "digest": revision.digest}
            | ({"copied_from": copied_from} if copied_from else {}),
        )
    return instrument


def do_revise_instrument(
    *,
    actor: User,
    instrument: Instrument,
    definition: Mapping[str, Any],
    expected_version: int,
    note: str = "",
) -> Instrument:
    """Save a new version of a custom instrument; earlier answers keep the version they used."""
    if instrument.source != InstrumentSource.CUSTOM:
        raise ValidationError(
            _("Shipped instruments cannot be edited here; create a custom instrument instead."),
            code="shipped",
        )
    check_definition(definition)
    if definition["id"] != instrument.code:
        raise ValidationError(
            _("The id of an instrument cannot change (it is %(code)s).") % {"code": instrument.code},
            code="id",
        )
    with transaction.atomic():
        current = (
            Instrument.objects.select_for_update(of=("self",)).select_related("current").get(pk=instrument.pk)
        )
        if current.version != expected_version:
            raise StaleEdit(
                _("Someone else changed this instrument while you were editing it. Reload it and try again."),
                code="stale",
            )
        digest = definition_digest(definition)
        if current.current is not None and current.current.digest == digest:
            return current
        before = {"revision": current.current.number if current.current else None}
        revision = _add_revision(current, definition, actor, note or "revised")
        current.version += 1
        current.save()
        audit.record(
            actor=actor,
            action="instrument.revise",
            obj=current,
            before=before,
            after={"revision": revision.number, "digest": digest, "note": note},
        )
    return current


def do_import_dictionary(
    *, actor: User, text: str, instrument: Instrument | None = None, expected_version: int | None = None
) -> Instrument:
    """Create an instrument from a REDCap data dictionary, or a new version of ``instrument``."""
    definition = parse_dictionary_text(text)
    if instrument is None:
        return do_create_instrument(
            actor=actor, definition=definition, note="imported from a REDCap dictionary"
        )
    return do_revise_instrument(
        actor=actor,
        instrument=instrument,
        definition=definition,
        expected_version=instrument.version if expected_version is None else expected_version,
        note="imported from a REDCap dictionary",
    )
