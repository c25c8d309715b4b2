"""Creating programmes from templates, copying and adapting them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from puente.accounts.models import Site, User
from puente.audit import services as audit
from puente.programs import definitions
from puente.programs.models import Programme
from puente.programs.services.common import stale


def _check_code(code: str) -> str:
    code = code.strip().lower()
    if Programme.objects.filter(code=code).exists():
        raise ValidationError(_("The code %(code)s is already in use.") % {"code": code}, code="duplicate")
    return code


def _check_definition(definition: dict[str, Any]) -> None:
    problems = definitions.problems_in(definition)
    if problems:
        raise ValidationError(
            _("This programme definition cannot be used: %(problems)s") % {"problems": "; ".join(problems)},
            code="definition",
        )


def do_create_programme(
    *,
    actor: User,
    code: str,
    name: str,
    sites: list[Site],
    definition: dict[str, Any],
    is_trial: bool = False,
    copied_from: Programme | None = None,
) -> Programme:
    _check_definition(definition)
    if not sites:
        raise ValidationError(_("Choose at least one site."), code="sites")
    if is_trial and not definitions.arms(definition):
        raise ValidationError(_("A randomised trial needs arms in its definition."), code="arms")
    with transaction.atomic():
        programme = Programme.objects.create(
            code=_check_code(code),
            name=name.strip(),
            kind=definition["kind"],
            definition=definition,
            is_trial=is_trial,
            copied_from=copied_from,
        )
        programme.sites.set(sites)
        audit.record(
            actor=actor,
            action="programme.create",
            obj=programme,
            site_id=sites[0].pk,
            after={
                "code": programme.code,
                "name": programme.name,
                "kind": programme.kind,
                "sites": [s.pk for s in sites],
                "is_trial": is_trial,
                "copied_from": copied_from.pk if copied_from else definition.get("code", ""),
            },
        )
    return programme


def do_create_from_template(
    *, actor: User, template_code: str, code: str, name: str, sites: list[Site], is_trial: bool = False
) -> Programme:
    try:
        definition = definitions.load_template(template_code)
    except definitions.DefinitionError as error:
        raise ValidationError(str(error)) from error
    return do_create_programme(
        actor=actor, code=code, name=name, sites=sites, definition=definition, is_trial=is_trial
    )


def do_copy_programme(
    *, actor: User, source: Programme, code: str, name: str, sites: list[Site], is_trial: bool
) -> Programme:
    return do_create_programme(
        actor=actor,
        code=code,
        name=name,
        sites=sites,
        definition=definitions.copy_definition(source.definition),
        is_trial=is_trial,
        copied_from=source,
    )


def do_adapt_programme(
    *, actor: User, programme: Programme, expected_version: int, definition: dict[str, Any], name: str
) -> Programme:
    """Change a programme's definition (phases, frequencies, areas of focus...). Enrolments already
    running keep their phase dates; new ones follow the new definition."""
    _check_definition(definition)
    with transaction.atomic():
        current = Programme.objects.select_for_update().get(pk=programme.pk)
        if current.version != expected_version:
            raise stale()
        if (
            current.is_trial
            and current.enrolments.exists()
            and (definitions.arms(current.definition) != definitions.arms(definition))
        ):
            raise ValidationError(_("The arms of a trial that has started cannot change."), code="arms")
        before = {"name": current.name, "definition": current.definition}
        current.name = name.strip() or current.name
        current.definition = definition
        current.version += 1
        current.save()
        old, new = audit.changed(before, {"name": current.name, "definition": definition})
        audit.record(
            actor=actor,
            action="programme.adapt",
            obj=current,
            site_id=current.sites.values_list("pk", flat=True).first(),
            before=old,
            after=new,
        )
    return current


def record_allocation_export(*, actor: User, programme: Programme, site_ids: set[int], count: int) -> None:
    """Every download of the allocation table is audited."""
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="allocation.export",
            obj=programme,
            site_id=min(site_ids) if site_ids else None,
            after={"sites": sorted(site_ids), "rows": count},
        )
