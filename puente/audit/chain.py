"""The hash of one audit event, computed the same way when writing and when verifying."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

GENESIS_HASH = "0" * 64


def event_hash(
    *,
    seq: int,
    created_at: datetime,
    actor_id: int | None,
    actor_username: str,
    site_id: int | None,
    action: str,
    object_type: str,
    object_id: str,
    before: Any,
    after: Any,
    prev_hash: str,
) -> str:
    payload = [
        seq,
        created_at.isoformat(timespec="microseconds"),
        actor_id,
        actor_username,
        site_id,
        action,
        object_type,
        object_id,
        before,
        after,
        prev_hash,
    ]
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
