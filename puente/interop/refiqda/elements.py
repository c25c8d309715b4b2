"""REFI-QDA XML elements -> model dataclasses (one function per element type)."""

from __future__ import annotations

import copy

from lxml import etree

from .errors import RefiQdaError
from .model import (
    Case,
    Code,
    CodeSet,
    Coding,
    TextSelection,
    TextSource,
    Unmodelled,
    User,
    Variable,
    VariableValue,
)

NS = "urn:QDA-XML:project:1.0"
CB_NS = "urn:QDA-XML:codebook:1.0"


def q(local: str, ns: str = NS) -> str:
    return f"{{{ns}}}{local}"


def local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""  # comments and processing instructions
    return tag.rsplit("}", 1)[-1]


# guid-bearing elements, by what a reference to them means
DEF_KINDS = {
    "Code": "code",
    "TextSource": "source",
    "PictureSource": "source",
    "PDFSource": "source",
    "AudioSource": "source",
    "VideoSource": "source",
    "Representation": "source",
    "Transcript": "source",
    "TextDescription": "source",
    "Note": "note",
    "Variable": "variable",
    "PlainTextSelection": "selection",
    "PictureSelection": "selection",
    "PDFSelection": "selection",
    "AudioSelection": "selection",
    "VideoSelection": "selection",
    "TranscriptSelection": "selection",
    "User": "user",
    "Case": "case",
    "Set": "set",
}
REF_KINDS = {
    "CodeRef": "code",
    "MemberCode": "code",
    "SourceRef": "source",
    "MemberSource": "source",
    "NoteRef": "note",
    "MemberNote": "note",
    "VariableRef": "variable",
    "SelectionRef": "selection",
}


def norm_guid(guid: str) -> str:
    return guid.strip().strip("{}").lower()


def req(el: etree._Element, attr: str) -> str:
    value = el.get(attr)
    if value is None:
        raise RefiQdaError(f"<{local(el.tag)}> without the required attribute {attr!r}")
    return value


def req_int(el: etree._Element, attr: str) -> int:
    raw = req(el, attr)
    try:
        return int(raw.strip())
    except ValueError:
        raise RefiQdaError(f"<{local(el.tag)}> {attr}={raw!r} is not an integer") from None


def as_bool(raw: str) -> bool:
    value = raw.strip()
    if value in ("true", "1"):
        return True
    if value in ("false", "0"):
        return False
    raise RefiQdaError(f"{raw!r} is not an XML boolean")


def description(el: etree._Element, ns: str = NS) -> str | None:
    d = el.find(q("Description", ns))
    if d is None:
        return None
    return d.text or ""


def refs(el: etree._Element, tag: str, attr: str = "targetGUID") -> list[str]:
    return [req(r, attr) for r in el.iterchildren(q(tag))]


def canonical_xml(el: etree._Element) -> str:
    """Serialise with the REFI namespace as default and unused declarations dropped, so the same
    element gives the same string whichever document it sat in."""
    clone = copy.deepcopy(el)
    clone.tail = None
    etree.cleanup_namespaces(clone, top_nsmap={None: NS})
    return etree.tostring(clone, encoding="unicode")


def unmodelled(container: str, el: etree._Element) -> Unmodelled:
    return Unmodelled(
        container=container,
        kind=local(el.tag),
        guid=el.get("guid"),
        name=el.get("name"),
        xml=canonical_xml(el),
    )


def parse_user(el: etree._Element) -> User:
    return User(guid=req(el, "guid"), name=el.get("name"), id=el.get("id"))


def parse_codes(parent: etree._Element, parent_guid: str | None, out: list[Code], ns: str = NS) -> None:
    for el in parent.iterchildren(q("Code", ns)):
        guid = req(el, "guid")
        out.append(
            Code(
                guid=guid,
                name=req(el, "name"),
                is_codable=as_bool(req(el, "isCodable")),
                color=el.get("color"),
                description=description(el, ns),
                parent=parent_guid,
                note_refs=refs(el, "NoteRef") if ns == NS else [],
            )
        )
        parse_codes(el, guid, out, ns)


