"""Answering an operation whose root fields are all compiled, without graphql-core's field execution.

Each root field runs its one statement (concurrently, through `hub.graphql.execute.run`), and its shaped
value is completed in one pass. graphql-core's own executor builds the request (operation, fragments,
coerced variables) and takes over wherever an error has to be reported: a root field that fails is
resolved again by its resolver, and a value with an anomaly is completed by graphql-core.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

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
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types import ExecutionContext

from hub.graphql.compiler.selection import Selection, field_selection
from hub.graphql.context import Context
from hub.graphql.fastpath.complete import TYPENAME, Completion
from hub.graphql.query import COMPILE, Compiled, answer

Compile = Callable[[Selection], Compiled]
_FAILED = object()


def compiler_of(field: GraphQLField) -> Compile | None:
    """The root field's compile function, when it has one and no field extension to honour."""
    definition = (field.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if definition is None or definition.extensions:
        return None
    compile_: Compile | None = definition.metadata.get(COMPILE)
    return compile_


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


async def execute(context: ExecutionContext) -> ExecutionResult | None:
    """The operation's result, or None when the fast path does not apply (nothing has run then)."""
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
    compilers: dict[str, Compile] = {}
    for key, details in grouped.items():
        name = details[0].node.name.value
        if name == TYPENAME:
            continue
        compile_ = compiler_of(root.fields[name]) if name in root.fields else None
        if compile_ is None:
            return None
        compilers[key] = compile_
    hub_context: Context = context.context
    values = await asyncio.gather(
        *(
            _resolve(executor, root, hub_context, compile_, grouped[key])
            for key, compile_ in compilers.items()
        )
    )
    resolved = dict(zip(compilers, values, strict=True))
    completion = Completion(schema, executor.fragments, executor.variable_values, executor.operation)
    data: dict[str, Any] | None = {}
    try:
        for key, details in grouped.items():
            assert data is not None
            if key not in compilers:
                data[key] = root.name
            else:
                data[key] = await _complete(executor, completion, root, key, details, resolved[key])
    except GraphQLError as error:
        executor.collected_errors.add(error, None)
        data = None
    result = executor.build_response(data)
    assert isinstance(result, ExecutionResult)
    return result


async def _resolve(
    executor: Executor[Any],
    root: GraphQLObjectType,
    context: Context,
    compile_: Compile,
    details: FieldDetailsList,
) -> Any:
    """The root field's shaped value, or _FAILED when anything went wrong (the resolver runs again)."""
    node = details[0].node
    try:
        get_argument_values(
            root.fields[node.name.value], node, executor.variable_values, details[0].fragment_variable_values
        )
        selection = field_selection(
            executor.schema,
            executor.fragment_definitions,
            executor.variable_values.coerced,
            root,
            node.alias.value if node.alias else node.name.value,
            [each.node for each in details],
        )
        return await answer(context, compile_, selection)
    except Exception:
        return _FAILED


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
    if value is _FAILED:
        completed = executor.execute_field(root, executor.root_value, details, path, None)
        return await completed if executor.is_awaitable(completed) else completed
    try:
        return completion.of(field.type, details)(value)
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
