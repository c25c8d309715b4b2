"""Walk the audit chain and report the first event that does not fit."""

from __future__ import annotations

from dataclasses import dataclass

from puente.audit.chain import GENESIS_HASH, event_hash
from puente.audit.models import AuditChainHead, AuditEvent


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    events: int
    broken_seq: int | None = None
    reason: str = ""


def verify_chain(batch_size: int = 5000) -> VerifyResult:
    expected_seq = 1
    prev_hash = GENESIS_HASH
    count = 0
    events = AuditEvent.objects.order_by("seq").values_list(
        "seq",
        "created_at",
        "actor_id",
        "actor_username",
        "site_id",
        "action",
        "object_type",
        "object_id",
        "before",
        "after",
        "prev_hash",
        "hash",
    )
    for row in events.iterator(chunk_size=batch_size):
        (
            seq,
            created_at,
            actor_id,
            actor_username,
            site_id,
            action,
            object_type,
            object_id,
            before,
            after,
            stored_prev,
            stored_hash,
        ) = row
        if seq != expected_seq:
            return VerifyResult(False, count, expected_seq, f"event {expected_seq} is missing")
        if stored_prev != prev_hash:
            return VerifyResult(False, count, seq, f"event {seq} does not follow event {seq - 1}")
        computed = event_hash(
            seq=seq,
            created_at=created_at,
            actor_id=actor_id,
            actor_username=actor_username,
            site_id=site_id,
            action=action,
            object_type=object_type,
            object_id=object_id,
            before=before,
            after=after,
            prev_hash=stored_prev,
        )
        if computed != stored_hash:
            return VerifyResult(False, count, seq, f"event {seq} was altered")
        prev_hash = stored_hash
        expected_seq += 1
        count += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_seq != count or head.last_hash != prev_hash):
        missing = count + 1
        return VerifyResult(False, count, missing, f"event {missing} and later ones are missing")
    return VerifyResult(True, count)
