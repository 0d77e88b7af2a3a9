"""The fast path: graphql-core's executor, with each root field of a query answered in one pass.

`FastExecutor` is plugged into the schema as its execution context class, so the schema's extensions,
validation rules and error handling apply unchanged. A compiled root field runs its one statement and its
raw result is completed in one pass, directed by its plan; any other root field's value is completed in
one pass too. What the one pass finds unusual, mutations and resolvers wrapped by middleware are
graphql-core's as ever.
"""

from hub.graphql.fastpath.executor import FastExecutor

__all__ = ["FastExecutor"]
