"""Compiled execution of queries: a plan built once per validated operation.

graphql-core executes every field of every object the same general way: a resolve-info tuple,
argument coercion, Strawberry's resolver wrapper, awaitable checks and value completion, about
10 µs a field. A zoom at full depth has thousands of fields, nearly all of them plain keys of
stored documents. As graphql-jit does in JavaScript, the first execution of a query operation
compiles its selections into a plan (which fields, which stored key, which completion) kept
with the operation, and the plan answers with a dict lookup and a leaf coercion per plain field;
only the fields with a resolver of their own go through Strawberry, with the same info,
arguments and DataLoaders as always.

The plan answers only what it can answer exactly as the general executor would: query
operations without directives, abstract types or introspection. When anything goes off the
happy path during execution (a resolver raises, a non-null field is null, a value does not
coerce), the compiled attempt is dropped and the general executor runs the operation from the
start, so errors, partial data and paths stay exactly graphql-core's. Queries only read, and the
DataLoaders of the request keep what the first attempt loaded.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLEnumType,
    GraphQLField,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    InlineFragmentNode,
    OperationType,
    SelectionSetNode,
    Undefined,
)
from graphql.execution.collect_fields import (
    FieldDetailsList,
    GroupedFieldSet,
    collect_fields,
    collect_subfields,
)
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path
from strawberry.schema.schema_converter import GraphQLCoreConverter

from graphql_schema.documents import resolve_stored_field, storage_key
from graphql_schema.event_executor import EventScopedExecutor

COMPILED_OPERATIONS = 512
"""How many compiled operations are kept (as many as the validation cache keeps)."""
MEMOIZED_ENUM_VALUES = 256
"""How many stored values of one enum have their coerced name remembered."""

Completer = Callable[["CompiledExecutor", Any, Path, list["Job"]], Any]
"""Completes a resolved value into the answer's value; fields with resolvers below it are
left as jobs for their level."""


class Bail(Exception):  # noqa: N818 - a signal, not an error shown to anyone
    """The plan cannot answer this value exactly: the general executor answers instead."""


@dataclass(slots=True)
class FieldPlan:
    """One response key of an object: where its value comes from and how it completes."""

    response_key: str
    complete: Completer
    stored_key: str | None = None
    python_name: str = ""
    typename: str | None = None
    field_def: GraphQLField | None = None
    details: FieldDetailsList = field(default_factory=list)
    parent_type: GraphQLObjectType | None = None
    synchronous: bool = False
    """A stored value with no resolver below it: never awaitable, and needs no path."""


@dataclass(slots=True)
class ObjectPlan:
    """The fields selected on one object type, in response order."""

    type_: GraphQLObjectType
    fields: list[FieldPlan] = field(default_factory=list)
    synchronous: bool = True
    """No field with a resolver of its own here or below."""


class CannotCompile(Exception):  # noqa: N818 - a signal
    """The operation uses something the plan does not do; it always runs generally."""


_NO_PLAN = object()
_plans: OrderedDict[tuple[int, int], tuple[object, object, Any]] = OrderedDict()


def _has_directives(selection_set: SelectionSetNode | None, fragments: dict[str, Any]) -> bool:
    if selection_set is None:
        return False
    for selection in selection_set.selections:
        if selection.directives:
            return True
        if isinstance(selection, FragmentSpreadNode):
            fragment = fragments.get(selection.name.value)
            if fragment is None or fragment.definition.directives:
                return True
            if _has_directives(fragment.definition.selection_set, fragments):
                return True
        elif isinstance(selection, (FieldNode, InlineFragmentNode)) and _has_directives(
            selection.selection_set, fragments
        ):
            return True
    return False


class CompiledExecutor(EventScopedExecutor):
    """Strawberry's executor, answering query operations from a compiled plan when it can."""

    def execute_operation(self, serially: bool | None = None) -> Any:
        """The compiled plan's answer, or graphql-core's when there is no plan or it bails."""
        plan = self._plan()
        if plan is None:
            return super().execute_operation(serially)
        pending: list[Job] = []
        try:
            data = self._object(plan, self.root_value, None, pending)
            while pending:
                awaited = self._resolve_level(pending)
                if awaited is not None:
                    return self._finish_async(data, awaited, serially)
        except Bail:
            return super().execute_operation(serially)
        return self.build_response(data)

    async def _finish_async(
        self, data: dict[str, Any], awaited: Awaitable[list[Job]], serially: bool | None
    ) -> Any:
        try:
            pending = await awaited
            while pending:
                resolved = self._resolve_level(pending)  # the next level's jobs, in place
                if resolved is not None:
                    pending = await resolved
        except Bail:
            result = super().execute_operation(serially)
            return await result if self.is_awaitable(result) else result
        return self.build_response(data)

    def _plan(self) -> ObjectPlan | None:
        operation = self.operation
        if operation.operation is not OperationType.QUERY or self.abort_signal is not None:
            return None
        if self.middleware_manager is not None and self.middleware_manager.middlewares:
            return None
        key = (id(self.schema), id(operation))
        entry = _plans.get(key)
        if entry is not None and entry[0] is self.schema and entry[1] is operation:
            _plans.move_to_end(key)
            plan = entry[2]
        else:
            try:
                plan = self._compile_operation()
            except CannotCompile:
                plan = _NO_PLAN
            _plans[key] = (self.schema, operation, plan)
            if len(_plans) > COMPILED_OPERATIONS:
                _plans.popitem(last=False)
        return None if plan is _NO_PLAN else plan

    # Compilation, once per operation.

    def _compile_operation(self) -> ObjectPlan:
        operation = self.operation
        if operation.directives or any(
            definition.directives for definition in operation.variable_definitions or ()
        ):
            raise CannotCompile
        if _has_directives(operation.selection_set, self.fragments):
            raise CannotCompile
        root_type = self.schema.query_type
        if root_type is None:
            raise CannotCompile
        grouped = collect_fields(
            self.schema, self.fragments, self.variable_values, root_type, operation
        ).grouped_field_set
        return self._compile_object(root_type, grouped)

    def _compile_object(self, type_: GraphQLObjectType, grouped: GroupedFieldSet) -> ObjectPlan:
        plan = ObjectPlan(type_)
        for response_key, details in grouped.items():
            if any(detail.fragment_variable_values is not None for detail in details):
                raise CannotCompile
            name = details[0].node.name.value
            if name == "__typename":
                plan.fields.append(FieldPlan(response_key, _leaf_identity, typename=type_.name))
                continue
            field_def = type_.fields.get(name)
            if field_def is None or name.startswith("__"):
                raise CannotCompile
            complete, synchronous = self._compile_completion(field_def.type, details)
            strawberry_field = field_def.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
            if (
                getattr(field_def.resolve, "_is_default", False)
                and getattr(strawberry_field, "default_resolver", None) is resolve_stored_field
            ):
                python_name = strawberry_field.python_name
                plan.fields.append(
                    FieldPlan(
                        response_key,
                        complete,
                        stored_key=storage_key(python_name),
                        python_name=python_name,
                        synchronous=synchronous,
                    )
                )
                plan.synchronous = plan.synchronous and synchronous
            else:
                plan.synchronous = False
                plan.fields.append(
                    FieldPlan(
                        response_key,
                        complete,
                        field_def=field_def,
                        details=details,
                        parent_type=type_,
                    )
                )
        return plan

    def _compile_completion(
        self, return_type: GraphQLOutputType, details: FieldDetailsList
    ) -> tuple[Completer, bool]:
        """How to complete a value of this type, and whether that is always synchronous."""
        if isinstance(return_type, GraphQLNonNull):
            if isinstance(return_type.of_type, GraphQLLeafType):
                return _leaf(return_type.of_type, non_null=True), True
            inner, synchronous = self._compile_completion(return_type.of_type, details)
            return _non_null(inner), synchronous
        if isinstance(return_type, GraphQLList):
            item, synchronous = self._compile_completion(return_type.of_type, details)
            return _list(item, synchronous=synchronous), synchronous
        if isinstance(return_type, GraphQLLeafType):
            return _leaf(return_type, non_null=False), True
        if isinstance(return_type, GraphQLObjectType):
            grouped = collect_subfields(
                self.schema,
                self.fragments,
                self.variable_values,
                self.operation,
                return_type,
                details,
            ).grouped_field_set
            plan = self._compile_object(return_type, grouped)
            return _object(return_type, plan), plan.synchronous
        raise CannotCompile  # interfaces and unions: the general executor resolves the type

    # Execution, breadth first: every resolver of one level is called before any is awaited,
    # so the DataLoaders batch each level into one read, and no object needs a coroutine.

    def _object(
        self, plan: ObjectPlan, source: Any, path: Path | None, pending: list[Job]
    ) -> dict[str, Any]:
        result: dict[str, Any] = {}
        is_dict = type(source) is dict
        for field_plan in plan.fields:
            key = field_plan.response_key
            if field_plan.stored_key is not None:
                value = (
                    source.get(field_plan.stored_key)
                    if is_dict
                    else getattr(source, field_plan.python_name)
                )
                child = path if field_plan.synchronous else Path(path, key, plan.type_.name)
                result[key] = field_plan.complete(self, value, child, pending)  # type: ignore[arg-type]
            elif field_plan.typename is not None:
                result[key] = field_plan.typename
            else:
                result[key] = None  # filled in when its level is resolved
                pending.append(Job(field_plan, source, result, Path(path, key, plan.type_.name)))
        return result

    def _resolve_level(self, jobs: list[Job]) -> Awaitable[list[Job]] | None:
        """Call the resolvers of one level; complete what is ready, await the rest together."""
        waiting: list[tuple[Job, Awaitable[Any]]] = []
        ready: list[tuple[Job, Any]] = []
        try:
            for job in jobs:
                value = self._call_resolver(job)
                if self.is_awaitable(value):
                    waiting.append((job, value))
                else:
                    ready.append((job, value))
        except Bail:
            for _, awaitable in waiting:  # never awaited now: close them quietly
                if isinstance(awaitable, Coroutine):
                    awaitable.close()
            raise
        jobs.clear()
        for job, value in ready:
            job.complete_into(self, value, jobs)
        if not waiting:
            return None
        return self._await_level(waiting, jobs)

    async def _await_level(
        self, waiting: list[tuple[Job, Awaitable[Any]]], jobs: list[Job]
    ) -> list[Job]:
        values = await _gather([awaitable for _, awaitable in waiting])
        for (job, _), value in zip(waiting, values, strict=True):
            job.complete_into(self, value, jobs)
        return jobs

    def _call_resolver(self, job: Job) -> Any:
        field_plan = job.field_plan
        field_def = field_plan.field_def
        assert field_def is not None  # resolver fields always carry them
        assert field_plan.parent_type is not None
        details = field_plan.details
        node = details[0].node
        info = self.build_resolve_info(
            field_def, [detail.node for detail in details], field_plan.parent_type, job.path
        )
        try:
            args = (
                get_argument_values(field_def, node, self.variable_values)
                if field_def.args or node.arguments
                else {}
            )
            resolve = field_def.resolve or self.field_resolver
            return resolve(job.source, info, **args)
        except Exception as error:
            raise Bail from error


