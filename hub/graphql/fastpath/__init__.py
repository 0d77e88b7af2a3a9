"""The fast path: operations whose every field is compiled skip graphql-core's field-by-field execution.

`FastPath` is a Strawberry extension, so the schema's other extensions, validation rules and error
handling apply unchanged: it caches parsing and validation, and answers an eligible operation by running
each root field's one statement and completing the shaped result in one pass. Anything else (domain
resolvers, mutations, introspection, errors) is left to, or handed back to, graphql-core.
"""

from __future__ import annotations

from hub.graphql.fastpath.extension import FastPath, accelerated

__all__ = ["FastPath", "accelerated"]
