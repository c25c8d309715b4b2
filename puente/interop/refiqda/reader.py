"""Read REFI-QDA projects (.qdpx archive, bare .qde XML) and codebooks (.qdc).

The project XML is streamed with iterparse and each top-level part is dropped once turned into model
objects, so memory follows the model, not the XML tree.
"""

from __future__ import annotations

import zipfile
from collections import defaultdict
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, BinaryIO

import numpy as np
from lxml import etree

from . import elements as E
from .errors import RefiQdaError
from .model import Codebook, Project, TextSource
from .positions import MODES, convert, decide_mode
from .report import ImportReport
from .safety import PARSER_OPTIONS, Budget, GuardedStream, LimitedReader, ZipLimits, open_archive, read_member

TextLoader = Callable[[str], "str | None"]
INTERNAL = "internal://"

# where an unresolved reference is an error; user/link/graph references only earn a warning
STRICT_KINDS = ("code", "source", "note", "variable", "selection")


def _decode_text(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8").removeprefix("\ufeff")  # NVivo writes a BOM; positions exclude it
    except UnicodeDecodeError as exc:
        raise RefiQdaError(f"{where} is not valid UTF-8: {exc}") from None


class _Refs:
    """GUIDs defined and referenced anywhere in the document, modelled or not."""

    def __init__(self) -> None:
        self.defined: dict[str, set[str]] = defaultdict(set)
        self.wanted: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.users: set[str] = set()

    def scan(self, root: etree._Element, member_attr: str = "targetGUID") -> None:
        for el in root.iter(tag=etree.Element):
            name = E.local(el.tag)
            guid = el.get("guid")
            kind = E.DEF_KINDS.get(name)
            if kind and guid is not None:
                self.defined[kind].add(E.norm_guid(guid))
            ref_kind = E.REF_KINDS.get(name)
            if ref_kind:
                attr = "guid" if name == "MemberCode" and member_attr == "guid" else "targetGUID"
                target = el.get(attr)
                if target is not None:
                    parent = el.getparent()
                    where = E.local(parent.tag) if parent is not None else "?"
                    self.wanted[ref_kind].append((target, f"{where} {parent.get('guid', '')}".strip()))
            for attr in ("creatingUser", "modifyingUser"):
                user = el.get(attr)
                if user is not None:
                    self.users.add(E.norm_guid(user))

    def check(self, report: ImportReport) -> None:
        for kind, wanted in self.wanted.items():
            have = self.defined[kind]
            for target, where in wanted:
                if E.norm_guid(target) not in have:
                    msg = f"{where}: reference to {kind} {target} which does not exist in the project"
                    if kind in STRICT_KINDS:
                        raise RefiQdaError(msg)
                    report.warnings.append(msg)
        unknown = self.users - self.defined["user"]
        if unknown:
            report.warnings.append(f"{len(unknown)} user GUID(s) referenced but not listed under <Users>")


class _ProjectParser:
    def __init__(self, load_text: TextLoader, positions: str):
        if positions not in MODES:
            raise ValueError(f"positions must be one of {MODES}, not {positions!r}")
        self.load_text = load_text
        self.mode = positions
        self.report = ImportReport()
        self.refs = _Refs()
        self.project: Project | None = None
        self.text_files: set[str] = set()

    def parse(self, stream: IO[bytes]) -> tuple[Project, ImportReport]:
        guarded = GuardedStream(stream)
        sources_el = None
        root = None
        try:
            for event, el in etree.iterparse(guarded, events=("start", "end"), **PARSER_OPTIONS):
                if root is None:
                    root = el
                    self._start_root(el)
                    continue
                if event == "start":
                    if el.tag == E.q("Sources") and el.getparent() is root:
                        sources_el = el
                    continue
                parent = el.getparent()
                if parent is sources_el and sources_el is not None:
                    self._source(el)
                    el.clear()
                    parent.remove(el)
                elif parent is root:
                    self._top(el)
                    el.clear()
                    root.remove(el)
        except etree.XMLSyntaxError as exc:
            raise RefiQdaError(f"malformed XML: {exc}") from None
        if self.project is None:
            raise RefiQdaError("empty XML document")
        self.refs.check(self.report)
        self._count()
        return self.project, self.report

    def _start_root(self, el: etree._Element) -> None:
        if el.getroottree().docinfo.doctype:
            raise RefiQdaError("XML with a DOCTYPE/DTD is refused")
        if el.tag != E.q("Project"):
            raise RefiQdaError(
                f"not a REFI-QDA project: root element is {el.tag!r}, expected {E.q('Project')!r}"
            )
        self.project = Project(
            name=E.req(el, "name"),
            origin=el.get("origin"),
            creating_user=el.get("creatingUserGUID"),
            creation_datetime=el.get("creationDateTime"),
            modifying_user=el.get("modifyingUserGUID"),
            modified_datetime=el.get("modifiedDateTime"),
            base_path=el.get("basePath"),
        )
        self.report.origin = self.project.origin
        for attr in ("creatingUserGUID", "modifyingUserGUID"):
            if el.get(attr):
                self.refs.users.add(E.norm_guid(el.get(attr)))

    def _top(self, el: etree._Element) -> None:
        p = self.project
        assert p is not None
        self.refs.scan(el)
        name = E.local(el.tag)
        if name == "Users":
            p.users.extend(E.parse_user(u) for u in el.iterchildren(E.q("User")))
        elif name == "CodeBook":
            codes = el.find(E.q("Codes"))
            if codes is not None:
                E.parse_codes(codes, None, p.codes)
        elif name == "Variables":
            p.variables.extend(E.parse_variable(v) for v in el.iterchildren(E.q("Variable")))
        elif name == "Cases":
            p.cases.extend(E.parse_case(c) for c in el.iterchildren(E.q("Case")))
        elif name == "Notes":
            for note_el in el.iterchildren(E.q("Note")):
                p.notes.append(self._text(note_el, "Notes"))
        elif name == "Sets":
            p.sets.extend(E.parse_set(s) for s in el.iterchildren(E.q("Set")))
        elif name == "Description":
            p.description = el.text or ""
        elif name == "NoteRef":
            p.note_refs.append(E.req(el, "targetGUID"))
        elif name in ("Links", "Graphs"):
            for child in el.iterchildren(tag=etree.Element):
                self._unmodelled(E.unmodelled(name, child))
        elif name != "Sources" and isinstance(el.tag, str):
            self._unmodelled(E.unmodelled("Project", el))

    def _source(self, el: etree._Element) -> None:
        if not isinstance(el.tag, str):
            return
        self.refs.scan(el)
        if el.tag == E.q("TextSource"):
            assert self.project is not None
            self.project.sources.append(self._text(el, "Sources"))
        else:
            self._unmodelled(E.unmodelled("Sources", el))

    def _unmodelled(self, item) -> None:
        assert self.project is not None
        self.project.unmodelled.append(item)
        self.report.unmodelled.append(
            f"{item.container}: {item.kind} {item.guid or ''} {item.name or ''}".strip()
        )

    def _text(self, el: etree._Element, container: str) -> TextSource:
        src, extra = E.parse_text_source(el, container)
        for item in extra:
            self._unmodelled(item)
        if src.text is None and src.plain_text_path:
            src.text = self._load(src.plain_text_path, src)
        self._positions(src)
        return src

    def _load(self, path: str, src: TextSource) -> str | None:
        if path.startswith(INTERNAL):
            name = path[len(INTERNAL) :]
            if "/" in name or "\\" in name or name in ("", ".", ".."):
                raise RefiQdaError(f"source {src.guid}: plainTextPath {path!r} escapes the archive")
            text = self.load_text(name)
            if text is not None:
                self.text_files.add(name)
                return text
        self.report.warnings.append(f"source {src.guid} ({src.name}): plain text {path!r} not available")
        return None

    def _positions(self, src: TextSource) -> None:
        sels = src.selections
        for s in sels:
            if s.start < 0 or s.start > s.end:
                raise RefiQdaError(
                    f"selection {s.guid} in source {src.guid}: start {s.start} / end {s.end} out of order"
                )
        if src.text is None:
            if sels:
                self.report.warnings.append(
                    f"source {src.guid}: {len(sels)} selection(s) not checked (no plain text)"
                )
            return
        raw = np.fromiter((v for s in sels for v in (s.start, s.end)), dtype=np.int64, count=2 * len(sels))
        mode, reason = decide_mode(src.text, raw, self.report.origin, self.mode)
        self.report.positions[src.guid] = mode
        self.report.position_reasons[src.guid] = reason
        try:
            cps = convert(src.text, raw, mode)
        except RefiQdaError as exc:
            raise RefiQdaError(f"source {src.guid} ({src.name}): {exc}") from None
        if mode == "utf16":
            self.report.converted_selections += len(sels)
            for i, s in enumerate(sels):
                s.start, s.end = int(cps[2 * i]), int(cps[2 * i + 1])

    def _count(self) -> None:
        p = self.project
        assert p is not None
        self.report.counts = {
            "users": len(p.users),
            "codes": len(p.codes),
            "sources": len(p.sources),
            "selections": sum(len(s.selections) for s in p.sources),
            "codings": sum(1 for _ in p.iter_codings()),
            "notes": len(p.notes),
            "cases": len(p.cases),
            "sets": len(p.sets),
            "unmodelled": len(p.unmodelled),
        }


def _open_binary(source: str | Path | BinaryIO):
    if isinstance(source, (str, Path)):
        try:
            return open(source, "rb"), True
        except OSError as exc:
            raise RefiQdaError(f"cannot open {source}: {exc}") from None
    return source, False


def read_qde(
    source: str | Path | BinaryIO,
    positions: str = "auto",
    texts: Mapping[str, str] | None = None,
) -> tuple[Project, ImportReport]:
    """Read a bare project XML. `texts` maps internal file names (``<guid>.txt``) to plain text."""
    fh, owned = _open_binary(source)
    try:
        loader = (lambda name: None) if texts is None else texts.get
        return _ProjectParser(loader, positions).parse(fh)
    finally:
        if owned:
            fh.close()


def _find_member(zf: zipfile.ZipFile, name: str) -> zipfile.ZipInfo | None:
    for prefix in ("Sources/", "sources/"):
        try:
            return zf.getinfo(prefix + name)
        except KeyError:
            continue
    return None


def _project_member(zf: zipfile.ZipFile) -> zipfile.ZipInfo:
    qdes = [i for i in zf.infolist() if i.filename.lower().endswith(".qde") and not i.is_dir()]
    if len(qdes) == 1:
        return qdes[0]
    for info in qdes:
        if info.filename == "project.qde":
            return info
    if not qdes:
        raise RefiQdaError("archive holds no project.qde (no .qde file at all)")
    raise RefiQdaError(
        f"archive holds several .qde files and none is project.qde: {[i.filename for i in qdes]}"
    )


def read_qdpx(
    source: str | Path | BinaryIO,
    positions: str = "auto",
    limits: ZipLimits | None = None,
) -> tuple[Project, ImportReport]:
    """Read a .qdpx archive: the project XML plus its plain-text sources; other members are kept as
    attachments so that an export gives them back."""
    limits = limits or ZipLimits()
    fh, owned = _open_binary(source)
    try:
        with open_archive(fh, limits) as zf:
            budget = Budget(limits)
            qde = _project_member(zf)

            def load(name: str) -> str | None:
                info = _find_member(zf, name)
                if info is None:
                    return None
                return _decode_text(read_member(zf, info, budget), info.filename)

            parser = _ProjectParser(load, positions)
            reader = LimitedReader(zf, qde, budget)
            try:
                project, report = parser.parse(reader)
            finally:
                reader.close()
            used = {qde.filename}
            for name in parser.text_files:
                info = _find_member(zf, name)
                if info is not None:
                    used.add(info.filename)
            for info in zf.infolist():
                if not info.is_dir() and info.filename not in used:
                    project.attachments[info.filename] = read_member(zf, info, budget)
            return project, report
    finally:
        if owned:
            fh.close()


def read_qdc(source: str | Path | BinaryIO) -> tuple[Codebook, ImportReport]:
    """Read a REFI-QDA codebook (.qdc, namespace urn:QDA-XML:codebook:1.0)."""
    fh, owned = _open_binary(source)
    report = ImportReport()
    try:
        stream = GuardedStream(fh)
        try:
            tree = etree.parse(stream, parser=etree.XMLParser(**PARSER_OPTIONS))
        except etree.XMLSyntaxError as exc:
            raise RefiQdaError(f"malformed XML: {exc}") from None
    finally:
        if owned:
            fh.close()
    if tree.docinfo.doctype:
        raise RefiQdaError("XML with a DOCTYPE/DTD is refused")
    root = tree.getroot()
    if root.tag != E.q("CodeBook", E.CB_NS):
        raise RefiQdaError(f"not a REFI-QDA codebook: root element is {root.tag!r}")
    book = Codebook(origin=root.get("origin"))
    report.origin = book.origin
    codes = root.find(E.q("Codes", E.CB_NS))
    if codes is None:
        raise RefiQdaError("codebook without <Codes>")
    E.parse_codes(codes, None, book.codes, E.CB_NS)
    sets = root.find(E.q("Sets", E.CB_NS))
    if sets is not None:
        book.sets = [E.parse_set(s, E.CB_NS) for s in sets.iterchildren(E.q("Set", E.CB_NS))]
    known = {E.norm_guid(c.guid) for c in book.codes}
    for s in book.sets:
        for m in s.member_codes:
            if E.norm_guid(m) not in known:
                raise RefiQdaError(f"set {s.guid} ({s.name}): member code {m} does not exist in the codebook")
    report.counts = {"codes": len(book.codes), "sets": len(book.sets)}
    return book, report
