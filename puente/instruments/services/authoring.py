"""Researchers' own instruments: saved from the form-based builder, or copied from another instrument."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from puente.accounts.models import User
from puente.instruments.builder.build import IDENTIFIER, BuilderError, BuilderInput, build_definition
from puente.instruments.models import Instrument
from puente.instruments.services.catalogue import do_create_instrument, do_revise_instrument


def built_definition(spec: BuilderInput) -> dict[str, Any]:
    try:
        return build_definition(spec)
    except BuilderError as exc:
        raise ValidationError(exc.messages, code="builder") from exc


def do_save_built_instrument(
    *,
    actor: User,
    spec: BuilderInput,
    instrument: Instrument | None = None,
    expected_version: int | None = None,
    note: str = "",
) -> Instrument:
    """Create an instrument from the builder's rows, or save them as a new version of ``instrument``.

    The version being edited is the base: what the form does not show is kept from it. The definition
    is then validated against the JSON schema like any other (inside the create/revise services).
    """
    if instrument is None:
        return do_create_instrument(
            actor=actor,
            definition=built_definition(dataclasses.replace(spec, base=None)),
            note=note or "built",
        )
    base = instrument.current.definition if instrument.current else None
    spec = dataclasses.replace(spec, code=instrument.code, base=base)
    return do_revise_instrument(
        actor=actor,
        instrument=instrument,
        definition=built_definition(spec),
        expected_version=instrument.version if expected_version is None else expected_version,
        note=note or "edited in the builder",
    )


def renamed_definition(definition: Mapping[str, Any], code: str, abbreviation: str) -> dict[str, Any]:
    """A copy of a definition under a new code; item ids follow the new code."""
    out = copy.deepcopy(dict(definition))
    old = out["id"]

    def swap(item_id: str) -> str:
        return code + item_id[len(old) :] if item_id.startswith(f"{old}_") else f"{code}_{item_id}"

    out["id"] = code
    out["abbreviation"] = abbreviation
    for item in out["items"]:
        item["id"] = swap(item["id"])
    for score in out["scores"]:
        score["items"] = [swap(i) for i in score["items"]]
    return out


def do_copy_instrument(*, actor: User, source: Instrument, code: str, abbreviation: str) -> Instrument:
    """A custom copy of any instrument (shipped ones are not editable, but can be copied and adapted)."""
    code = code.strip().lower()
    abbreviation = abbreviation.strip()
    if not IDENTIFIER.match(code):
        raise ValidationError(
            _("The code may only hold lower-case letters, digits and _, starting with a letter."), code="code"
        )
    if not abbreviation:
        raise ValidationError(_("Give the copy an abbreviation."), code="abbreviation")
    revision = source.current
    definition = renamed_definition(revision.definition, code, abbreviation)
    return do_create_instrument(
        actor=actor,
        definition=definition,
        note=f"copy of {source.abbreviation} version {revision.number}",
        copied_from=f"{source.code} r{revision.number}",
    )
