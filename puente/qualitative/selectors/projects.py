"""Projects, members, documents and cases as the requesting user may see them."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from puente.accounts.models import User
from puente.accounts.roles import Role
from puente.accounts.selectors import site_ids_for
from puente.qualitative.models import (
    Case,
    CaseDocument,
    Code,
    CodeGroup,
    Document,
    MemberRole,
    Project,
    ProjectMember,
)

from .consent import withheld_flag

CODING_ROLES = (MemberRole.LEAD, MemberRole.CODER)


def visible_projects(user: User) -> QuerySet[Project]:
    if not user.is_authenticated:
        return Project.objects.none()
    research_sites = site_ids_for(user, {Role.RESEARCHER})
    member_of = ProjectMember.objects.filter(user=user, retired_at__isnull=True).values("project_id")
    condition = Q(pk__in=member_of)
    if research_sites:
        condition |= Q(
            pk__in=Project.sites.through.objects.filter(site_id__in=research_sites).values("project_id")
        )
    return Project.objects.filter(condition, retired_at__isnull=True)


def project_list(user: User) -> QuerySet[Project]:
    return (
        visible_projects(user)
        .prefetch_related("sites")
        .annotate(
            document_count=Count("documents", filter=Q(documents__retired_at__isnull=True), distinct=True),
            member_count=Count("members", filter=Q(members__retired_at__isnull=True), distinct=True),
        )
        .order_by("name")
    )


def get_project(user: User, pk: int) -> Project:
    """The project if the user may see it (404 otherwise), with the user's membership attached."""
    project = visible_projects(user).filter(pk=pk).prefetch_related("sites").first()
    if project is None:
        raise Http404
    project.my_membership = ProjectMember.objects.filter(
        project=project, user=user, retired_at__isnull=True
    ).first()
    return project


def get_project_by_name(name: str) -> Project | None:
    """For the command line, which runs with the server's own authority."""
    return Project.objects.filter(name=name, retired_at__isnull=True).first()


def membership(project: Project) -> ProjectMember | None:
    return getattr(project, "my_membership", None)


def can_code(project: Project) -> bool:
    member = membership(project)
    return member is not None and member.role in CODING_ROLES


def is_lead(project: Project) -> bool:
    member = membership(project)
    return member is not None and member.role == MemberRole.LEAD


def site_id_of(project: Project) -> int | None:
    sites = list(project.sites.all())
    return sites[0].pk if sites else None


def members(project: Project) -> QuerySet[ProjectMember]:
    return project.members.filter(retired_at__isnull=True).select_related("user").order_by("name")


def coders_with_codings(project: Project) -> QuerySet[ProjectMember]:
    return (
        project.members.annotate(
            n=Count("codings", filter=Q(codings__retired_at__isnull=True, codings__agreed=False))
        )
        .filter(n__gt=0)
        .select_related("user")
        .order_by("name")
    )


def documents(project: Project) -> QuerySet[Document]:
    return (
        project.documents.filter(retired_at__isnull=True)
        .defer("text", "refi_extra")
        .annotate(
            coding_count=Count("codings", filter=Q(codings__retired_at__isnull=True)),
            withheld=withheld_flag(),
        )
        .order_by("title", "pk")
    )


def get_document(project: Project, pk: int) -> Document:
    document = project.documents.filter(pk=pk, retired_at__isnull=True).first()
    if document is None:
        raise Http404
    return document


def codes(project: Project, *, include_retired: bool = False) -> QuerySet[Code]:
    queryset = project.codes.all()
    if not include_retired:
        queryset = queryset.filter(retired_at__isnull=True)
    return queryset.order_by("position", "name", "pk")


def code_tree(project: Project) -> list[tuple[Code, int]]:
    """Codes in depth-first order with their depth, from one query."""
    all_codes = list(codes(project))
    children: dict[int | None, list[Code]] = {}
    ids = {c.pk for c in all_codes}
    for code in all_codes:
        parent = code.parent_id if code.parent_id in ids else None
        children.setdefault(parent, []).append(code)
    ordered: list[tuple[Code, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for code in children.get(parent, []):
            ordered.append((code, depth))
            walk(code.pk, depth + 1)

    walk(None, 0)
    return ordered


def get_code(project: Project, pk: int) -> Code:
    code = project.codes.filter(pk=pk).first()
    if code is None:
        raise Http404
    return code


def code_groups(project: Project) -> QuerySet[CodeGroup]:
    return project.code_groups.prefetch_related(
        Prefetch("codes", queryset=Code.objects.filter(retired_at__isnull=True).order_by("position", "name"))
    )


def cases(project: Project) -> QuerySet[Case]:
    """Cases with what their inherited attributes need, in a fixed number of queries."""
    return (
        project.cases.filter(retired_at__isnull=True)
        .select_related("participant__site", "worker")
        .prefetch_related(
            Prefetch(
                "links",
                queryset=CaseDocument.objects.select_related("document").only(
                    "id", "case_id", "speaker", "document__id", "document__title"
                ),
            )
        )
        .order_by("name")
    )


def get_case(project: Project, pk: int) -> Case:
    case = project.cases.filter(pk=pk, retired_at__isnull=True).select_related("participant__site").first()
    if case is None:
        raise Http404
    return case
