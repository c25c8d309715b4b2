"""Defences against hostile archives and XML: entity tricks, DTDs, path traversal, zip bombs.

Every check raises RefiQdaError before anything is returned or written.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO, BinaryIO

from lxml import etree

from .errors import RefiQdaError

# Shared by every parse: no entity expansion, no DTD, no network, libxml2's default size limits.
PARSER_OPTIONS = dict(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,
    remove_comments=False,
    remove_pis=True,
)

_HEAD_MAX = 64 * 1024  # the prolog must fit here; a real one is a few hundred bytes


def safe_parser(**extra) -> etree.XMLParser:
    return etree.XMLParser(**PARSER_OPTIONS, **extra)


def parse_fragment(xml: str | bytes) -> etree._Element:
    """Parse a small trusted-shape fragment (e.g. an element kept verbatim) with the safe options."""
    data = xml.encode("utf-8") if isinstance(xml, str) else xml
    check_prolog(data[:_HEAD_MAX], complete=True)
    try:
        return etree.fromstring(data, parser=safe_parser())
    except etree.XMLSyntaxError as exc:
        raise RefiQdaError(f"malformed XML: {exc}") from None


def _decode_head(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore")
    if head[:4] in (b"<\x00?\x00", b"\x00<\x00?"):
        return head.decode("utf-16-le" if head[0] == 0x3C else "utf-16-be", errors="ignore")
    # Markup is ASCII in every ASCII-compatible encoding; latin-1 never fails.
    return head.removeprefix(b"\xef\xbb\xbf").decode("latin-1")


_ROOTISH = re.compile(rb"<\x00?[A-Za-z_]")  # a start tag, in 8-bit or UTF-16 encodings
_PI = re.compile(r"<\?.*?\?>", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def check_prolog(head: bytes, *, complete: bool) -> None:
    """Refuse any DOCTYPE (and so any entity declaration) before the root element."""
    text = _decode_head(head)
    pos = 0
    while True:
        while pos < len(text) and text[pos] in " \t\r\n\ufeff":
            pos += 1
        if text.startswith("<?", pos):
            m = _PI.match(text, pos)
            if not m:
                break
            pos = m.end()
        elif text.startswith("<!--", pos):
            m = _COMMENT.match(text, pos)
            if not m:
                break
            pos = m.end()
        else:
            break
    rest = text[pos : pos + 9].upper()
    if rest.startswith("<!DOCTYPE") or rest.startswith("<!"):
        raise RefiQdaError("XML with a DOCTYPE/DTD is refused (entities and external DTDs are not allowed)")
    if pos >= len(text) and not complete:
        raise RefiQdaError("XML prolog too long: no root element in the first 64 KiB")


class GuardedStream:
    """File-like wrapper: checks the prolog of the first bytes, then streams the rest unchanged."""

    def __init__(self, raw: IO[bytes]):
        self._raw = raw
        head = b""
        while len(head) < _HEAD_MAX:
            chunk = raw.read(_HEAD_MAX - len(head))
            if not chunk:
                break
            head += chunk
            if _ROOTISH.search(head):
                break
        check_prolog(head, complete=len(head) < _HEAD_MAX)
        self._head = head

    def read(self, n: int = -1) -> bytes:
        if self._head:
            if n is None or n < 0:
                data, self._head = self._head + self._raw.read(), b""
                return data
            data, self._head = self._head[:n], self._head[n:]
            return data
        return self._raw.read(n)


@dataclass(frozen=True)
class ZipLimits:
    max_members: int = 50_000
    max_total_bytes: int = 1024**3  # all members together, as actually decompressed
    max_member_bytes: int = 512 * 1024**2
    max_ratio: float = 200.0  # decompressed / compressed, checked once a member passes ratio_floor
    ratio_floor: int = 1024**2


class Budget:
    """Counts bytes really decompressed (header sizes can lie) against the limits."""

    def __init__(self, limits: ZipLimits):
        self.limits = limits
        self.total = 0

    def charge(self, name: str, member_so_far: int, compressed: int, n: int) -> None:
        lim = self.limits
        self.total += n
        if self.total > lim.max_total_bytes:
            raise RefiQdaError(f"archive expands beyond {lim.max_total_bytes} bytes: refused as a zip bomb")
        if member_so_far > lim.max_member_bytes:
            raise RefiQdaError(f"archive member {name!r} expands beyond {lim.max_member_bytes} bytes")
        if member_so_far > lim.ratio_floor and member_so_far > lim.max_ratio * max(compressed, 1):
            raise RefiQdaError(
                f"archive member {name!r} has a compression ratio above {lim.max_ratio:g}: "
                "refused as a zip bomb"
            )


class LimitedReader:
    """Streams one zip member, charging every byte to the archive budget."""

    def __init__(self, zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: Budget):
        self._fh = zf.open(info)
        self._info = info
        self._budget = budget
        self._seen = 0

    def read(self, n: int = -1) -> bytes:
        size = 1 << 20 if n is None or n < 0 else min(n, 1 << 20)
        if n is None or n < 0:
            parts = []
            while chunk := self.read(size):
                parts.append(chunk)
            return b"".join(parts)
        try:
            data = self._fh.read(size)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise RefiQdaError(f"corrupt archive member {self._info.filename!r}: {exc}") from None
        self._seen += len(data)
        self._budget.charge(self._info.filename, self._seen, self._info.compress_size, len(data))
        return data

    def close(self) -> None:
        self._fh.close()


_DRIVE = re.compile(r"^[A-Za-z]:")


def check_member_name(name: str) -> None:
    if not name or "\x00" in name:
        raise RefiQdaError("archive member with an empty or NUL-containing name")
    norm = name.replace("\\", "/")
    if norm.startswith("/") or _DRIVE.match(norm):
        raise RefiQdaError(f"archive member {name!r} has an absolute path: refused")
    if ".." in PurePosixPath(norm).parts:
        raise RefiQdaError(f"archive member {name!r} escapes the archive ('..'): refused")


def open_archive(source: str | BinaryIO, limits: ZipLimits) -> zipfile.ZipFile:
    try:
        zf = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
        raise RefiQdaError(f"not a REFI-QDA project archive (.qdpx must be a zip file): {exc}") from None
    infos = zf.infolist()
    if len(infos) > limits.max_members:
        zf.close()
        raise RefiQdaError(f"archive has {len(infos)} members, more than {limits.max_members}")
    try:
        for info in infos:
            check_member_name(info.filename)
            if info.flag_bits & 0x1:
                raise RefiQdaError(f"archive member {info.filename!r} is encrypted")
    except RefiQdaError:
        zf.close()
        raise
    return zf


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: Budget) -> bytes:
    reader = LimitedReader(zf, info, budget)
    try:
        return reader.read()
    finally:
        reader.close()
