"""REFI-QDA 1.0 exchange (QDA-XML): read and write .qdpx projects and .qdc codebooks.

Pure Python + lxml, no Django. Positions in the model are Unicode code points over the plain text.
"""

from __future__ import annotations

from .errors import RefiQdaError
from .model import (
    Case,
    Code,
    Codebook,
    CodeSet,
    Coding,
    ExtraNote,
    Note,
    Project,
    TextSelection,
    TextSource,
    Unmodelled,
    User,
    Variable,
    VariableValue,
)
from .reader import read_qdc, read_qde, read_qdpx
from .report import ExportReport, ImportReport
from .safety import ZipLimits
from .writer import schema, write_qdc, write_qdpx

__all__ = [
    "Case",
    "Code",
    "CodeSet",
    "Codebook",
    "Coding",
    "ExportReport",
    "ExtraNote",
    "ImportReport",
    "Note",
    "Project",
    "RefiQdaError",
    "TextSelection",
    "TextSource",
    "Unmodelled",
    "User",
    "Variable",
    "VariableValue",
    "ZipLimits",
    "read_qdc",
    "read_qde",
    "read_qdpx",
    "schema",
    "write_qdc",
    "write_qdpx",
]
