"""Model dataclasses -> REFI-QDA XML elements, in the order the schema's sequences demand."""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from . import elements as E
from .model import Case, Code, CodeSet, Coding, Project, TextSource, Variable, VariableValue
from .safety import parse_fragment


def _attrs(pairs: tuple[tuple[str, object], ...]) -> dict[str, str]:
    return {k: v if isinstance(v, str) else str(v) for k, v in pairs if v is not None}


def _sub(parent: etree._Element, local: str, attrs: dict[str, str] | None = None, ns: str = E.NS):
    return etree.SubElement(parent, E.q(local, ns), attrs or {})


def _description(parent: etree._Element, text: str | None, ns: str = E.NS) -> None:
    if text is not None:
        _sub(parent, "Description", ns=ns).text = text


def _refs(parent: etree._Element, local: str, guids: list[str]) -> None:
    for guid in guids:
        _sub(parent, local, {"targetGUID": guid})


def code_tree(codes: list[Code], ns: str = E.NS) -> list[etree._Element]:
    """Rebuild the nested <Code> elements from the flat list (order kept within each parent)."""
    children: dict[str | None, list[Code]] = {}
    known = {c.guid for c in codes}
    for code in codes:
        parent = code.parent if code.parent in known else None
        children.setdefault(parent, []).append(code)

    def build(code: Code, depth: int) -> etree._Element:
        if depth > 1000:
            raise ValueError("code hierarchy is cyclic or too deep")
        attrs = _attrs(
            (
                ("guid", code.guid),
                ("name", code.name),
                ("isCodable", "true" if code.is_codable else "false"),
                ("color", code.color),
            )
        )
        el = etree.Element(E.q("Code", ns), attrs)
        _description(el, code.description, ns)
        if ns == E.NS:
            _refs(el, "NoteRef", code.note_refs)
        for child in children.get(code.guid, []):
            el.append(build(child, depth + 1))
        return el

    return [build(c, 0) for c in children.get(None, [])]


def _coding(parent: etree._Element, coding: Coding) -> None:
    el = _sub(
        parent,
        "Coding",
        _attrs(
            (
                ("guid", coding.guid),
                ("creatingUser", coding.creating_user),
                ("creationDateTime", coding.creation_datetime),
            )
        ),
    )
    _sub(el, "CodeRef", {"targetGUID": coding.code})
    _refs(el, "NoteRef", coding.note_refs)


def _variable_values(parent: etree._Element, values: list[VariableValue]) -> None:
    for vv in values:
        el = _sub(parent, "VariableValue")
        _sub(el, "VariableRef", {"targetGUID": vv.variable})
        if vv.kind is not None:
            _sub(el, f"{vv.kind}Value").text = vv.value


def source_element(src: TextSource, tag: str) -> etree._Element:
    """A TextSource or Note. Text goes to a file when the source names one, else inline."""
    attrs = _attrs(
        (
            ("guid", src.guid),
            ("name", src.name),
            ("richTextPath", src.rich_text_path),
            ("plainTextPath", src.plain_text_path),
            ("creatingUser", src.creating_user),
            ("creationDateTime", src.creation_datetime),
            ("modifyingUser", src.modifying_user),
            ("modifiedDateTime", src.modified_datetime),
        )
    )
    el = etree.Element(E.q(tag), attrs)
    _description(el, src.description)
    if src.plain_text_path is None and src.text is not None:
        _sub(el, "PlainTextContent").text = src.text
    for sel in src.selections:
        s = _sub(
            el,
            "PlainTextSelection",
            _attrs(
                (
                    ("guid", sel.guid),
                    ("name", sel.name),
                    ("startPosition", sel.start),
                    ("endPosition", sel.end),
                    ("creatingUser", sel.creating_user),
                    ("creationDateTime", sel.creation_datetime),
                    ("modifyingUser", sel.modifying_user),
                    ("modifiedDateTime", sel.modified_datetime),
                )
            ),
        )
        _description(s, sel.description)
        for coding in sel.codings:
            _coding(s, coding)
        _refs(s, "NoteRef", sel.note_refs)
    for coding in src.codings:
        _coding(el, coding)
    _refs(el, "NoteRef", src.note_refs)
    _variable_values(el, src.variable_values)
    return el


def _variable(parent: etree._Element, var: Variable) -> None:
    el = _sub(
        parent, "Variable", {"guid": var.guid, "name": var.name, "typeOfVariable": var.type_of_variable}
    )
    _description(el, var.description)


def _case(parent: etree._Element, case: Case) -> None:
    el = _sub(parent, "Case", _attrs((("guid", case.guid), ("name", case.name))))
    _description(el, case.description)
    _refs(el, "CodeRef", case.code_refs)
    _variable_values(el, case.variable_values)
    _refs(el, "SourceRef", case.source_refs)
    _refs(el, "SelectionRef", case.selection_refs)


def _set(parent: etree._Element, s: CodeSet) -> None:
    el = _sub(parent, "Set", {"guid": s.guid, "name": s.name})
    _description(el, s.description)
    _refs(el, "MemberCode", s.member_codes)
    _refs(el, "MemberSource", s.member_sources)
    _refs(el, "MemberNote", s.member_notes)


def _container(local: str) -> etree._Element:
    return etree.Element(E.q(local), nsmap={None: E.NS})


def project_children(project: Project) -> Iterator[tuple[str, object]]:
    """("element", el) for each top-level child, and ("sources", [kept elements]) for <Sources>."""
    kept: dict[str, list[etree._Element]] = {"Sources": [], "Links": [], "Graphs": []}
    for item in project.unmodelled:
        if item.container in kept:
            kept[item.container].append(parse_fragment(item.xml))
    if project.users:
        users = _container("Users")
        for u in project.users:
            _sub(users, "User", _attrs((("guid", u.guid), ("name", u.name), ("id", u.id))))
        yield "element", users
    if project.codes:
        book = _container("CodeBook")
        codes = _sub(book, "Codes")
        for el in code_tree(project.codes):
            codes.append(el)
        yield "element", book
    if project.variables:
        variables = _container("Variables")
        for v in project.variables:
            _variable(variables, v)
        yield "element", variables
    if project.cases:
        cases = _container("Cases")
        for c in project.cases:
            _case(cases, c)
        yield "element", cases
    if project.sources or kept["Sources"]:
        yield "sources", kept["Sources"]
    if project.notes:
        notes = _container("Notes")
        for n in project.notes:
            notes.append(source_element(n, "Note"))
        yield "element", notes
    if kept["Links"]:
        links = _container("Links")
        links.extend(kept["Links"])
        yield "element", links
    if project.sets:
        sets = _container("Sets")
        for s in project.sets:
            _set(sets, s)
        yield "element", sets
    if kept["Graphs"]:
        graphs = _container("Graphs")
        graphs.extend(kept["Graphs"])
        yield "element", graphs
    if project.description is not None:
        desc = _container("Description")
        desc.text = project.description
        yield "element", desc
    for guid in project.note_refs:
        yield "element", etree.Element(E.q("NoteRef"), {"targetGUID": guid})
