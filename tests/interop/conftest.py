"""Shared fixtures: the real REFI-QDA sample exports and small builders for crafted archives."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest

DEFAULT_SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "refi-qda" / "samples"
NVIVO = "nvivo-12.6-windows.qdpx"
ATLAS = "atlasti-8.4-standard-project.qde"


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    path = Path(os.environ.get("PUENTE_REFI_SAMPLES", DEFAULT_SAMPLES))
    missing = [n for n in (NVIVO, ATLAS) if not (path / n).is_file()]
    if missing:
        pytest.fail(
            f"REFI-QDA sample files {missing} not found in {path}. Set PUENTE_REFI_SAMPLES to the directory "
            "holding the samples (by default shared/refi-qda/samples beside the repository).",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="session")
def nvivo_path(samples_dir: Path) -> Path:
    return samples_dir / NVIVO


@pytest.fixture(scope="session")
def atlas_path(samples_dir: Path) -> Path:
    return samples_dir / ATLAS


@pytest.fixture(scope="session")
def shared_schemas(samples_dir: Path) -> Path:
    return samples_dir.parent


NS = "urn:QDA-XML:project:1.0"
CODE = "11111111-1111-4111-8111-111111111111"
SRC = "22222222-2222-4222-8222-222222222222"
SEL = "33333333-3333-4333-8333-333333333333"
CODING = "44444444-4444-4444-8444-444444444444"
USER = "55555555-5555-4555-8555-555555555555"


def project_xml(start: int = 0, end: int = 5, code_ref: str = CODE, extra: str = "") -> str:
    """A minimal valid project with one text source ('hello world') and one coded selection."""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="{NS}" name="crafted" origin="test">
  <Users><User guid="{USER}" name="coder"/></Users>
  <CodeBook><Codes><Code guid="{CODE}" name="greeting" isCodable="true"/></Codes></CodeBook>
  <Sources>
    <TextSource guid="{SRC}" name="t" plainTextPath="internal://{SRC}.txt">
      <PlainTextSelection guid="{SEL}" startPosition="{start}" endPosition="{end}" creatingUser="{USER}">
        <Coding guid="{CODING}" creatingUser="{USER}"><CodeRef targetGUID="{code_ref}"/></Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>{extra}
</Project>"""


def make_qdpx(path: Path, members: dict[str, bytes | str], compression=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=compression) as zf:
        for name, data in members.items():
            payload = data.encode("utf-8") if isinstance(data, str) else data
            zf.writestr(zipfile.ZipInfo(name), payload, compress_type=compression)
    return path


@pytest.fixture
def crafted(tmp_path: Path):
    """crafted(members=None, **project_kwargs) -> path of a small .qdpx."""

    def build(members: dict[str, bytes | str] | None = None, name: str = "p.qdpx", **kwargs) -> Path:
        if members is None:
            members = {"project.qde": project_xml(**kwargs), f"Sources/{SRC}.txt": "hello world"}
        return make_qdpx(tmp_path / name, members)

    return build


@pytest.fixture
def kit(tmp_path: Path) -> SimpleNamespace:
    """Builders and GUIDs for crafted inputs (test modules cannot import conftest directly)."""
    return SimpleNamespace(
        tmp=tmp_path,
        project_xml=project_xml,
        make_qdpx=make_qdpx,
        NS=NS,
        CODE=CODE,
        SRC=SRC,
        SEL=SEL,
        CODING=CODING,
        USER=USER,
    )