@dataclass(slots=True)
class Job:
    """A field with a resolver of its own, waiting for its level to be resolved."""

    field_plan: FieldPlan
    source: Any
    target: dict[str, Any]
    path: Path

    def complete_into(self, executor: CompiledExecutor, value: Any, jobs: list[Job]) -> None:
        """Complete the resolved value into its place in the answer."""
        key = self.field_plan.response_key
        self.target[key] = self.field_plan.complete(executor, value, self.path, jobs)


async def _gather(awaitables: list[Awaitable[Any]]) -> list[Any]:
    """Await side by side, so the DataLoaders batch.

    Any error makes the general executor answer (the other awaitables are cancelled).
    """
    if len(awaitables) == 1:
        try:
            return [await awaitables[0]]
        except Exception as error:
            raise Bail from error
    tasks = [asyncio.ensure_future(awaitable) for awaitable in awaitables]
    try:
        return list(await asyncio.gather(*tasks))
    except BaseException as error:
        for task in tasks:
            task.cancel()
        if isinstance(error, Exception):
            raise Bail from error
        raise


def _leaf_identity(_executor: CompiledExecutor, value: Any, _path: Path, _jobs: list[Job]) -> Any:
    return value


_PASS_THROUGH: dict[str, type] = {"String": str, "Boolean": bool, "Date": str}
"""Scalars whose coercion returns a value of this exact type unchanged."""


