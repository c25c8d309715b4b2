"""The codebook: codes, code groups, starting frameworks and numbered versions."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.accounts.models import User
from puente.audit import services as audit
from puente.qualitative import frameworks
from puente.qualitative.models import Code, CodebookVersion, CodeGroup, Project

from .common import member_for, record, stale

COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
CODE_TEXT_FIELDS = ("definition", "inclusion", "exclusion", "example")


def _snapshot(project: Project) -> list[dict]:
    return [
        {"id": c.pk, "name": c.name, "parent": c.parent_id, "retired": c.retired_at is not None}
        for c in Code.objects.filter(project=project).order_by("pk")
    ]


def new_version(*, actor: User | None, project: Project, changes: list[str]) -> CodebookVersion:
    """Record a codebook version; called inside the transaction of the change it describes."""
    number = (project.codebook_versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return CodebookVersion.objects.create(
        project=project, number=number, changes=changes, snapshot=_snapshot(project), created_by=actor
    )


def check_code(
    project: Project, *, name: str, colour: str, parent: Code | None, exclude_pk: int | None = None
) -> str:
    name = name.strip()
    if not name:
        raise ValidationError(_("Give the code a name."), code="name")
    if not COLOUR.fullmatch(colour):
        raise ValidationError(_("The colour must look like #1a2b3c."), code="colour")
    if parent is not None and parent.project_id != project.pk:
        raise ValidationError(_("The parent code belongs to another project."), code="parent")
    siblings = project.codes.filter(parent=parent, name__iexact=name, retired_at__isnull=True)
    if exclude_pk:
        siblings = siblings.exclude(pk=exclude_pk)
    if siblings.exists():
        raise ValidationError(
            _("There is already a code called %(name)s here.") % {"name": name}, code="duplicate"
        )
    return name


def do_create_code(
    *,
    actor: User | None,
    project: Project,
    name: str,
    parent: Code | None = None,
    colour: str = "#4a7fb5",
    definition: str = "",
    inclusion: str = "",
    exclusion: str = "",
    example: str = "",
) -> Code:
    with transaction.atomic():
        member_for(actor, project, lead=True)
        name = check_code(project, name=name, colour=colour, parent=parent)
        position = (project.codes.aggregate(p=Max("position"))["p"] or 0) + 1
        code = Code.objects.create(
            project=project,
            parent=parent,
            name=name,
            colour=colour,
            definition=definition,
            inclusion=inclusion,
            exclusion=exclusion,
            example=example,
            position=position,
        )
        new_version(actor=actor, project=project, changes=[_("Added code %(name)s") % {"name": name}])
        record(
            actor=actor,
            action="qda_code.create",
            obj=code,
            project=project,
            after=audit.snapshot(code, Code.AUDITED_FIELDS),
        )
    return code


def do_update_code(*, actor: User | None, code: Code, expected_version: int, changes: dict) -> Code:
    with transaction.atomic():
        member_for(actor, code.project, lead=True)
        current = Code.objects.select_for_update().get(pk=code.pk)
        if current.version != expected_version:
            raise stale()
        parent = changes.get("parent", current.parent)
        if parent is not None and (parent.pk == current.pk or _descends_from(parent, current)):
            raise ValidationError(
                _("A code cannot sit under itself or under one of its own sub-codes."), code="cycle"
            )
        changes["name"] = check_code(
            current.project,
            name=changes.get("name", current.name),
            colour=changes.get("colour", current.colour),
            parent=parent,
            exclude_pk=current.pk,
        )
        before = audit.snapshot(current, Code.AUDITED_FIELDS)
        for key, value in changes.items():
            setattr(current, key, value)
        old, new = audit.changed(before, audit.snapshot(current, Code.AUDITED_FIELDS))
        if not new:
            return current
        current.version += 1
        current.save()
        what = ", ".join(sorted(new))
        new_version(
            actor=actor,
            project=current.project,
            changes=[_("Changed %(fields)s of code %(name)s") % {"fields": what, "name": current.name}],
        )
        record(
            actor=actor, action="qda_code.update", obj=current, project=current.project, before=old, after=new
        )
    return current


def _descends_from(candidate: Code, ancestor: Code) -> bool:
    seen = set()
    node = candidate
    while node is not None and node.pk not in seen:
        if node.parent_id == ancestor.pk:
            return True
        seen.add(node.pk)
        node = node.parent
    return False


def do_retire_code(*, actor: User | None, code: Code, reason: str) -> Code:
    if not reason.strip():
        raise ValidationError(_("Give a reason for retiring this code."), code="reason")
    with transaction.atomic():
        member_for(actor, code.project, lead=True)
        if code.children.filter(retired_at__isnull=True).exists():
            raise ValidationError(_("Retire or move its sub-codes first."), code="children")
        code.retired_at = timezone.now()
        code.retired_reason = reason.strip()
        code.version += 1
        code.save()
        new_version(
            actor=actor,
            project=code.project,
            changes=[_("Retired code %(name)s: %(reason)s") % {"name": code.name, "reason": reason.strip()}],
        )
        record(
            actor=actor,
            action="qda_code.retire",
            obj=code,
            project=code.project,
            after={"reason": reason.strip()},
        )
    return code


def do_add_framework(*, actor: User | None, project: Project, slug: str) -> list[Code]:
    """Add a starting framework's codes and groups. Codes already there (same name) are reused."""
    try:
        framework = frameworks.load(slug)
    except KeyError:
        raise ValidationError(_("Unknown framework."), code="framework") from None
    created: list[Code] = []
    with transaction.atomic():
        member_for(actor, project, lead=True)
        position = project.codes.aggregate(p=Max("position"))["p"] or 0

        def add(item: frameworks.FrameworkCode, parent: Code | None) -> Code:
            nonlocal position
            existing = project.codes.filter(parent=parent, name=item.name, retired_at__isnull=True).first()
            if existing is not None:
                return existing
            position += 1
            code = Code.objects.create(
                project=project,
                parent=parent,
                name=item.name,
                colour=item.colour,
                definition=item.definition,
                inclusion=item.inclusion,
                exclusion=item.exclusion,
                example=item.example,
                framework=framework.slug,
                position=position,
            )
            created.append(code)
            for child in item.children:
                add(child, code)
            return code

        for group_name, items in framework.groups.items():
            codes = [add(item, None) for item in items]
            members = [c for item, c in zip(items, codes, strict=True) for c in [c, *c.children.all()]]
            group, _new = CodeGroup.objects.get_or_create(project=project, name=group_name)
            group.codes.add(*members)
        new_version(
            actor=actor,
            project=project,
            changes=[
                _("Added the framework %(name)s (%(n)s codes)") % {"name": framework.name, "n": len(created)}
            ],
        )
        record(
            actor=actor,
            action="qda_codebook.add_framework",
            obj=project,
            project=project,
            after={"framework": slug, "codes": [c.pk for c in created]},
        )
    return created


def do_create_code_group(
    *, actor: User | None, project: Project, name: str, codes: list[Code], description: str = ""
) -> CodeGroup:
    name = name.strip()
    if not name:
        raise ValidationError(_("Give the group a name."), code="name")
    if any(c.project_id != project.pk for c in codes):
        raise ValidationError(_("A code belongs to another project."), code="project")
    with transaction.atomic():
        member_for(actor, project, lead=True)
        group = CodeGroup.objects.create(project=project, name=name, description=description)
        group.codes.set(codes)
        new_version(actor=actor, project=project, changes=[_("Added code group %(name)s") % {"name": name}])
        record(
            actor=actor,
            action="qda_code_group.create",
            obj=group,
            project=project,
            after={"name": name, "codes": [c.pk for c in codes]},
        )
    return group
