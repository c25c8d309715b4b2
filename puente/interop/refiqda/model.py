"""Plain dataclass model of a REFI-QDA 1.0 project and codebook.

Values keep their lexical form from the XML (dates, booleans as "true"/"1", variable values) so that an
import -> export -> import cycle gives back an equal model. Text positions are always Unicode code points
over the plain text, as the standard says, whatever the producing program counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class User:
    guid: str
    name: str | None = None
    id: str | None = None


@dataclass
class Code:
    """One code; the hierarchy is flattened with `parent` (guid of the enclosing code, None at top)."""

    guid: str
    name: str
    is_codable: bool = True
    color: str | None = None
    description: str | None = None
    parent: str | None = None
    note_refs: list[str] = field(default_factory=list)


@dataclass
class CodeSet:
    """A REFI Set: a group of codes and/or sources (ATLAS.ti code groups, NVivo sets)."""

    guid: str
    name: str
    description: str | None = None
    member_codes: list[str] = field(default_factory=list)
    member_sources: list[str] = field(default_factory=list)
    member_notes: list[str] = field(default_factory=list)


@dataclass
class Variable:
    guid: str
    name: str
    type_of_variable: str  # Text, Boolean, Integer, Float, Date, DateTime
    description: str | None = None


@dataclass
class VariableValue:
    variable: str  # guid of the Variable
    kind: str | None  # element name without "Value" (Text, Boolean, ...) or None when absent
    value: str | None = None


@dataclass
class Case:
    guid: str
    name: str | None = None
    description: str | None = None
    code_refs: list[str] = field(default_factory=list)
    variable_values: list[VariableValue] = field(default_factory=list)
    source_refs: list[str] = field(default_factory=list)
    selection_refs: list[str] = field(default_factory=list)


@dataclass
class Coding:
    """One application of a code, by one coder (`creating_user`)."""

    guid: str
    code: str
    creating_user: str | None = None
    creation_datetime: str | None = None
    note_refs: list[str] = field(default_factory=list)


@dataclass
class TextSelection:
    """A PlainTextSelection: half-open [start, end) in code points."""

    guid: str
    start: int
    end: int
    name: str | None = None
    description: str | None = None
    creating_user: str | None = None
    creation_datetime: str | None = None
    modifying_user: str | None = None
    modified_datetime: str | None = None
    codings: list[Coding] = field(default_factory=list)
    note_refs: list[str] = field(default_factory=list)


@dataclass
class TextSource:
    """A text source; also used for Notes (the schema gives both the same type)."""

    guid: str
    name: str | None = None
    text: str | None = None  # None when the plain text was not available (bare .qde, missing file)
    description: str | None = None
    plain_text_path: str | None = None  # None: text goes inline as PlainTextContent
    rich_text_path: str | None = None
    creating_user: str | None = None
    creation_datetime: str | None = None
    modifying_user: str | None = None
    modified_datetime: str | None = None
    selections: list[TextSelection] = field(default_factory=list)
    codings: list[Coding] = field(default_factory=list)  # codings of the whole source
    note_refs: list[str] = field(default_factory=list)
    variable_values: list[VariableValue] = field(default_factory=list)


Note = TextSource


@dataclass
class Unmodelled:
    """An element read but not modelled, kept verbatim so that it is neither lost nor hidden."""

    container: str  # where it lives: "Sources", "Links", "Graphs" or a path for anything else
    kind: str  # local element name
    guid: str | None
    name: str | None
    xml: str


@dataclass
class Project:
    name: str
    # Which program wrote the file; not content, so it does not take part in equality.
    origin: str | None = field(default=None, compare=False)
    creating_user: str | None = None
    creation_datetime: str | None = None
    modifying_user: str | None = None
    modified_datetime: str | None = None
    base_path: str | None = None
    description: str | None = None
    users: list[User] = field(default_factory=list)
    codes: list[Code] = field(default_factory=list)
    variables: list[Variable] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    sources: list[TextSource] = field(default_factory=list)
    notes: list[TextSource] = field(default_factory=list)
    sets: list[CodeSet] = field(default_factory=list)
    note_refs: list[str] = field(default_factory=list)
    unmodelled: list[Unmodelled] = field(default_factory=list)
    # Archive members other than modelled plain texts (rich text .docx, PDFs, pictures), by member name.
    attachments: dict[str, bytes] = field(default_factory=dict)

    def iter_codings(self):
        """Yield (source, selection or None, coding) for every coding on a text source."""
        for src in self.sources:
            for coding in src.codings:
                yield src, None, coding
            for sel in src.selections:
                for coding in sel.codings:
                    yield src, sel, coding

    def codebook(self) -> Codebook:
        return Codebook(codes=list(self.codes), sets=[s for s in self.sets if s.member_codes])


@dataclass
class Codebook:
    codes: list[Code] = field(default_factory=list)
    sets: list[CodeSet] = field(default_factory=list)
    origin: str | None = field(default=None, compare=False)


@dataclass
class ExtraNote:
    """Something Puente holds that REFI cannot carry (e.g. a framework-matrix cell summary).

    It is exported as a Note; `about` lists guids of codes, sources, cases or selections it refers to.
    """

    kind: str
    title: str
    text: str
    about: list[str] = field(default_factory=list)
    guid: str | None = None
