"""`GET /export/{operation}.{format}?variables={…}`: an operation of `queries/`, asked as the caller through
the GraphQL endpoint and all its guards, its answer as a graph file.

The operation runs exactly as `GET /graphql` would run it for the same caller: credentials, rate limit, the
database gate, the allow-list, cost limits and what the caller may see all apply, because it is that
endpoint that answers. Only an answer with data and no errors becomes a file; anything else (a refusal, an
error, a partial answer) is passed on as the endpoint gave it.
"""

from __future__ import annotations

from urllib.parse import urlencode

import orjson
from starlette.datastructures import QueryParams
from starlette.responses import Response, StreamingResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hub.export.formats import FORMATS, Format
from hub.export.graph import graph_of
from hub.limits.responses import error_response
from hub.persisted.registry import PersistedOperation, Registry


class Export:
    def __init__(self, graphql: ASGIApp, registry: Registry) -> None:
        self.graphql = graphql
        self.operations: dict[str, PersistedOperation] = {
            **registry.by_name,
            **{operation.path.stem: operation for operation in registry.by_name.values()},
        }

    def _target(self, file: str) -> tuple[PersistedOperation, Format] | None:
        for suffix, format_ in FORMATS.items():
            stem = file.removesuffix(f".{suffix}")
            if stem != file and stem in self.operations:
                return self.operations[stem], format_
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        file: str = scope["path_params"]["file"]
        target = self._target(file)
        if target is None:
            known = ", ".join(sorted(FORMATS))
            message = f"no export {file!r}: name an operation of queries/ and a format ({known})"
            await error_response(404, "NOT_FOUND", message)(scope, receive, send)
            return
        operation, format_ = target
        status, headers, body = await self._ask(scope, receive, operation)
        answer = orjson.loads(body) if status == 200 else None
        if not isinstance(answer, dict) or answer.get("errors") or not isinstance(answer.get("data"), dict):
            await Response(body, status, headers)(scope, receive, send)
            return
        name = f"{operation.path.stem}.{format_.name}"
        response = StreamingResponse(
            format_.write(graph_of(answer["data"])),
            media_type=format_.media_type,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
        await response(scope, receive, send)

    async def _ask(
        self, scope: Scope, receive: Receive, operation: PersistedOperation
    ) -> tuple[int, dict[str, str], bytes]:
        """The GraphQL endpoint's answer to the operation as a GET with the caller's headers."""
        parameters = {"query": operation.document, "operationName": operation.name}
        variables = QueryParams(scope["query_string"]).get("variables")
        if variables is not None:
            parameters["variables"] = variables
        passed = [(key, value) for key, value in scope["headers"] if key != b"accept"]
        inner: Scope = {
            **scope,
            "method": "GET",
            "path": "/graphql",
            "raw_path": b"/graphql",
            "query_string": urlencode(parameters).encode(),
            "headers": [*passed, (b"accept", b"application/json")],
        }
        answer: dict[str, object] = {"status": 500, "headers": {}}
        chunks: list[bytes] = []

        async def keep(message: Message) -> None:
            if message["type"] == "http.response.start":
                answer["status"] = message["status"]
                answer["headers"] = {
                    key.decode("latin-1"): value.decode("latin-1")
                    for key, value in message.get("headers", [])
                    if key.lower() not in (b"content-length", b"x-request-id")
                }
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.graphql(inner, receive, keep)
        status = answer["status"]
        headers = answer["headers"]
        assert isinstance(status, int) and isinstance(headers, dict)
        return status, headers, b"".join(chunks)
