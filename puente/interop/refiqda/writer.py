"""Write REFI-QDA projects (.qdpx) and codebooks (.qdc) that validate against the 1.0 schemas.

The project XML is written element by element (lxml.etree.xmlfile) straight into the archive, then the
archive's project.qde is streamed through the schema before the file is moved into place: an export
that does not validate never reaches the target path.
"""

from __future__ import annotations

import os
import re
import tempfile
import uuid
import zipfile
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path

from lxml import etree

from . import elements as E
from .errors import RefiQdaError
from .model import Codebook, CodeSet, ExtraNote, Project, TextSource
from .report import ExportReport
from .safety import PARSER_OPTIONS, check_member_name
from .xmlout import code_tree, project_children, source_element

PUENTE_ORIGIN = "Puente"
_NOTE_NAMESPACE = uuid.UUID("6f1d8a52-3c1e-4d9a-9a57-0c5e2b7f4e11")  # stable guids for extra notes


@cache
def schema(name: str) -> etree.XMLSchema:
    """The bundled REFI-QDA schema ("Project.xsd" or "Codebook.xsd")."""
    data = resources.files(__package__).joinpath("schemas", name).read_bytes()
    return etree.XMLSchema(etree.fromstring(data, parser=etree.XMLParser(**PARSER_OPTIONS)))


def validate_stream(stream, xsd: str) -> None:
    """Validate while streaming, dropping each parsed element, so big exports stay cheap."""
    try:
        for _event, el in etree.iterparse(stream, events=("end",), schema=schema(xsd), **PARSER_OPTIONS):
            parent = el.getparent()
            if parent is not None and parent.getparent() is not None:
                el.clear()
    except etree.XMLSyntaxError as exc:
        raise RefiQdaError(f"export does not validate against {xsd}: {exc}") from None


def _extra_notes(project: Project, extra: Sequence[ExtraNote], report: ExportReport) -> list[TextSource]:
    """Turn what REFI cannot carry into Notes, with NoteRefs from what they are about."""
    targets: dict[str, list[str]] = {}
    for code in project.codes:
        targets[E.norm_guid(code.guid)] = code.note_refs
    case_names = {E.norm_guid(c.guid): c.name or c.guid for c in project.cases}
    for src in project.sources:
        targets[E.norm_guid(src.guid)] = src.note_refs
        for sel in src.selections:
            targets[E.norm_guid(sel.guid)] = sel.note_refs
    notes = []
    for item in extra:
        guid = item.guid or str(uuid.uuid5(_NOTE_NAMESPACE, f"{item.kind}\x00{item.title}\x00{item.text}"))
        attached, cases = [], []
        for about in item.about:
            if E.norm_guid(about) in case_names:
                # CaseType has no NoteRef in the schema: the note names the case instead.
                cases.append(case_names[E.norm_guid(about)])
                continue
            refs = targets.get(E.norm_guid(about))
            if refs is None:
                raise RefiQdaError(f"extra note {item.title!r} is about {about}, which is not in the project")
            if E.norm_guid(guid) not in map(E.norm_guid, refs):
                refs.append(guid)
            attached.append(about)
        if not attached:
            project.note_refs.append(guid)
        description = item.kind + (f"; cases: {', '.join(cases)}" if cases else "")
        notes.append(TextSource(guid=guid, name=item.title, text=item.text, description=description))
        where = f" (linked from {', '.join(attached)})" if attached else " (project note)"
        if cases:
            where += f" (about case(s) {', '.join(cases)}, named in its description)"
        report.converted.append(f"{item.kind} {item.title!r} -> Note {guid}{where}")
    return notes


def _internal_name(path: str | None) -> str | None:
    if path and path.startswith("internal://"):
        name = path[len("internal://") :]
        check_member_name("Sources/" + name)
        if "/" in name or "\\" in name:
            raise RefiQdaError(f"plainTextPath {path!r} must name a file directly under Sources/")
        return name
    return None


def _copy_for_export(project: Project) -> Project:
    """Shallow copy whose note-ref lists may be extended without touching the caller's project."""
    import copy

    clone = copy.copy(project)
    clone.codes = [copy.copy(c) for c in project.codes]
    for c in clone.codes:
        c.note_refs = list(c.note_refs)
    clone.sources = []
    for src in project.sources:
        s = copy.copy(src)
        s.note_refs = list(src.note_refs)
        s.selections = [copy.copy(sel) for sel in src.selections]
        for sel in s.selections:
            sel.note_refs = list(sel.note_refs)
        clone.sources.append(s)
    clone.notes = list(project.notes)
    clone.note_refs = list(project.note_refs)
    return clone


_INTERNAL_ATTR = re.compile(r'(?:path|plainTextPath|richTextPath|currentPath)="internal://([^"]+)"')


