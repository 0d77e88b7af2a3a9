"""Answering a query without graphql-core's field-by-field execution.

Each root field is resolved once, concurrently: a compiled field runs its one statement (its plan is
remembered per document, variables and viewer), any other field calls its resolver as graphql-core would.
The value is then completed in one pass. graphql-core's own executor builds the request (operation,
fragments, coerced variables), reports a root field's error as it would, and completes any value the
one pass finds unusual.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import orjson
from graphql import (
    ExecutionResult,
    GraphQLError,
    GraphQLField,
    GraphQLObjectType,
    GraphQLSchema,
    OperationType,
)
from graphql.execution.collect_fields import FieldDetailsList, collect_fields
from graphql.execution.executor import Executor
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path
from strawberry.types import ExecutionContext

from hub.graphql.compiler.selection import Selection, field_selection
from hub.graphql.compiler.viewer import viewer_of
from hub.graphql.context import Context
from hub.graphql.fastpath.caches import LRU, PlanKey, Prepared
from hub.graphql.fastpath.complete import TYPENAME, Completion, definition_of
from hub.graphql.query import COMPILE, Compiled, Scoped, run_scoped

Compile = Callable[[Selection], Compiled]
Plans = LRU[PlanKey, Prepared]


FAILED = object()
"""A root field whose resolution raised; its error is reported (or the response is null)."""


def resolvable(field: GraphQLField) -> bool:
    """Whether the field may be resolved here: a Strawberry field with no field extension to honour."""
    definition = definition_of(field)
    return definition is not None and not definition.extensions and field.resolve is not None


def compiler_of(field: GraphQLField) -> Compile | None:
    """The root field's compile function, when it is a compiled field."""
    definition = definition_of(field)
    return None if definition is None else definition.metadata.get(COMPILE)


def build(context: ExecutionContext) -> Executor[Any] | None:
    """graphql-core's executor for the request; None when it would refuse it (it reports why itself)."""
    schema = context.schema
    assert context.graphql_document is not None
    executor_class: Any = getattr(schema, "execution_context_class", None) or Executor
    built = executor_class.build(
        schema._schema,
        context.graphql_document,
        context.root_value,
        context.context,
        context.variables,
        context.operation_name,
        operation_extensions=context.operation_extensions,
    )
    return None if isinstance(built, list) else built


async def execute(context: ExecutionContext, plans: Plans | None = None) -> ExecutionResult | None:
    """The operation's result, or None when the fast path does not apply (nothing has run then).

    `plans` remembers the compiled statements of this document by variables and viewer.
    """
    executor = build(context)
    if executor is None or executor.operation.operation is not OperationType.QUERY:
        return None
    schema: GraphQLSchema = executor.schema
    root = schema.query_type
    assert root is not None
    try:
        grouped = collect_fields(
            schema, executor.fragments, executor.variable_values, root, executor.operation
        ).grouped_field_set
    except RecursionError:
        return None
    resolved_keys = [key for key, details in grouped.items() if details[0].node.name.value != TYPENAME]
    for key in resolved_keys:
        name = grouped[key][0].node.name.value
        if name not in root.fields or not resolvable(root.fields[name]):
            return None
    prepared = _prepared(executor, context, plans)
    fatal: list[GraphQLError] = []
    values = await asyncio.gather(
        *(
            _resolve(executor, root, context.context, key, grouped[key], prepared.statements, fatal)
            for key in resolved_keys
        )
    )
    resolved = dict(zip(resolved_keys, values, strict=True))
    data: dict[str, Any] | None = None
    if fatal:
        executor.collected_errors.add(fatal[0], None)
    else:
        try:
            data = {
                key: root.name
                if key not in resolved
                else await _complete(executor, prepared.completion, root, key, details, resolved[key])
                for key, details in grouped.items()
            }
        except GraphQLError as error:
            executor.collected_errors.add(error, None)
    result = executor.build_response(data)
    assert isinstance(result, ExecutionResult)
    return result


def _prepared(executor: Executor[Any], context: ExecutionContext, plans: Plans | None) -> Prepared:
    """The statements and completers remembered for this operation, variables and viewer, or new ones
    (remembered too, unless there is no cache or the variables are not JSON)."""
    key = None if plans is None else _plan_key(executor, context)
    prepared = None if plans is None or key is None else plans.get(key)
    if prepared is None:
        prepared = Prepared(
            Completion(executor.schema, executor.fragments, executor.variable_values, executor.operation)
        )
        if plans is not None and key is not None:
            plans.put(key, prepared)
    return prepared


def _plan_key(executor: Executor[Any], context: ExecutionContext) -> PlanKey | None:
    """Operation name, the variables as sorted JSON, the viewer; None when the variables are not JSON."""
    try:
        variables = orjson.dumps(context.variables or {}, option=orjson.OPT_SORT_KEYS)
    except TypeError:
        return None
    operation = executor.operation.name.value if executor.operation.name else None
    return (operation, variables, viewer_of(context.context))


async def _resolve(
    executor: Executor[Any],
    root: GraphQLObjectType,
    context: Context,
    key: str,
    details: FieldDetailsList,
    statements: dict[str, Scoped],
    fatal: list[GraphQLError],
) -> Any:
    """The root field's value (shaped, for a compiled field), or FAILED.

    Errors are reported as they happen, as graphql-core does, so they keep its order; the first error of a
    non-null field goes to `fatal` (it nulls the response, and later errors are not reported).
    """
    node = details[0].node
    field = root.fields[node.name.value]
    compile_ = compiler_of(field)
    try:
        if compile_ is not None and key in statements:
            return await run_scoped(context, statements[key])
        arguments = get_argument_values(
            field,
            node,
            executor.variable_values,
            details[0].fragment_variable_values,
            executor.hide_suggestions,
        )
        if compile_ is None:
            path = Path(None, key, root.name)
            info = executor.build_resolve_info(field, [each.node for each in details], root, path)
            assert field.resolve is not None
            value = field.resolve(executor.root_value, info, **arguments)
            return await value if executor.is_awaitable(value) else value
        selection = field_selection(
            executor.schema,
            executor.fragment_definitions,
            executor.variable_values.coerced,
            root,
            key,
            [each.node for each in details],
        )
        statements[key] = compile_(selection)(viewer_of(context))
        return await run_scoped(context, statements[key])
    except Exception as error:
        if not fatal:
            try:
                executor.handle_field_error(error, field.type, details, Path(None, key, root.name))
            except GraphQLError as located:
                fatal.append(located)
        return FAILED


async def _complete(
    executor: Executor[Any],
    completion: Completion,
    root: GraphQLObjectType,
    key: str,
    details: FieldDetailsList,
    value: Any,
) -> Any:
    """Complete one root field: in one pass, or as graphql-core does when that pass meets an anomaly."""
    field = root.fields[details[0].node.name.value]
    path = Path(None, key, root.name)
    if value is FAILED:
        return None
    try:
        return completion.root(key, field.type, details)(value)
    except Exception:
        pass
    nodes = [each.node for each in details]
    info = executor.build_resolve_info(field, nodes, root, path)
    try:
        completed = executor.complete_value(field.type, details, info, path, value, None)
        return await completed if executor.is_awaitable(completed) else completed
    except Exception as error:
        executor.handle_field_error(error, field.type, details, path)
        return None
