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

A :class:`CompiledInsert` does the same for the other half of a busy write: the INSERT of one new row,
written out by Django's compiler once per database and then run with each row's values, prepared by each
field exactly as ``save()`` prepares them.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import connections, models, router
from django.db.models import signals
from django.db.models.query import ValuesListIterable, get_related_populators
from django.db.models.sql import InsertQuery

M = TypeVar("M", bound=models.Model)
Value = int | Sequence[int]

# Stand-ins are negative and far from any key a table hands out.
_STAND_IN_BASE = -(10**15)


@dataclass(frozen=True)
class _Plan:
    sql: str  # empty: the shape matches no row
    # For each SQL parameter: (value name, index in a list value or None) or ("", constant).
    sources: tuple[tuple[str, Any], ...]
    model: type[models.Model] | None  # None: the rows are plain tuples (a values_list queryset)
    init_list: tuple[str, ...]
    model_slice: slice
    populators: tuple[Any, ...]
    converters: tuple[tuple[int, tuple[Callable, ...], Any], ...]
    alias: str


class _NotCompilable(Exception):
    pass


class CompiledLookup(Generic[M]):
    """``CompiledLookup(build)`` where ``build(**values)`` returns a queryset sliced to the rows wanted.

    ``first(**values)`` returns its first model instance (or None) as ``build(**values).first()`` would;
    for a ``values_list()`` queryset, ``rows(**values)`` returns every row as ``list(build(**values))``."""

    def __init__(self, build: Callable[..., models.QuerySet[M]]) -> None:
        self._build = build
        self._plans: dict[tuple, _Plan | None] = {}
        self._lock = threading.Lock()

    def first(self, **values: Value) -> M | None:
        plan = self._plan_for(values)
        if plan is None:
            return next(iter(self._build(**values)), None)
        if plan.model is None:
            raise TypeError("first() builds model instances: use rows() for a values_list() queryset")
        found = self._execute(plan, values, many=False)
        return self._instance(plan, found[0]) if found else None

    def rows(self, **values: Value) -> list[tuple]:
        plan = self._plan_for(values)
        if plan is None:
            return list(self._build(**values))
        if plan.model is not None:
            raise TypeError("rows() reads a values_list() queryset: use first() for model instances")
        return [tuple(row) for row in self._execute(plan, values, many=True)]

    def _plan_for(self, values: dict[str, Value]) -> _Plan | None:
        key = tuple(sorted((name, None if isinstance(v, int) else len(v)) for name, v in values.items()))
        plan = self._plans.get(key, False)
        if plan is False:
            with self._lock:
                plan = self._plans.get(key, False)
                if plan is False:
                    plan = self._plans[key] = self._plan(values)
        return plan

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

    @staticmethod
    def _execute(plan: _Plan, values: dict[str, Value], *, many: bool) -> list[list[Any]]:
        """The rows the plan's SQL returns for these values (one at most unless ``many``), converted."""
        if not plan.sql:
            return []
        params = [
            (values[name] if index is None else values[name][index]) if name else index
            for name, index in plan.sources
        ]
        connection = connections[plan.alias]
        with connection.cursor() as cursor:
            cursor.execute(plan.sql, params)
            found = cursor.fetchall() if many else cursor.fetchmany(1)
        rows = [list(row) for row in found]
        for row in rows:
            for position, functions, expression in plan.converters:
                value = row[position]
                for function in functions:
                    value = function(value, expression, connection)
                row[position] = value
        return rows

    @staticmethod
    def _instance(plan: _Plan, row: list[Any]) -> Any:
        obj = plan.model.from_db(plan.alias, list(plan.init_list), row[plan.model_slice])
        for populator in plan.populators:
            populator.populate(row, obj)
        return obj


def _compile(queryset: models.QuerySet, stand_ins: dict[int, tuple[str, int | None]]) -> _Plan:
    if queryset._known_related_objects or queryset._prefetch_related_lookups:
        raise _NotCompilable
    plain_rows = queryset._iterable_class is ValuesListIterable
    if not plain_rows and queryset._iterable_class is not models.query.ModelIterable:
        raise _NotCompilable  # flat or named rows, dicts: not worth a plan of their own
    if plain_rows and (queryset.query.extra_select or queryset.query.annotation_select):
        raise _NotCompilable  # Django reorders such columns after reading them
    alias = queryset.db
    compiler = queryset.query.get_compiler(using=alias)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:  # the conditions can match nothing (an empty list): no query to run
        return _Plan("", (), None if plain_rows else queryset.model, (), slice(0), (), (), alias)
    sources: list[tuple[str, Any]] = []
    seen: set[int] = set()
    for param in params:
        if isinstance(param, int) and param in stand_ins:
            sources.append(stand_ins[param])
            seen.add(param)
        else:
            sources.append(("", param))
    if seen != set(stand_ins) or compiler.has_extra_select:
        raise _NotCompilable  # a value went into the SQL text, or the rows carry more than they show
    if compiler.annotation_col_map and not plain_rows:  # (a values_list() names its columns this way)
        raise _NotCompilable  # model rows with computed columns beside them
    select, klass_info = compiler.select, compiler.klass_info
    converters = compiler.get_converters([s[0] for s in select[0 : compiler.col_count]])
    converters = tuple((pos, tuple(functions), expr) for pos, (functions, expr) in converters.items())
    if plain_rows:
        return _Plan(sql, tuple(sources), None, (), slice(0), (), converters, alias)
    fields = klass_info["select_fields"]
    model_slice = slice(fields[0], fields[-1] + 1)
    return _Plan(
        sql=sql,
        sources=tuple(sources),
        model=klass_info["model"],
        init_list=tuple(f[0].target.attname for f in select[model_slice]),
        model_slice=model_slice,
        populators=tuple(get_related_populators(klass_info, select, alias)),
        converters=converters,
        alias=alias,
    )