def _warn_missing_internal(project: Project, written: set[str], report: ExportReport) -> None:
    """Kept (unmodelled) sources may point at files this project never had, e.g. from a bare .qde."""
    for item in project.unmodelled:
        for name in _INTERNAL_ATTR.findall(item.xml):
            if f"Sources/{name}" not in written and f"sources/{name}" not in written:
                report.warnings.append(f"{item.kind} {item.guid}: file {name} is not in the archive")


def write_qdpx(
    project: Project,
    path: str | Path,
    extra_notes: Sequence[ExtraNote] = (),
) -> ExportReport:
    """Write `project` as a .qdpx archive at `path` (positions as code points, texts as UTF-8)."""
    report = ExportReport()
    if extra_notes:
        project = _copy_for_export(project)
        project.notes.extend(_extra_notes(project, extra_notes, report))
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=".refiqda-", suffix=".qdpx", dir=path.parent)
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            with zf.open("project.qde", "w", force_zip64=True) as out:
                _write_project_xml(project, out, report)
            written = {"project.qde"}
            for src in [*project.sources, *project.notes]:
                name = _internal_name(src.plain_text_path)
                if name is None:
                    continue
                member = "Sources/" + name
                if src.text is None:
                    report.warnings.append(
                        f"source {src.guid}: no plain text; {member} is not in the archive"
                    )
                    continue
                if member in written:
                    raise RefiQdaError(f"two sources share the plain text file {member}")
                zf.writestr(member, src.text.encode("utf-8"))
                written.add(member)
            for name, data in project.attachments.items():
                check_member_name(name)
                if name in written:
                    continue
                zf.writestr(name, data)
                written.add(name)
        _warn_missing_internal(project, written, report)
        with zipfile.ZipFile(tmp) as zf, zf.open("project.qde") as fh:
            validate_stream(fh, "Project.xsd")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    report.counts = {
        "sources": len(project.sources),
        "selections": sum(len(s.selections) for s in project.sources),
        "codings": sum(1 for _ in project.iter_codings()),
        "notes": len(project.notes),
        "attachments": len(project.attachments),
    }
    return report


def _write_project_xml(project: Project, out, report: ExportReport) -> None:
    attrs = {"name": project.name, "origin": PUENTE_ORIGIN}
    for key, value in (
        ("creatingUserGUID", project.creating_user),
        ("creationDateTime", project.creation_datetime),
        ("modifyingUserGUID", project.modifying_user),
        ("modifiedDateTime", project.modified_datetime),
        ("basePath", project.base_path),
    ):
        if value is not None:
            attrs[key] = value
    placed = {"Sources", "Links", "Graphs"}
    for item in project.unmodelled:
        if item.container not in placed:
            report.warnings.append(
                f"{item.kind} {item.guid or ''} in {item.container} has no place in REFI-QDA"
            )
    with etree.xmlfile(out, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element(E.q("Project"), attrs, nsmap={None: E.NS}):
            for kind, payload in project_children(project):
                if kind == "element":
                    xf.write(payload)
                elif kind == "sources":
                    with xf.element(E.q("Sources")):
                        for src in project.sources:
                            xf.write(source_element(src, "TextSource"))
                        for el in payload:
                            xf.write(el)


def write_qdc(codebook: Codebook | Project, path: str | Path) -> ExportReport:
    """Write a REFI-QDA codebook. Codebooks cannot carry notes or source members; those are reported."""
    report = ExportReport()
    if isinstance(codebook, Project):
        codebook = codebook.codebook()
    if not codebook.codes:
        raise RefiQdaError("a REFI-QDA codebook needs at least one code")
    root = etree.Element(E.q("CodeBook", E.CB_NS), {"origin": PUENTE_ORIGIN}, nsmap={None: E.CB_NS})
    codes_el = etree.SubElement(root, E.q("Codes", E.CB_NS))
    for el in code_tree(codebook.codes, E.CB_NS):
        codes_el.append(el)
    dropped = sum(len(c.note_refs) for c in codebook.codes)
    if dropped:
        report.warnings.append(f"{dropped} note reference(s) on codes cannot go into a codebook file")
    sets: list[CodeSet] = [s for s in codebook.sets if s.member_codes]
    for s in codebook.sets:
        if s.member_sources or s.member_notes:
            report.warnings.append(f"set {s.name!r}: only its member codes fit in a codebook file")
    if sets:
        sets_el = etree.SubElement(root, E.q("Sets", E.CB_NS))
        for s in sets:
            set_el = etree.SubElement(sets_el, E.q("Set", E.CB_NS), {"guid": s.guid, "name": s.name})
            if s.description is not None:
                etree.SubElement(set_el, E.q("Description", E.CB_NS)).text = s.description
            for m in s.member_codes:
                etree.SubElement(set_el, E.q("MemberCode", E.CB_NS), {"guid": m})
    if not schema("Codebook.xsd").validate(root):
        raise RefiQdaError(
            f"codebook does not validate against Codebook.xsd: {schema('Codebook.xsd').error_log}"
        )
    data = etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
    Path(path).write_bytes(data)
    report.counts = {"codes": len(codebook.codes), "sets": len(sets)}
    return report
