"""The executable GraphQL schema: generated root fields, the domain fields, the audit log, the change feed,
mutations, subscriptions; the limits, caches and explain as extensions, and the fast path as its executor."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.extensions import ParserCache

from hub import __version__
from hub.graphql.audit_log import AuditQuery
from hub.graphql.changes import ChangesQuery
from hub.graphql.domain import DomainQuery
from hub.graphql.error_log import Schema
from hub.graphql.explain import Explain
from hub.graphql.fastpath import FastExecutor
from hub.graphql.mutations.root import Mutation
from hub.graphql.query import root_fields
from hub.graphql.subscriptions import Subscription
from hub.graphql.types.fields import object_class
from hub.graphql.types.objects import NODE_TYPES
from hub.graphql.validation import CachedValidation
from hub.limits.extensions import graphql_extensions

CACHED_DOCUMENTS = 1024


def _version(root: Any) -> str:
    return __version__


def _query() -> type:
    fields = root_fields()
    cls = object_class("Query", (DomainQuery, AuditQuery, ChangesQuery), fields)
    cls.version = strawberry.field(resolver=_version, description="The version of the hub answering.")  # type: ignore[attr-defined]
    cls.__annotations__["version"] = str
    return strawberry.type(cls, description="The root of every read.")


Query = _query()
schema = Schema(
    query=Query,
    mutation=Mutation,
    subscription=Subscription,
    types=list(NODE_TYPES.values()),
    extensions=[
        Explain,
        *graphql_extensions(),
        lambda: ParserCache(maxsize=CACHED_DOCUMENTS),
        CachedValidation,
    ],
    execution_context_class=FastExecutor,
)
