"""Writing audit events. Call :func:`record` inside the transaction of the change it records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import connection, models
from django.utils import timezone

from puente.audit.chain import GENESIS_HASH, event_hash
from puente.audit.models import AuditChainHead, AuditEvent
from puente.web.compiled_queries import CompiledInsert


def json_value(value: Any) -> Any:
    """A value as it will read back from a JSON column, so the hash is stable."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return [json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, models.Model):
        return value.pk
    return str(value)


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """The named fields of a model instance as JSON values (foreign keys as ids)."""
    result: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        attname = getattr(field, "attname", name)
        result[name] = json_value(getattr(instance, attname))
    return result


def changed(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose value differs, for compact before/after records."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def save_versioned(
    instance: models.Model,
    before: dict[str, Any],
    after: dict[str, Any],
    *,
    actor: Any,
    action: str,
    site_id: Any,
) -> bool:
    """Save an edited, locked record whose ``before``/``after`` snapshots differ: bump its version and audit
    only the fields that changed. An edit that changes nothing writes nothing and returns False."""
    old, new = changed(before, after)
    if not new:
        return False
    instance.version += 1
    instance.save()
    record(actor=actor, action=action, obj=instance, site_id=site_id, before=old, after=new)
    return True


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    site_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    if not connection.in_atomic_block:
        raise RuntimeError("Audit events must be written inside the transaction of the change.")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    statements = _chain_statements(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(statements.head, [CHAIN_HEAD])
        found = cursor.fetchone()
    if found is None:  # the very first event of a database
        head, _created = AuditChainHead.objects.select_for_update().get_or_create(
            pk=CHAIN_HEAD, defaults={"last_seq": 0, "last_hash": GENESIS_HASH}
        )
        found = (head.last_seq, head.last_hash)
    last_seq, last_hash = found
    actor_id = getattr(actor, "pk", None)
    actor_username = getattr(actor, "username", "") or ("system" if actor is None else str(actor))
    fields = {
        "seq": last_seq + 1,
        "created_at": timezone.now().astimezone(dt.UTC),
        "actor_id": actor_id,
        "actor_username": actor_username,
        "site_id": site_id,
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id),
        "before": json_value(before) if before is not None else None,
        "after": json_value(after) if after is not None else None,
        "prev_hash": last_hash,
    }
    event = _EVENTS.create(**fields, hash=event_hash(**fields))
    with connection.cursor() as cursor:
        cursor.execute(statements.advance, [event.seq, event.hash, CHAIN_HEAD])
    return event


CHAIN_HEAD = 1  # the primary key of the one AuditChainHead row


# Events are append-only: AuditEvent.save() only refuses to update one, which a new row never is.
_EVENTS = CompiledInsert(AuditEvent, save_adds_nothing_to_new_rows=True)


@dataclass(frozen=True)
class _ChainStatements:
    head: str  # the end of the chain, locked where the database can (PostgreSQL)
    advance: str  # the head moved to the new event


@cache
def _chain_statements(vendor: str) -> _ChainStatements:
    """The chain's statements of every audited write, written out once per database: building them through
    the ORM on every write cost more than running them, on the busiest path of the application. The event
    itself goes in through a compiled insert."""
    ops, features = connection.ops, connection.features
    q = ops.quote_name
    head = q(AuditChainHead._meta.db_table)
    lock = " FOR UPDATE" if features.has_select_for_update else ""
    return _ChainStatements(
        head=f"SELECT {q('last_seq')}, {q('last_hash')} FROM {head} WHERE {q('id')} = %s{lock}",
        advance=f"UPDATE {head} SET {q('last_seq')} = %s, {q('last_hash')} = %s WHERE {q('id')} = %s",
    )
