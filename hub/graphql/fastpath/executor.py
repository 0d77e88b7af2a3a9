"""`FastExecutor`: graphql-core's executor, answering each root field of a query in one pass.

A compiled root field runs its one statement (written once per operation, variables and viewer); any
other root field calls its resolver as graphql-core would. The value is then completed in one pass over
the data instead of field by field. Everything else is graphql-core's own: the operation, fragments and
variables, the concurrency of root fields, error handling, and the completion of any value the one pass
finds unusual. Mutations, subscriptions and resolvers wrapped by middleware run unchanged.
"""

from __future__ import annotations

from typing import Any

import orjson
from graphql import GraphQLField, GraphQLObjectType, OperationType
from graphql.execution.collect_fields import FieldDetailsList
from graphql.execution.executor import to_nodes
from graphql.execution.values import get_argument_values
from graphql.pyutils import AwaitableOrValue, Path
from graphql.pyutils.undefined import UndefinedType
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from hub.graphql.compiler.field import Compile, answer, compiler_of
from hub.graphql.compiler.selection import Operation
from hub.graphql.context import Context
from hub.graphql.cypher.viewer import viewer_of
from hub.graphql.fastpath.complete import Completion
from hub.graphql.fastpath.direct import direct
from hub.graphql.fastpath.prepared import PREPARED, Prepared, Written
from hub.graphql.pages import Pages
from hub.graphql.types.fields import definition_of


def resolvable(field: GraphQLField) -> bool:
    """Whether the fast path may resolve the field: a Strawberry field with no field extension to honour."""
    definition = definition_of(field)
    return definition is not None and not definition.extensions and field.resolve is not None


class FastExecutor(StrawberryGraphQLCoreExecutionContext):
    """Takes over the root fields of queries; plug in with `strawberry.Schema(execution_context_class=…)`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        manager = self.middleware_manager
        self.fast = (
            self.operation.operation is OperationType.QUERY
            and isinstance(self.context_value, Context)
            and not (manager is not None and manager.middlewares)
        )

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: FieldDetailsList,
        path: Path,
        position_context: Any,
    ) -> AwaitableOrValue[Any] | UndefinedType:
        if self.fast and path.prev is None:
            field = parent_type.fields.get(field_details_list[0].node.name.value)
            if field is not None and resolvable(field):
                return self.answer_root(parent_type, field, field_details_list, path)
        return super().execute_field(parent_type, source, field_details_list, path, position_context)

    async def answer_root(
        self, root: GraphQLObjectType, field: GraphQLField, details: FieldDetailsList, path: Path
    ) -> Any:
        """The root field's value, completed; a failure is handled as graphql-core handles it."""
        try:
            prepared = self.prepared()
            key = str(path.key)
            compile_ = compiler_of(field)
            if compile_ is None:
                value = await self.resolve_root(root, field, details, path)
                complete = prepared.completion.root(key, field.type, details)
            else:
                written = self.written(key, field, details, compile_, prepared)
                raw = await answer(self.context_value, written.raw)
                complete, value = written.complete, raw
            try:
                return complete(value)
            except Exception:
                pass  # unusual: graphql-core completes it, and reports what is wrong
            if compile_ is not None:
                value = written.scoped.shape(raw)
            info = self.build_resolve_info(field, to_nodes(details), root, path)
            completed = self.complete_value(field.type, details, info, path, value, None)
            return await completed if self.is_awaitable(completed) else completed
        except Exception as error:
            self.handle_field_error(error, field.type, details, path)
            return None

    async def resolve_root(
        self, root: GraphQLObjectType, field: GraphQLField, details: FieldDetailsList, path: Path
    ) -> Any:
        """What the field's resolver returns."""
        info = self.build_resolve_info(field, to_nodes(details), root, path)
        arguments = get_argument_values(
            field,
            details[0].node,
            self.variable_values,
            details[0].fragment_variable_values,
            self.hide_suggestions,
        )
        assert field.resolve is not None
        value = field.resolve(self.root_value, info, **arguments)
        return await value if self.is_awaitable(value) else value

    def written(
        self, key: str, field: GraphQLField, details: FieldDetailsList, compile_: Compile, prepared: Prepared
    ) -> Written:
        """The compiled field's statement for this viewer and its completer, written when first asked."""
        viewer = viewer_of(self.context_value)
        found = prepared.statements.get((key, viewer))
        if found is not None:
            return found
        operation = Operation(self.schema, self.operation, self.fragments, self.variable_values)
        selection = operation.selection(key, field, details)
        scoped = compile_(selection, Pages.of(self.context_value.settings))(viewer)
        completion = prepared.completion
        try:
            complete = direct(completion, field.type, details, scoped.shape)
        except Exception:  # a plan completed after shaping, as any other value
            shaped = completion.root(key, field.type, details)

            def complete(raw: Any) -> Any:
                return shaped(scoped.shape(raw))

        return prepared.statements.put((key, viewer), Written(scoped, complete))

    def prepared(self) -> Prepared:
        """What is remembered of this operation with these variables, or a new record (remembered too
        when the document has its text and the variables are JSON)."""
        source = self.operation.loc.source.body if self.operation.loc else None
        name = self.operation.name.value if self.operation.name else None
        try:
            variables = orjson.dumps(self.variable_values.coerced, option=orjson.OPT_SORT_KEYS)
        except TypeError:
            source = None
        if source is not None:
            found = PREPARED.get((source, name, variables))
            if found is not None:
                return found
        prepared = Prepared(Completion(self.schema, self.fragments, self.variable_values, self.operation))
        return prepared if source is None else PREPARED.put((source, name, variables), prepared)
