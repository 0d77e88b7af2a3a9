"""The allow-list at the edge: puts the registered document into requests that name one, and in production
refuses other documents from callers without AD_HOC_QUERIES, but introspection from those with credentials.
Asked after authentication (it needs the principal)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

import orjson
from starlette.datastructures import QueryParams
from starlette.types import Scope

from hub.auth.principal import Principal
from hub.auth.roles import Capability
from hub.config import Settings
from hub.observe import facts
from hub.persisted.registry import Registry, allow_list
from hub.persisted.resolve import Refusal, registered


@dataclass(frozen=True)
class Allowed:
    """What a caller may send that is not registered: anything, or introspection only."""

    any: bool
    introspection: bool


@dataclass(frozen=True)
class Posted:
    """A POST as the endpoint gets it: its scope, its body and what the body parses to."""

    scope: Scope
    body: bytes
    params: object


class PersistedOperations:
    """GET reads the query parameters, POST the JSON body (a body orjson cannot read is refused: 400).
    Both raise Refusal (400/403) for what the allow-list refuses."""

    def __init__(self, settings: Settings, registry: Registry | None = None) -> None:
        self.registry = registry if registry is not None else allow_list(settings)
        self.development = settings.development

    def allowed(self, principal: Principal) -> Allowed:
        return Allowed(
            any=self.development or principal.can(Capability.AD_HOC_QUERIES),
            introspection=not principal.anonymous,
        )

    def resolve(self, params: Mapping[str, object], principal: Principal) -> str | None:
        """The registered document to put into the request, if any; the operation it runs, named for the
        access log and metrics."""
        ad_hoc = self.allowed(principal)
        operation = registered(self.registry, params, ad_hoc=ad_hoc.any, introspection=ad_hoc.introspection)
        if operation is None:
            return None
        facts.operation(operation.name)
        return operation.document if params.get("query") is None else None

    def get(self, scope: Scope, principal: Principal) -> Scope:
        """The GET request's scope, with the registered document in its query string if it names one."""
        params = dict(QueryParams(scope["query_string"]))
        document = self.resolve(params, principal)
        if document is None:
            return scope
        return {**scope, "query_string": urlencode({**params, "query": document}).encode()}

    def post(self, scope: Scope, body: bytes, principal: Principal) -> Posted:
        """The POST request, with the registered document in its body if it names one."""
        try:
            params = orjson.loads(body)
        except orjson.JSONDecodeError:
            raise Refusal(400, "INVALID_JSON", "the request body is not valid JSON in UTF-8") from None
        if not isinstance(params, dict):
            return Posted(scope, body, params)
        document = self.resolve(params, principal)
        if document is None:
            return Posted(scope, body, params)
        params = {**params, "query": document}
        body = orjson.dumps(params)
        headers = [(k, v) for k, v in scope["headers"] if k != b"content-length"]
        headers.append((b"content-length", str(len(body)).encode()))
        return Posted({**scope, "headers": headers}, body, params)
