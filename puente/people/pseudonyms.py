"""Keyed pseudonyms and date shifts for research exports (pure; no Django).

HMAC-SHA256 under the export project's key: without the key a pseudonym cannot be linked back to a
study code, and two projects' pseudonyms for one person are unrelated.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets


def new_key() -> str:
    return secrets.token_hex(32)


def _mac(key: str, purpose: str, value: str) -> bytes:
    return hmac.new(bytes.fromhex(key), f"{purpose}:{value}".encode(), hashlib.sha256).digest()


def pseudonym(key: str, study_code: str) -> str:
    return "P-" + base64.b32encode(_mac(key, "id", study_code)[:10]).decode("ascii")[:12]


def date_shift(key: str, study_code: str, max_days: int) -> dt.timedelta:
    """The same shift for every date of one participant, between -max_days and +max_days."""
    if max_days <= 0:
        return dt.timedelta(0)
    number = int.from_bytes(_mac(key, "shift", study_code)[:8], "big")
    return dt.timedelta(days=number % (2 * max_days + 1) - max_days)
