"""Export a Puente project as REFI-QDA (.qdpx) or its codebook (.qdc).

Positions are Unicode code points over the UTF-8 plain text, as the standard says. What REFI-QDA
cannot carry is converted and reported: framework-matrix summaries and case memos become notes, code
criteria travel in the code's description; the agreed (reconciled) codings are left out, as the
format has no place for them, and the report says so.
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
from puente.qualitative.attributes import AttributeReader
from puente.qualitative.models import Coding, MatrixCell, Project
from puente.qualitative.refi_mapping import CASE_MEMO_KIND, MATRIX_KIND, code_description, guid_for
from puente.qualitative.selectors import consent
from puente.qualitative.selectors import projects as selectors

from .common import record


@dataclass
class Build:
    project: refi.Project
    extra_notes: list[refi.ExtraNote] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    left_out: int = 0  # documents left out for research consent


def _iso(value) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


def _withheld_guids(project: Project) -> set[str]:
    """GUIDs of the sources left out for consent and of their selections, so that no reference to
    them (kept from an imported project) survives in the export."""
    guids: set[str] = set()
    for document in consent.withheld_documents(project).only("pk", "refi_guid", "refi_extra"):
        guids.add(guid_for("document", document.pk, document.refi_guid))
        guids.update(bare.get("guid", "") for bare in (document.refi_extra or {}).get("bare_selections", []))
    codings = Coding.objects.filter(project=project, document__in=consent.withheld_documents(project))
    guids.update(codings.exclude(refi_selection_guid="").values_list("refi_selection_guid", flat=True))
    return guids - {""}


def build_project(project: Project) -> Build:
    extra = project.refi_extra or {}
    out = refi.Project(
        name=project.name,
        creating_user=extra.get("creating_user"),
        creation_datetime=extra.get("creation_datetime"),
        modifying_user=extra.get("modifying_user"),
        modified_datetime=extra.get("modified_datetime"),
        base_path=extra.get("base_path"),
        description=project.description or extra.get("description"),
    )
    build = Build(out)
    build.left_out = consent.excluded_by_consent(project)
    hidden = _withheld_guids(project) if build.left_out else set()
    members = {m.pk: m for m in project.members.all()}
    member_guid = {pk: guid_for("member", pk, m.refi_guid) for pk, m in members.items()}
    out.users = [refi.User(member_guid[pk], m.name, m.refi_id or None) for pk, m in members.items()]

    codes = list(selectors.codes(project))
    code_guid = {c.pk: guid_for("code", c.pk, c.refi_guid) for c in codes}
    code_refs: dict[int, list[str]] = defaultdict(list)
    criteria = 0
    for c in codes:
        criteria += bool(c.inclusion or c.exclusion or c.example)
        out.codes.append(
            refi.Code(
                guid=code_guid[c.pk],
                name=c.name,
                is_codable=c.is_codable,
                color=c.colour,
                description=code_description(c.definition, c.inclusion, c.exclusion, c.example),
                parent=code_guid.get(c.parent_id),
                note_refs=code_refs[c.pk],
            )
        )
    if criteria:
        build.notices.append(
            _(
                "Inclusion and exclusion criteria and examples of %(n)s codes were written into "
                "the codes' descriptions."
            )
            % {"n": criteria}
        )

    for group in selectors.code_groups(project):
        gx = group.refi_extra or {}
        out.sets.append(
            refi.CodeSet(
                guid=guid_for("group", group.pk, group.refi_guid),
                name=group.name,
                description=group.description or None,
                member_codes=[code_guid[c.pk] for c in group.codes.all() if c.pk in code_guid],
                member_sources=[g for g in gx.get("member_sources", []) if g not in hidden],
                member_notes=list(gx.get("member_notes", [])),
            )
        )

    # Documents, cases, memos and matrix summaries of participants without research consent stay out.
    documents = list(consent.consented_documents(project).order_by("pk"))
    doc_guid = {d.pk: guid_for("document", d.pk, d.refi_guid) for d in documents}
    sources: dict[int, refi.TextSource] = {}
    for d in documents:
        dx = d.refi_extra or {}
        src = refi.TextSource(
            guid=doc_guid[d.pk],
            name=d.title,
            text=d.text if d.text_available else None,
            description=dx.get("description"),
            plain_text_path=dx.get("plain_text_path") or f"internal://{doc_guid[d.pk]}.txt",
            rich_text_path=dx.get("rich_text_path"),
            creating_user=dx.get("creating_user"),
            creation_datetime=dx.get("creation_datetime") or _iso(d.created_at),
            modifying_user=dx.get("modifying_user"),
            modified_datetime=dx.get("modified_datetime"),
            variable_values=[refi.VariableValue(**v) for v in dx.get("variable_values", [])],
        )
        for bare in dx.get("bare_selections", []):
            src.selections.append(refi.TextSelection(**bare))
        sources[d.pk] = src
        out.sources.append(src)

    selections: dict[tuple[int, str], refi.TextSelection] = {}
    agreed = 0
    codings = Coding.objects.filter(
        project=project, retired_at__isnull=True, document_id__in=list(sources)
    ).order_by("document_id", "start", "end", "pk")
    for coding in codings.iterator(chunk_size=5000):
        if coding.agreed:
            agreed += 1
            continue
        if coding.code_id not in code_guid:
            build.notices.append(_("A coding with a retired code was left out."))
            continue
        cx = coding.refi_extra or {}
        item = refi.Coding(
            guid=guid_for("coding", coding.pk, coding.refi_guid),
            code=code_guid[coding.code_id],
            creating_user=member_guid[coding.coder_id],
            creation_datetime=(cx.get("coding") or {}).get("creation_datetime") or _iso(coding.created_at),
        )
        src = sources[coding.document_id]
        if cx.get("whole_source"):
            src.codings.append(item)
            continue
        sel_guid = coding.refi_selection_guid
        if not sel_guid:
            # Codings of one coder on the same span share a selection, as REFI-QDA tools do.
            sel_guid = guid_for(
                "selection", f"{coding.document_id}:{coding.start}:{coding.end}:{coding.coder_id}"
            )
        key = (coding.document_id, sel_guid)
        if key not in selections:
            sx = cx.get("selection") or {}
            selection = refi.TextSelection(
                guid=sel_guid,
                start=coding.start,
                end=coding.end,
                name=sx.get("name"),
                description=sx.get("description"),
                creating_user=sx.get("creating_user", member_guid[coding.coder_id]),
                creation_datetime=sx.get("creation_datetime") or _iso(coding.created_at),
                modifying_user=sx.get("modifying_user"),
                modified_datetime=sx.get("modified_datetime"),
            )
            selections[key] = selection
            src.selections.append(selection)
        selections[key].codings.append(item)
    if agreed:
        build.notices.append(
            _(
                "%(n)s codings of the agreed (reconciled) version were left out: REFI-QDA has no "
                "place for them. Each coder's codings are exported."
            )
            % {"n": agreed}
        )

    variables = {v["name"]: refi.Variable(**v) for v in extra.get("variables", [])}
    case_list = list(consent.consented_cases(selectors.cases(project)))
    case_guid = {c.pk: guid_for("case", c.pk, c.refi_guid) for c in case_list}
    reader = AttributeReader()
    for case in case_list:
        values = []
        for name, value in reader.of(case).items():
            if name not in variables:
                variables[name] = refi.Variable(guid_for("variable", f"{project.pk}:{name}"), name, "Text")
            var = variables[name]
            values.append(refi.VariableValue(var.guid, var.type_of_variable, value))
        cx = case.refi_extra or {}
        out.cases.append(
            refi.Case(
                guid=case_guid[case.pk],
                name=case.name,
                description=case.description or None,
                code_refs=list(cx.get("code_refs", [])),
                selection_refs=[g for g in cx.get("selection_refs", []) if g not in hidden],
                variable_values=values,
                source_refs=[
                    doc_guid[link.document_id] for link in case.links.all() if link.document_id in doc_guid
                ],
            )
        )
    out.variables = list(variables.values())

    sel_by_span = {(k[0], s.start, s.end): s for k, s in selections.items()}
    for memo in consent.consented_memos(project.memos.filter(retired_at__isnull=True)).order_by("pk"):
        mx = memo.refi_extra or {}
        if memo.case_id and memo.case_id in case_guid:
            build.extra_notes.append(
                refi.ExtraNote(
                    CASE_MEMO_KIND,
                    memo.title,
                    memo.text,
                    [case_guid[memo.case_id]],
                    guid=guid_for("memo", memo.pk, memo.refi_guid),
                )
            )
            continue
        guid = guid_for("memo", memo.pk, memo.refi_guid)
        out.notes.append(
            refi.TextSource(
                guid=guid,
                name=memo.title,
                text=memo.text,
                description=mx.get("description"),
                creating_user=mx.get("creating_user"),
                creation_datetime=mx.get("creation_datetime") or _iso(memo.created_at),
            )
        )
        if memo.document_id in sources and memo.start is not None:
            selection = sel_by_span.get((memo.document_id, memo.start, memo.end))
            if selection is None:
                selection = refi.TextSelection(guid_for("memo-selection", memo.pk), memo.start, memo.end)
                sources[memo.document_id].selections.append(selection)
            selection.note_refs.append(guid)
        elif memo.document_id in sources:
            sources[memo.document_id].note_refs.append(guid)
        elif memo.code_id in code_guid:
            code_refs[memo.code_id].append(guid)
        else:
            out.note_refs.append(guid)

    names = {c.pk: c.name for c in case_list}
    cells = (
        MatrixCell.objects.filter(project=project).exclude(summary="").select_related("code").order_by("pk")
    )
    for cell in cells:
        if cell.case_id in case_guid and cell.code_id in code_guid:
            build.extra_notes.append(
                refi.ExtraNote(
                    MATRIX_KIND,
                    f"{names[cell.case_id]} × {cell.code.name}",
                    cell.summary,
                    [case_guid[cell.case_id], code_guid[cell.code_id]],
                    guid=guid_for("cell", cell.pk),
                )
            )

    for left in project.refi_leftovers.all():
        if left.member:
            out.attachments[left.member] = bytes(left.data or b"")
        else:
            out.unmodelled.append(
                refi.Unmodelled(left.container, left.kind, left.guid or None, left.name or None, left.xml)
            )
    return build


@dataclass
class ExportResult:
    report: refi.ExportReport
    notices: list[str]
    left_out: int = 0  # documents left out for research consent


def do_export_refi(*, actor: User | None, project: Project, path: str | Path) -> ExportResult:
    """Write the project (.qdpx) or its codebook (.qdc), depending on the file name."""
    path = Path(path)
    build = build_project(project)
    try:
        if path.suffix.lower() == ".qdc":
            report = refi.write_qdc(build.project, path)
        elif path.suffix.lower() == ".qdpx":
            report = refi.write_qdpx(build.project, path, extra_notes=build.extra_notes)
        else:
            raise ValidationError(_("The file name must end in .qdpx or .qdc."), code="format")
    except refi.RefiQdaError as exc:
        raise ValidationError(_("The export failed: %(reason)s") % {"reason": exc}, code="refi") from None
    with transaction.atomic():
        record(
            actor=actor,
            action="qda_project.refi_export",
            obj=project,
            project=project,
            after={
                "format": path.suffix.lower(),
                "counts": report.counts,
                "left_out_for_consent": build.left_out,
            },
        )
    return ExportResult(report, build.notices, build.left_out)
