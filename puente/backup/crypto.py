"""Passphrase encryption for backup files: scrypt key derivation, AES-256-GCM in authenticated chunks.

File layout: MAGIC, a JSON header (length-prefixed; authenticated as associated data of every chunk),
then chunks of ``4-byte length + ciphertext``. Each chunk's nonce is a random prefix plus its index,
and its associated data says whether it is the last one, so reordering, truncation and tampering all
fail to decrypt.
"""

from __future__ import annotations

import json
import os
import struct
from collections.abc import Iterator
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"PUENTE-BACKUP-1\n"
CHUNK = 1024 * 1024
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1


class BackupError(Exception):
    """A backup that cannot be read: wrong passphrase, damaged or not a Puente backup."""


def _key(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def _aad(header_bytes: bytes, index: int, last: bool) -> bytes:
    return header_bytes + struct.pack(">Q?", index, last)


def encrypt_stream(source: BinaryIO, target: BinaryIO, *, passphrase: str, metadata: dict) -> None:
    if len(passphrase) < 12:
        raise BackupError("the passphrase must have at least 12 characters")
    salt, prefix = os.urandom(16), os.urandom(4)
    header = {
        **metadata,
        "kdf": "scrypt",
        "n": SCRYPT_N,
        "r": SCRYPT_R,
        "p": SCRYPT_P,
        "salt": salt.hex(),
        "nonce_prefix": prefix.hex(),
        "cipher": "AES-256-GCM",
        "chunk": CHUNK,
    }
    header_bytes = json.dumps(header, sort_keys=True).encode("utf-8")
    aead = AESGCM(_key(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P))
    target.write(MAGIC + struct.pack(">I", len(header_bytes)) + header_bytes)
    index = 0
    current = source.read(CHUNK)
    while True:
        following = source.read(CHUNK)
        last = not following
        sealed = aead.encrypt(prefix + struct.pack(">Q", index), current, _aad(header_bytes, index, last))
        target.write(struct.pack(">I", len(sealed)) + sealed)
        if last:
            return
        current, index = following, index + 1


def read_header(source: BinaryIO) -> tuple[dict, bytes]:
    if source.read(len(MAGIC)) != MAGIC:
        raise BackupError("this is not a Puente backup file")
    (length,) = struct.unpack(">I", source.read(4))
    if length > 65536:
        raise BackupError("the backup header is damaged")
    header_bytes = source.read(length)
    try:
        return json.loads(header_bytes), header_bytes
    except ValueError as exc:
        raise BackupError("the backup header is damaged") from exc


def decrypt_stream(source: BinaryIO, *, passphrase: str) -> tuple[dict, Iterator[bytes]]:
    header, header_bytes = read_header(source)
    aead = AESGCM(_key(passphrase, bytes.fromhex(header["salt"]), header["n"], header["r"], header["p"]))
    prefix = bytes.fromhex(header["nonce_prefix"])

    def chunks() -> Iterator[bytes]:
        index = 0
        sealed = _read_chunk(source)
        while sealed is not None:
            following = _read_chunk(source)
            last = following is None
            try:
                yield aead.decrypt(prefix + struct.pack(">Q", index), sealed, _aad(header_bytes, index, last))
            except InvalidTag as exc:
                raise BackupError("wrong passphrase, or the backup file is damaged or incomplete") from exc
            sealed, index = following, index + 1

    return header, chunks()


def _read_chunk(source: BinaryIO) -> bytes | None:
    size_bytes = source.read(4)
    if not size_bytes:
        return None
    if len(size_bytes) < 4:
        raise BackupError("the backup file is incomplete")
    (size,) = struct.unpack(">I", size_bytes)
    if size > CHUNK + 64:
        raise BackupError("the backup file is damaged")
    data = source.read(size)
    if len(data) != size:
        raise BackupError("the backup file is incomplete")
    return data
