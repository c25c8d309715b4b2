"""Look-ups compiled to SQL once and run many times with new values.

Turning a queryset into SQL (Django's compiler) costs about a millisecond for a scoped look-up with a few
joins: many times what the database takes to answer it, and on the busiest path of the application (a
field worker logging a contact) the largest single cost of the request. A :class:`CompiledLookup` builds
the queryset through the ordinary selectors, so the rule that scopes it stays in one place, but compiles
it once per *shape* (the same SQL text whatever the values) and then only puts the new values in and
builds the model instances, as Django's own model iterator does.

The values a builder takes are whole numbers or lists of them. A plan is made by building the queryset with
stand-in values no real row has, compiling it, and finding each stand-in among the SQL parameters; a shape
whose SQL does not carry every value as a parameter is refused (the look-up then runs uncompiled).
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.exceptions import EmptyResultSet
from django.db import connections, models
from django.db.models.query import get_related_populators

M = TypeVar("M", bound=models.Model)
Value = int | Sequence[int]

# Stand-ins are negative and far from any key a table hands out.
_STAND_IN_BASE = -(10**15)


@dataclass(frozen=True)
class _Plan:
    sql: str  # empty: the shape matches no row
    # For each SQL parameter: (value name, index in a list value or None) or ("", constant).
    sources: tuple[tuple[str, Any], ...]
    model: type[models.Model]
    init_list: tuple[str, ...]
    model_slice: slice
    populators: tuple[Any, ...]
    converters: tuple[tuple[int, tuple[Callable, ...], Any], ...]
    alias: str


class _NotCompilable(Exception):
    pass


class CompiledLookup(Generic[M]):
    """``CompiledLookup(build)`` where ``build(**values)`` returns a queryset sliced to the rows wanted;
    ``first(**values)`` returns its first row (or None) as ``build(**values).first()`` would."""

    def __init__(self, build: Callable[..., models.QuerySet[M]]) -> None:
        self._build = build
        self._plans: dict[tuple, _Plan | None] = {}
        self._lock = threading.Lock()

    def first(self, **values: Value) -> M | None:
        key = tuple(sorted((name, None if isinstance(v, int) else len(v)) for name, v in values.items()))
        plan = self._plans.get(key, False)
        if plan is False:
            with self._lock:
                plan = self._plans.get(key, False)
                if plan is False:
                    plan = self._plans[key] = self._plan(values)
        if plan is None:
            return next(iter(self._build(**values)), None)
        return self._run(plan, values)

    def _plan(self, values: dict[str, Value]) -> _Plan | None:
        counter = itertools.count(1)
        stand_ins: dict[int, tuple[str, int | None]] = {}

        def stand_in(name: str, index: int | None) -> int:
            number = _STAND_IN_BASE - next(counter)
            stand_ins[number] = (name, index)
            return number

        fake = {
            name: stand_in(name, None) if isinstance(v, int) else [stand_in(name, i) for i in range(len(v))]
            for name, v in values.items()
        }
        queryset = self._build(**fake)
        try:
            return _compile(queryset, stand_ins)
        except _NotCompilable:
            return None

    def _run(self, plan: _Plan, values: dict[str, Value]) -> M | None:
        if not plan.sql:
            return None
        params = [
            (values[name] if index is None else values[name][index]) if name else index
            for name, index in plan.sources
        ]
        connection = connections[plan.alias]
        with connection.cursor() as cursor:
            cursor.execute(plan.sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        row = list(row)
        for position, functions, expression in plan.converters:
            value = row[position]
            for function in functions:
                value = function(value, expression, connection)
            row[position] = value
        obj = plan.model.from_db(plan.alias, list(plan.init_list), row[plan.model_slice])
        for populator in plan.populators:
            populator.populate(row, obj)
        return obj


def _compile(queryset: models.QuerySet, stand_ins: dict[int, tuple[str, int | None]]) -> _Plan:
    if queryset._known_related_objects or queryset._prefetch_related_lookups:
        raise _NotCompilable
    alias = queryset.db
    compiler = queryset.query.get_compiler(using=alias)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:  # the conditions can match nothing (an empty list): no query to run
        return _Plan("", (), queryset.model, (), slice(0), (), (), alias)
    sources: list[tuple[str, Any]] = []
    seen: set[int] = set()
    for param in params:
        if isinstance(param, int) and param in stand_ins:
            sources.append(stand_ins[param])
            seen.add(param)
        else:
            sources.append(("", param))
    if seen != set(stand_ins) or compiler.annotation_col_map or compiler.has_extra_select:
        raise _NotCompilable  # a value went into the SQL text, or the rows carry more than models
    select, klass_info = compiler.select, compiler.klass_info
    fields = klass_info["select_fields"]
    model_slice = slice(fields[0], fields[-1] + 1)
    converters = compiler.get_converters([s[0] for s in select[0 : compiler.col_count]])
    return _Plan(
        sql=sql,
        sources=tuple(sources),
        model=klass_info["model"],
        init_list=tuple(f[0].target.attname for f in select[model_slice]),
        model_slice=model_slice,
        populators=tuple(get_related_populators(klass_info, select, alias)),
        converters=tuple((pos, tuple(functions), expr) for pos, (functions, expr) in converters.items()),
        alias=alias,
    )
