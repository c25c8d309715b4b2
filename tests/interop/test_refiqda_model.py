"""A project built in Puente, using every modelled part, exports validly and comes back equal."""

from __future__ import annotations

import zipfile

from lxml import etree

from puente.interop.refiqda import (
    Case,
    Code,
    CodeSet,
    Coding,
    Project,
    TextSelection,
    TextSource,
    User,
    Variable,
    VariableValue,
    read_qdpx,
    schema,
    write_qdpx,
)
from puente.interop.refiqda.safety import PARSER_OPTIONS


def g(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


def build() -> Project:
    text = "Interviewer: How was the group?\r\nParticipant: It helped me 💪 a lot."
    start = text.index("It helped")
    sel = TextSelection(
        guid=g(20),
        start=start,
        end=len(text) - 1,
        name="It helped me",
        description="key quote",
        creating_user=g(1),
        creation_datetime="2025-03-01T10:00:00Z",
        codings=[
            Coding(g(30), g(10), g(1), "2025-03-01T10:00:00Z", note_refs=[g(40)]),
            Coding(g(31), g(11), g(2), "2025-03-02T10:00:00Z"),
        ],
        note_refs=[g(40)],
    )
    source = TextSource(
        guid=g(50),
        name="Interview 1",
        text=text,
        description="first interview",
        plain_text_path=f"internal://{g(50)}.txt",
        selections=[sel],
        codings=[Coding(g(32), g(12), g(1))],
        note_refs=[g(41)],
        variable_values=[VariableValue(g(60), "Integer", "42")],
    )
    inline = TextSource(guid=g(51), name="Field note", text="short inline text")
    return Project(
        name="Peer support evaluation",
        creating_user=g(1),
        creation_datetime="2025-03-01T09:00:00Z",
        description="framework analysis",
        users=[User(g(1), "coder A"), User(g(2), "coder B", id="b")],
        codes=[
            Code(g(10), "Belonging", color="#AA0000", description="feeling part of", note_refs=[g(41)]),
            Code(g(11), "Peer group", parent=g(10)),
            Code(g(12), "Theme header", is_codable=False),
        ],
        variables=[Variable(g(60), "age", "Integer"), Variable(g(61), "site", "Text", description="where")],
        cases=[
            Case(
                g(70),
                "Participant 7",
                description="case",
                code_refs=[g(10)],
                variable_values=[VariableValue(g(61), "Text", "North")],
                source_refs=[g(50)],
                selection_refs=[g(20)],
            )
        ],
        sources=[source, inline],
        notes=[
            TextSource(guid=g(40), name="Memo", text="Belonging comes up early."),
            TextSource(
                guid=g(41),
                name="Memo 2",
                text="Check with coder B.",
                plain_text_path=f"internal://{g(41)}.txt",
            ),
        ],
        sets=[CodeSet(g(80), "Wellbeing", "group", [g(10), g(11)], [g(50)], [g(40)])],
        note_refs=[g(40)],
    )


def test_full_project_round_trip(tmp_path):
    project = build()
    out = tmp_path / "p.qdpx"
    report = write_qdpx(project, out)
    assert report.warnings == []
    with zipfile.ZipFile(out) as zf:
        names = set(zf.namelist())
        doc = etree.fromstring(zf.read("project.qde"), parser=etree.XMLParser(**PARSER_OPTIONS))
    assert {"project.qde", f"Sources/{g(50)}.txt", f"Sources/{g(41)}.txt"} <= names
    assert schema("Project.xsd").validate(doc), schema("Project.xsd").error_log
    back, import_report = read_qdpx(out)
    assert import_report.warnings == []
    assert back == project
    sel = back.sources[0].selections[0]
    assert back.sources[0].text[sel.start : sel.end] == "It helped me 💪 a lot"
