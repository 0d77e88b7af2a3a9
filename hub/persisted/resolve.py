"""Which document a request runs: its own `query`, or a registered one named by hash or operation name."""

from __future__ import annotations

from collections.abc import Mapping

import orjson

from hub.limits.introspection import introspection_only
from hub.persisted.registry import PersistedOperation, Registry, document_hash

HEX = frozenset("0123456789abcdef")


class Refusal(Exception):
    """A request the allow-list refuses: HTTP status, code and a message safe to show."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def persisted_hash(extensions: object) -> str | None:
    """`extensions.persistedQuery.sha256Hash` (Apollo APQ, version 1); None without a persistedQuery."""
    if isinstance(extensions, str):
        try:
            extensions = orjson.loads(extensions)
        except orjson.JSONDecodeError:
            raise Refusal(400, "INVALID_JSON", "the extensions parameter is not valid JSON") from None
    if not isinstance(extensions, dict) or "persistedQuery" not in extensions:
        return None
    persisted = extensions["persistedQuery"]
    digest = persisted.get("sha256Hash") if isinstance(persisted, dict) else None
    if not isinstance(persisted, dict) or persisted.get("version") != 1:
        raise Refusal(400, "PERSISTED_QUERY_INVALID", "persistedQuery needs version 1 and a sha256Hash")
    if not isinstance(digest, str) or len(digest) != 64 or not HEX.issuperset(digest):
        raise Refusal(400, "PERSISTED_QUERY_INVALID", "sha256Hash must be 64 lower-case hex digits")
    return digest


def referenced(registry: Registry, digest: str | None, name: object) -> PersistedOperation | None:
    """The operation named by hash, else by operationName; None when the request names neither."""
    if digest is not None:
        operation = registry.by_hash.get(digest)
        if operation is None:
            message = "PersistedQueryNotFound: no persisted operation has this hash"
            raise Refusal(400, "PERSISTED_QUERY_NOT_FOUND", message)
        return operation
    if isinstance(name, str):
        operation = registry.by_name.get(name)
        if operation is None:
            raise Refusal(400, "PERSISTED_QUERY_NOT_FOUND", f"no persisted operation is named {name!r}")
        return operation
    return None


def registered(
    registry: Registry, params: Mapping[str, object], *, ad_hoc: bool, introspection: bool = False
) -> PersistedOperation | None:
    """The registered operation the request runs: named by hash or operationName when it sends no `query`,
    else the one its `query` is byte for byte; None when it runs none.

    A `query` sent with a hash must match it; without `ad_hoc`, a `query` must be a registered document,
    or (with `introspection`) only introspect (hub.limits.introspection), else PERSISTED_QUERY_REQUIRED.
    """
    query = params.get("query")
    digest = persisted_hash(params.get("extensions"))
    if query is None:
        return referenced(registry, digest, params.get("operationName"))
    hashed = document_hash(query) if isinstance(query, str) else None
    if digest is not None and hashed != digest:
        raise Refusal(400, "PERSISTED_QUERY_HASH_MISMATCH", "sha256Hash is not the hash of the query")
    operation = registry.by_hash.get(hashed) if hashed is not None else None
    introspects = introspection and isinstance(query, str) and introspection_only(query)
    if operation is None and not ad_hoc and not introspects:
        message = "only persisted operations may run here: send operationName or a persistedQuery hash"
        raise Refusal(403, "PERSISTED_QUERY_REQUIRED", message)
    return operation


def resolve(
    registry: Registry, params: Mapping[str, object], *, ad_hoc: bool, introspection: bool = False
) -> str | None:
    """The registered document to run when the request sends no `query`; None to keep the request as is
    (`registered` tells which operation it runs)."""
    operation = registered(registry, params, ad_hoc=ad_hoc, introspection=introspection)
    return operation.document if operation is not None and params.get("query") is None else None
