"""The allow-list over WebSockets: in production, a caller without AD_HOC_QUERIES subscribes with the
documents of queries/ only (sent whole), as hub.persisted.http has it for HTTP requests."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import BaseGraphQLTransportWSHandler
from strawberry.subscriptions.protocols.graphql_transport_ws.types import ErrorMessage, SubscribeMessage

from hub.auth.roles import Capability
from hub.graphql.context import Context
from hub.persisted.registry import Registry
from hub.persisted.resolve import Refusal, registered


class AllowListed(BaseGraphQLTransportWSHandler[Context, None]):
    """graphql-transport-ws; a document the allow-list refuses is answered with an `error` message and its
    code (PERSISTED_QUERY_REQUIRED …), the socket staying open. Its view has the `registry`."""

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        registry: Registry = self.view.registry  # type: ignore[attr-defined]
        ad_hoc = self.context.settings.development or self.context.principal.can(Capability.AD_HOC_QUERIES)
        payload: Any = message["payload"]
        try:
            registered(registry, payload, ad_hoc=ad_hoc, introspection=not self.context.principal.anonymous)
        except Refusal as refusal:
            error = GraphQLError(refusal.message, extensions={"code": refusal.code}).formatted
            await self.send_message(ErrorMessage(id=message["id"], type="error", payload=[error]))
            return
        await super().handle_subscribe(message)
