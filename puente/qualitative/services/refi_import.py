"""Import a REFI-QDA project (.qdpx, .qde) or codebook (.qdc) into a Puente project, in one transaction.

Everything the file holds lands somewhere: users become (external) coders, selections become codings
by their coder, notes become memos (or framework-matrix summaries when Puente wrote them), and what
Puente does not model (PDF, picture, audio and video sources, links, graphs, rich-text files) is kept
verbatim so that an export gives it back. A bad file raises ValidationError and changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from puente.accounts.models import User
from puente.interop import refiqda as refi
from puente.interop.refiqda.elements import norm_guid
from puente.qualitative import search_index
from puente.qualitative.models import (
    Case,
    CaseDocument,
    Code,
    CodeGroup,
    Coding,
    Document,
    DocumentFormat,
    MatrixCell,
    MemberRole,
    Memo,
    Project,
    ProjectMember,
    RefiLeftover,
)
from puente.qualitative.refi_mapping import CASE_MEMO_KIND, MATRIX_KIND, case_name_from, split_description

from .codebook import new_version
from .common import member_for, record


@dataclass
class ImportResult:
    counts: dict[str, int]
    report: refi.ImportReport
    notes_as_matrix: int = 0
    messages: list[str] = field(default_factory=list)


def read_file(path: str | Path, positions: str = "auto"):
    """(kind, model, report) of a REFI-QDA file; a clear ValidationError if it cannot be read."""
    name = str(path).lower()
    try:
        if name.endswith(".qdc"):
            book, report = refi.read_qdc(path)
            return "codebook", book, report
        if name.endswith(".qde"):
            project, report = refi.read_qde(path, positions=positions)
            return "project", project, report
        if name.endswith(".qdpx"):
            project, report = refi.read_qdpx(path, positions=positions)
            return "project", project, report
    except refi.RefiQdaError as exc:
        raise ValidationError(
            _("This file cannot be imported: %(reason)s") % {"reason": exc}, code="refi"
        ) from None
    raise ValidationError(_("Choose a .qdpx project, a .qde project file or a .qdc codebook."), code="format")


class _Importer:
    def __init__(self, project: Project, actor: User | None, language: str):
        self.project = project
        self.actor = actor
        self.language = language
        self.codes: dict[str, Code] = {}
        self.members: dict[str, ProjectMember] = {}
        self.documents: dict[str, Document] = {}
        self.cases: dict[str, Case] = {}
        self.notes_as_matrix = 0

    # -- codebook -----------------------------------------------------------------------------------
    def codes_and_sets(self, codes: list[refi.Code], sets: list[refi.CodeSet]) -> None:
        for position, item in enumerate(codes, start=1):  # the reader lists parents before children
            parent = self.codes.get(norm_guid(item.parent)) if item.parent else None
            criteria = split_description(item.description)
            colour = item.color if item.color and len(item.color) == 7 else "#4a7fb5"
            self.codes[norm_guid(item.guid)] = Code.objects.create(
                project=self.project,
                parent=parent,
                name=item.name[:200],
                is_codable=item.is_codable,
                colour=colour,
                position=position,
                refi_guid=item.guid,
                **criteria,
            )
        for item in sets:
            group = CodeGroup.objects.create(
                project=self.project,
                name=item.name[:200],
                description=item.description or "",
                refi_guid=item.guid,
                refi_extra={"member_sources": item.member_sources, "member_notes": item.member_notes},
            )
            group.codes.set(
                [self.codes[norm_guid(g)] for g in item.member_codes if norm_guid(g) in self.codes]
            )

    # -- coders -------------------------------------------------------------------------------------
    def member(self, guid: str | None) -> ProjectMember:
        key = norm_guid(guid) if guid else ""
        if key not in self.members:
            self.members[key] = ProjectMember.objects.create(
                project=self.project,
                user=None,
                name=(guid or _("Unknown coder"))[:200],
                role=MemberRole.EXTERNAL,
                refi_guid=guid or "",
            )
        return self.members[key]

    def users(self, users: list[refi.User]) -> None:
        for user in users:
            self.members[norm_guid(user.guid)] = ProjectMember.objects.create(
                project=self.project,
                user=None,
                name=(user.name or user.id or user.guid)[:200],
                role=MemberRole.EXTERNAL,
                refi_guid=user.guid,
                refi_id=user.id or "",
            )

    # -- sources and codings ------------------------------------------------------------------------
    def sources(self, sources: list[refi.TextSource]) -> None:
        for src in sources:
            extra = {
                k: getattr(src, k)
                for k in (
                    "description",
                    "plain_text_path",
                    "rich_text_path",
                    "creating_user",
                    "creation_datetime",
                    "modifying_user",
                    "modified_datetime",
                )
                if getattr(src, k) is not None
            }
            extra["variable_values"] = [vv.__dict__ for vv in src.variable_values]
            extra["bare_selections"] = [self._selection_extra(s) for s in src.selections if not s.codings]
            document = Document.objects.create(
                project=self.project,
                title=(src.name or src.guid)[:300],
                source_format=DocumentFormat.REFI,
                language=self.language,
                text=src.text or "",
                text_available=src.text is not None,
                # Arrives "not yet reviewed": nobody codes it in Puente until a project lead has run
                # the de-identification review (which moves the imported codings with the text).
                deidentified_at=None,
                created_by=self.actor,
                refi_guid=src.guid,
                refi_extra=extra,
            )
            self.documents[norm_guid(src.guid)] = document
            search_index.index_document(document)
        codings = []
        for src in sources:
            document = self.documents[norm_guid(src.guid)]
            for coding in src.codings:
                codings.append(
                    self._coding(document, coding, 0, len(document.text), None, {"whole_source": True})
                )
            for sel in src.selections:
                for coding in sel.codings:
                    codings.append(self._coding(document, coding, sel.start, sel.end, sel, {}))
        Coding.objects.bulk_create(codings, batch_size=2000)

    @staticmethod
    def _selection_extra(sel: refi.TextSelection) -> dict:
        keys = (
            "guid",
            "start",
            "end",
            "name",
            "description",
            "creating_user",
            "creation_datetime",
            "modifying_user",
            "modified_datetime",
        )
        return {k: getattr(sel, k) for k in keys if getattr(sel, k) is not None}

    def _coding(self, document, coding: refi.Coding, start: int, end: int, sel, extra: dict) -> Coding:
        code = self.codes.get(norm_guid(coding.code))
        if code is None:
            raise ValidationError(_("A coding refers to a code the file does not define."), code="refi")
        if sel is not None:
            extra["selection"] = self._selection_extra(sel)
        extra["coding"] = {
            "creation_datetime": coding.creation_datetime,
            "creating_user": coding.creating_user,
        }
        coder = self.member(coding.creating_user or (sel.creating_user if sel is not None else None))
        return Coding(
            project=self.project,
            document=document,
            code=code,
            coder=coder,
            start=start,
            end=end,
            refi_selection_guid=sel.guid if sel is not None else "",
            refi_guid=coding.guid,
            refi_extra=extra,
        )

    # -- cases ----------------------------------------------------------------------------------------
    def cases_and_variables(self, project: refi.Project) -> None:
        variables = {norm_guid(v.guid): v for v in project.variables}
        self.project.refi_extra["variables"] = [v.__dict__ for v in project.variables]
        used_names: set[str] = set()
        for item in project.cases:
            name = (item.name or item.guid)[:190]
            while name in used_names:
                name += "'"
            used_names.add(name)
            attributes = {}
            for vv in item.variable_values:
                variable = variables.get(norm_guid(vv.variable))
                if variable is not None:
                    attributes[variable.name] = vv.value or ""
            case = Case.objects.create(
                project=self.project,
                name=name,
                description=item.description or "",
                attributes=attributes,
                refi_guid=item.guid,
                refi_extra={
                    "code_refs": item.code_refs,
                    "selection_refs": item.selection_refs,
                    "variable_values": [vv.__dict__ for vv in item.variable_values],
                    "name": item.name,
                },
            )
            self.cases[norm_guid(item.guid)] = case
            for ref in item.source_refs:
                document = self.documents.get(norm_guid(ref))
                if document is not None:
                    CaseDocument.objects.get_or_create(case=case, document=document, speaker="")

    # -- notes ----------------------------------------------------------------------------------------
    def notes(self, project: refi.Project) -> None:
        targets: dict[str, dict] = {}

        def aim(refs: list[str], **target) -> None:
            for ref in refs:
                targets.setdefault(norm_guid(ref), target)

        for src in project.sources:
            document = self.documents[norm_guid(src.guid)]
            for sel in src.selections:
                aim(sel.note_refs, document=document, start=sel.start, end=sel.end, selection=sel.guid)
            aim(src.note_refs, document=document)
        for code in project.codes:
            aim(code.note_refs, code=self.codes[norm_guid(code.guid)])
        cases_by_name = {c.name: c for c in self.cases.values()}
        for note in project.notes:
            target = targets.get(norm_guid(note.guid), {})
            case_name = case_name_from(note.description, MATRIX_KIND)
            if case_name is not None and "code" in target and case_name in cases_by_name:
                MatrixCell.objects.create(
                    project=self.project,
                    case=cases_by_name[case_name],
                    code=target["code"],
                    summary=note.text or "",
                    updated_by=self.actor,
                )
                self.notes_as_matrix += 1
                continue
            case_name = case_name_from(note.description, CASE_MEMO_KIND)
            if case_name is not None and case_name in cases_by_name:
                target = {"case": cases_by_name[case_name]}
            extra = {
                k: getattr(note, k)
                for k in (
                    "description",
                    "creating_user",
                    "creation_datetime",
                    "modifying_user",
                    "modified_datetime",
                    "plain_text_path",
                )
                if getattr(note, k) is not None
            }
            extra["project_note"] = norm_guid(note.guid) in {norm_guid(r) for r in project.note_refs}
            if "selection" in target:
                extra["selection"] = target["selection"]
            memo = Memo.objects.create(
                project=self.project,
                title=(note.name or _("Note"))[:300],
                text=note.text or "",
                author=None,
                author_name=note.creating_user or "",
                document=target.get("document"),
                case=target.get("case"),
                code=target.get("code"),
                start=target.get("start"),
                end=target.get("end"),
                refi_guid=note.guid,
                refi_extra=extra,
            )
            search_index.index_memo(memo)

    def leftovers(self, project: refi.Project) -> None:
        RefiLeftover.objects.bulk_create(
            [
                RefiLeftover(
                    project=self.project,
                    container=u.container,
                    kind=u.kind,
                    guid=u.guid or "",
                    name=(u.name or "")[:500],
                    xml=u.xml,
                )
                for u in project.unmodelled
            ]
            + [
                RefiLeftover(
                    project=self.project, container="archive", kind="attachment", member=name, data=data
                )
                for name, data in project.attachments.items()
            ]
        )


def _check_empty(project: Project) -> None:
    if project.documents.exists() or project.codes.exists():
        raise ValidationError(
            _("The project %(name)s already has documents or codes. Import a project into a new, empty one.")
            % {"name": project.name},
            code="not_empty",
        )


def do_import_refi(
    *, actor: User | None, project: Project, path: str | Path, positions: str = "auto", language: str = ""
) -> ImportResult:
    kind, model, report = read_file(path, positions)
    language = language or (project.sites.values_list("language", flat=True).first() or "en")
    with transaction.atomic():
        member_for(actor, project, lead=True)
        importer = _Importer(project, actor, language)
        if kind == "codebook":
            importer.codes_and_sets(model.codes, model.sets)
            counts = {
                "users": 0,
                "codes": len(model.codes),
                "sources": 0,
                "selections": 0,
                "codings": 0,
                "cases": 0,
                "notes": 0,
                "sets": len(model.sets),
            }
        else:
            _check_empty(project)
            importer.users(model.users)
            importer.codes_and_sets(model.codes, model.sets)
            importer.sources(model.sources)
            importer.cases_and_variables(model)
            importer.notes(model)
            importer.leftovers(model)
            project.refi_extra.update(
                {
                    k: getattr(model, k)
                    for k in (
                        "creating_user",
                        "creation_datetime",
                        "modifying_user",
                        "modified_datetime",
                        "base_path",
                        "description",
                        "origin",
                    )
                }
            )
            project.save()
            counts = {
                k: report.counts.get(k, 0)
                for k in ("users", "codes", "sources", "selections", "codings", "cases", "notes", "sets")
            }
        new_version(
            actor=actor,
            project=project,
            changes=[_("Imported %(n)s codes from a REFI-QDA file") % {"n": counts["codes"]}],
        )
        record(
            actor=actor,
            action="qda_project.refi_import",
            obj=project,
            project=project,
            after={
                "kind": kind,
                "origin": report.origin,
                "counts": counts,
                "converted_selections": report.converted_selections,
                "awaiting_review": len(importer.documents),
            },
        )
    result = ImportResult(counts, report, importer.notes_as_matrix)
    if importer.documents:
        result.messages.append(
            _(
                "%(n)s imported documents await the de-identification review; "
                "nobody can code them until a project lead has reviewed each one."
            )
            % {"n": len(importer.documents)}
        )
    return result


def positions_summary(report: refi.ImportReport) -> dict[str, int]:
    summary: dict[str, int] = defaultdict(int)
    for mode in report.positions.values():
        summary[mode] += 1
    return dict(summary)
