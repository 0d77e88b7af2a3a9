"""The executable GraphQL schema."""

from __future__ import annotations

import strawberry

from hub import __version__


@strawberry.type(description="The root of every read.")
class Query:
    @strawberry.field(description="The version of the hub answering.")
    def version(self) -> str:
        return __version__


schema = strawberry.Schema(query=Query)