@dataclass(frozen=True)
class _InsertPlan:
    sql: str
    fields: tuple[models.Field, ...]  # the columns written, in the order of the SQL's parameters
    returns_pk: bool  # the statement returns the new key (else the driver's last insert id)


class CompiledInsert(Generic[M]):
    """``CompiledInsert(Model).create(**fields)`` writes one new row as ``Model.objects.create(**fields)``
    does, with the INSERT written out by Django's compiler once per database.

    Each field prepares its value as ``save()`` would (``pre_save``, so ``auto_now_add`` is set, then
    ``get_db_prep_save``). ``save()`` itself is not called: a model that overrides it is refused unless the
    caller says its override has nothing to add to a new row (``save_adds_nothing_to_new_rows``). When a
    ``pre_save`` or ``post_save`` receiver is connected for the model, a value is an SQL expression or the
    row brings its own key, it goes through ``save()`` after all, so that nothing is ever skipped."""

    def __init__(self, model: type[M], *, save_adds_nothing_to_new_rows: bool = False) -> None:
        meta = model._meta
        if meta.parents or meta.proxy or meta.auto_field is None:
            raise ImproperlyConfigured(f"{meta.label}: only a concrete model with an automatic key")
        if model.save is not models.Model.save and not save_adds_nothing_to_new_rows:
            raise ImproperlyConfigured(f"{meta.label} overrides save(), which a compiled insert skips")
        self._model = model
        self._plans: dict[str, _InsertPlan] = {}
        self._lock = threading.Lock()

    def create(self, **fields: Any) -> M:
        obj = self._model(**fields)
        alias = router.db_for_write(self._model, instance=obj)
        connection = connections[alias]
        plan = self._plans.get(alias) or self._plan(alias)
        obj._prepare_related_fields_for_save(operation_name="save")
        values = [field.pre_save(obj, True) for field in plan.fields]
        if (
            obj.pk is not None  # a key of its own: the compiled statement leaves the key to the database
            or signals.pre_save.has_listeners(self._model)
            or signals.post_save.has_listeners(self._model)
            or any(hasattr(value, "resolve_expression") for value in values)
        ):
            obj.save(force_insert=True, using=alias)
            return obj
        params = [
            field.get_db_prep_save(value, connection)
            for field, value in zip(plan.fields, values, strict=True)
        ]
        meta = self._model._meta
        with connection.cursor() as cursor:
            cursor.execute(plan.sql, params)
            if plan.returns_pk:
                key = cursor.fetchone()[0]
            else:
                key = connection.ops.last_insert_id(cursor, meta.db_table, meta.pk.column)
        setattr(obj, meta.pk.attname, key)
        obj._state.adding, obj._state.db = False, alias
        return obj

    def _plan(self, alias: str) -> _InsertPlan:
        with self._lock:
            if alias in self._plans:
                return self._plans[alias]
            meta, connection = self._model._meta, connections[alias]
            fields = tuple(
                f for f in meta.local_concrete_fields if f is not meta.auto_field and not f.generated
            )
            if any(hasattr(f, "get_placeholder") for f in fields):
                raise ImproperlyConfigured(f"{meta.label}: a field writes its own placeholder")
            query = InsertQuery(self._model)
            query.insert_values(fields, [self._model()])
            compiler = query.get_compiler(using=alias)
            # SQLite's driver hands over the new row's id for free (lastrowid), where RETURNING would
            # make the statement step once more: one more wait for the interpreter inside the transaction.
            returns_pk = connection.vendor != "sqlite" and connection.features.can_return_columns_from_insert
            compiler.returning_fields = [meta.pk] if returns_pk else None
            [(sql, params)] = compiler.as_sql()
            if len(params) != len(fields) or compiler.returning_params:
                raise ImproperlyConfigured(f"{meta.label}: the INSERT does not take one parameter a column")
            plan = self._plans[alias] = _InsertPlan(sql, fields, returns_pk)
            return plan
