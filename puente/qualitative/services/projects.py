"""Projects, members and cases."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.accounts.models import Site, User
from puente.accounts.roles import Role
from puente.accounts.selectors import site_ids_for
from puente.audit import services as audit
from puente.people.models import Participant
from puente.people.services import check_research_consent
from puente.qualitative.access import QDA_ROLES
from puente.qualitative.models import (
    Case,
    CaseDocument,
    CaseKind,
    Document,
    MemberRole,
    Project,
    ProjectMember,
)

from .common import member_for, record, stale


def check_project_name(name: str, *, exclude_pk: int | None = None) -> str:
    name = name.strip()
    if not name:
        raise ValidationError(_("Give the project a name."), code="name")
    clash = Project.objects.filter(name__iexact=name)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError(
            _("A project called %(name)s already exists.") % {"name": name}, code="duplicate"
        )
    return name


def do_create_project(
    *, actor: User | None, name: str, description: str = "", sites: Iterable[Site] = ()
) -> Project:
    sites = list(sites)
    if actor is not None:
        allowed = site_ids_for(actor, QDA_ROLES)
        if not sites or any(site.pk not in allowed for site in sites):
            raise ValidationError(_("Choose at least one of your own sites."), code="sites")
    with transaction.atomic():
        name = check_project_name(name)
        project = Project.objects.create(name=name, description=description.strip(), created_by=actor)
        project.sites.set(sites)
        if actor is not None:
            ProjectMember.objects.create(project=project, user=actor, name=str(actor), role=MemberRole.LEAD)
        record(
            actor=actor,
            action="qda_project.create",
            obj=project,
            project=project,
            after={**audit.snapshot(project, Project.AUDITED_FIELDS), "sites": [s.pk for s in sites]},
        )
    return project


def do_update_project(
    *, actor: User | None, project: Project, expected_version: int, changes: dict
) -> Project:
    with transaction.atomic():
        member_for(actor, project, lead=True)
        current = Project.objects.select_for_update().get(pk=project.pk)
        if current.version != expected_version:
            raise stale()
        if "name" in changes:
            changes["name"] = check_project_name(changes["name"], exclude_pk=current.pk)
        before = audit.snapshot(current, Project.AUDITED_FIELDS)
        for key, value in changes.items():
            setattr(current, key, value)
        old, new = audit.changed(before, audit.snapshot(current, Project.AUDITED_FIELDS))
        if new:
            current.version += 1
            current.save()
            record(
                actor=actor, action="qda_project.update", obj=current, project=current, before=old, after=new
            )
    return current


def do_add_member(
    *, actor: User | None, project: Project, user: User, role: str = MemberRole.CODER
) -> ProjectMember:
    """Add a researcher or coordinator of one of the project's sites as a coder (or lead)."""
    if role not in (MemberRole.LEAD, MemberRole.CODER):
        raise ValidationError(_("Choose lead or coder."), code="role")
    project_sites = set(project.sites.values_list("pk", flat=True))
    if not project_sites & site_ids_for(user, {Role.RESEARCHER, Role.COORDINATOR}):
        raise ValidationError(
            _("%(user)s is not a researcher or coordinator at this project's sites.") % {"user": user},
            code="member_site",
        )
    with transaction.atomic():
        member_for(actor, project, lead=True)
        member = ProjectMember.objects.filter(project=project, user=user).first()
        if member is not None and member.retired_at is None:
            raise ValidationError(_("%(user)s is already a member.") % {"user": user}, code="member")
        if member is None:
            member = ProjectMember.objects.create(project=project, user=user, name=str(user), role=role)
        else:
            member.retired_at, member.role = None, role
            member.save()
        record(
            actor=actor,
            action="qda_member.add",
            obj=member,
            project=project,
            after={"user": user.pk, "role": role},
        )
    return member


def check_case_name(project: Project, name: str, *, exclude_pk: int | None = None) -> str:
    name = name.strip()
    if not name:
        raise ValidationError(_("Give the case a name (a study code, never a personal name)."), code="name")
    clash = project.cases.filter(name=name)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError(_("A case called %(name)s already exists.") % {"name": name}, code="duplicate")
    return name


def do_create_case(
    *,
    actor: User | None,
    project: Project,
    name: str = "",
    kind: str = CaseKind.OTHER,
    participant: Participant | None = None,
    worker: User | None = None,
    attributes: dict[str, str] | None = None,
    description: str = "",
) -> Case:
    if participant is not None:
        # A case is research data about the person: it needs their research consent.
        check_research_consent(participant)
        name = name or participant.study_code
        kind = CaseKind.PARTICIPANT
        if participant.site_id not in set(project.sites.values_list("pk", flat=True)):
            raise ValidationError(_("That participant is not at one of this project's sites."), code="site")
    with transaction.atomic():
        member_for(actor, project)
        name = check_case_name(project, name)
        case = Case.objects.create(
            project=project,
            name=name,
            kind=kind,
            participant=participant,
            worker=worker,
            attributes={
                str(k).strip(): str(v).strip() for k, v in (attributes or {}).items() if str(k).strip()
            },
            description=description,
        )
        record(
            actor=actor,
            action="qda_case.create",
            obj=case,
            project=project,
            after={
                "name": name,
                "kind": kind,
                "participant": getattr(participant, "pk", None),
                "worker": getattr(worker, "pk", None),
                "attributes": case.attributes,
            },
        )
    return case


def do_update_case_attributes(
    *, actor: User | None, case: Case, expected_version: int, attributes: dict[str, str]
) -> Case:
    with transaction.atomic():
        member_for(actor, case.project)
        current = Case.objects.select_for_update().get(pk=case.pk)
        if current.version != expected_version:
            raise stale()
        cleaned = {str(k).strip(): str(v).strip() for k, v in attributes.items() if str(k).strip()}
        before = dict(current.attributes)
        if cleaned == before:
            return current
        current.attributes = cleaned
        current.version += 1
        current.save()
        record(
            actor=actor,
            action="qda_case.update",
            obj=current,
            project=current.project,
            before={"attributes": before},
            after={"attributes": cleaned},
        )
    return current


def do_link_document(
    *, actor: User | None, case: Case, document: Document, speaker: str = ""
) -> CaseDocument:
    if case.project_id != document.project_id:
        raise ValidationError(_("The document belongs to another project."), code="project")
    with transaction.atomic():
        member_for(actor, case.project)
        link, created = CaseDocument.objects.get_or_create(
            case=case, document=document, speaker=speaker.strip()
        )
        if created:
            record(
                actor=actor,
                action="qda_case.link_document",
                obj=case,
                project=case.project,
                after={"document": document.pk, "speaker": link.speaker},
            )
    return link


def do_retire_project(*, actor: User | None, project: Project, reason: str) -> Project:
    if not reason.strip():
        raise ValidationError(_("Give a reason for retiring this project."), code="reason")
    with transaction.atomic():
        member_for(actor, project, lead=True)
        project.retired_at = timezone.now()
        project.retired_reason = reason.strip()
        project.version += 1
        project.save()
        record(
            actor=actor,
            action="qda_project.retire",
            obj=project,
            project=project,
            after={"reason": project.retired_reason},
        )
    return project