def _leaf(leaf_type: GraphQLLeafType, *, non_null: bool) -> Completer:
    """Coerce a leaf as graphql-core does; the common cases without a call."""
    coerce = leaf_type.coerce_output_value
    exact = _PASS_THROUGH.get(leaf_type.name)
    memo: dict[Any, Any] | None = {} if isinstance(leaf_type, GraphQLEnumType) else None

    def complete(_executor: CompiledExecutor, value: Any, _path: Path, _jobs: list[Job]) -> Any:
        if value is None:
            if non_null:
                raise Bail
            return None
        if type(value) is exact:
            return value
        if memo is not None and type(value) is str:
            coerced = memo.get(value)
            if coerced is not None:
                return coerced
        try:
            coerced = coerce(value)
        except Exception as error:
            raise Bail from error
        if coerced is Undefined or coerced is None:
            raise Bail
        if memo is not None and type(value) is str and len(memo) < MEMOIZED_ENUM_VALUES:
            memo[value] = coerced
        return coerced

    return complete


def _non_null(inner: Completer) -> Completer:
    def complete(executor: CompiledExecutor, value: Any, path: Path, jobs: list[Job]) -> Any:
        if value is None:
            raise Bail
        return inner(executor, value, path, jobs)

    return complete


def _list(item: Completer, *, synchronous: bool) -> Completer:
    def complete(executor: CompiledExecutor, value: Any, path: Path, jobs: list[Job]) -> Any:
        if value is None:
            return None
        if isinstance(value, (str, bytes, dict)) or not isinstance(value, Iterable):
            raise Bail
        if synchronous:  # no resolver below: no paths needed
            return [item(executor, entry, path, jobs) for entry in value]
        return [item(executor, entry, path.add_key(i), jobs) for i, entry in enumerate(value)]

    return complete


def _object(type_: GraphQLObjectType, plan: ObjectPlan) -> Completer:
    is_type_of = type_.is_type_of

    def complete(executor: CompiledExecutor, value: Any, path: Path, jobs: list[Job]) -> Any:
        if value is None:
            return None
        if is_type_of is not None:
            matches = is_type_of(value, cast("Any", None))
            if executor.is_awaitable(matches) or not matches:
                raise Bail
        return executor._object(plan, value, path, jobs)  # noqa: SLF001 - the executor's own plan

    return complete