def parse_variable(el: etree._Element) -> Variable:
    return Variable(
        guid=req(el, "guid"),
        name=req(el, "name"),
        type_of_variable=req(el, "typeOfVariable"),
        description=description(el),
    )


def parse_variable_values(el: etree._Element) -> list[VariableValue]:
    values = []
    for vv in el.iterchildren(q("VariableValue")):
        ref = vv.find(q("VariableRef"))
        if ref is None:
            raise RefiQdaError("<VariableValue> without <VariableRef>")
        kind, value = None, None
        for child in vv:
            name = local(child.tag)
            if name.endswith("Value"):
                kind, value = name[: -len("Value")], child.text or ""
        values.append(VariableValue(variable=req(ref, "targetGUID"), kind=kind, value=value))
    return values


def parse_case(el: etree._Element) -> Case:
    return Case(
        guid=req(el, "guid"),
        name=el.get("name"),
        description=description(el),
        code_refs=refs(el, "CodeRef"),
        variable_values=parse_variable_values(el),
        source_refs=refs(el, "SourceRef"),
        selection_refs=refs(el, "SelectionRef"),
    )


def parse_set(el: etree._Element, ns: str = NS) -> CodeSet:
    member_attr = "targetGUID" if ns == NS else "guid"
    return CodeSet(
        guid=req(el, "guid"),
        name=req(el, "name"),
        description=description(el, ns),
        member_codes=[req(m, member_attr) for m in el.iterchildren(q("MemberCode", ns))],
        member_sources=refs(el, "MemberSource") if ns == NS else [],
        member_notes=refs(el, "MemberNote") if ns == NS else [],
    )


def parse_coding(el: etree._Element) -> Coding:
    ref = el.find(q("CodeRef"))
    if ref is None:
        raise RefiQdaError(f"<Coding guid={el.get('guid')!r}> without <CodeRef>")
    return Coding(
        guid=req(el, "guid"),
        code=req(ref, "targetGUID"),
        creating_user=el.get("creatingUser"),
        creation_datetime=el.get("creationDateTime"),
        note_refs=refs(el, "NoteRef"),
    )


_SELECTION = q("PlainTextSelection")
_CODING = q("Coding")
_TEXT_CHILDREN = {
    q("Description"),
    q("PlainTextContent"),
    _SELECTION,
    _CODING,
    q("NoteRef"),
    q("VariableValue"),
}


def parse_text_source(el: etree._Element, container: str) -> tuple[TextSource, list[Unmodelled]]:
    """A TextSource or Note, with raw (unconverted) selection positions."""
    content = el.find(q("PlainTextContent"))
    src = TextSource(
        guid=req(el, "guid"),
        name=el.get("name"),
        text=None if content is None else (content.text or ""),
        description=description(el),
        plain_text_path=el.get("plainTextPath"),
        rich_text_path=el.get("richTextPath"),
        creating_user=el.get("creatingUser"),
        creation_datetime=el.get("creationDateTime"),
        modifying_user=el.get("modifyingUser"),
        modified_datetime=el.get("modifiedDateTime"),
        codings=[parse_coding(c) for c in el.iterchildren(_CODING)],
        note_refs=refs(el, "NoteRef"),
        variable_values=parse_variable_values(el),
    )
    for s in el.iterchildren(_SELECTION):
        src.selections.append(
            TextSelection(
                guid=req(s, "guid"),
                start=req_int(s, "startPosition"),
                end=req_int(s, "endPosition"),
                name=s.get("name"),
                description=description(s),
                creating_user=s.get("creatingUser"),
                creation_datetime=s.get("creationDateTime"),
                modifying_user=s.get("modifyingUser"),
                modified_datetime=s.get("modifiedDateTime"),
                codings=[parse_coding(c) for c in s.iterchildren(_CODING)],
                note_refs=refs(s, "NoteRef"),
            )
        )
    extra = [
        unmodelled(f"{container}/{src.guid}", child)
        for child in el
        if isinstance(child.tag, str) and child.tag not in _TEXT_CHILDREN
    ]
    return src, extra
