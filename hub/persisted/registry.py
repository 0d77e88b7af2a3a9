"""The registry: every `*.graphql` file of a folder, by operation name and by SHA-256 of its bytes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from graphql import GraphQLError, OperationDefinitionNode, parse

from hub.config import Settings


class RegistryError(Exception):
    """A file that cannot be registered; the message is one line naming it."""


@dataclass(frozen=True)
class PersistedOperation:
    name: str
    document: str
    """The file's text, exactly: what a client sends as `query`."""
    sha256: str
    """Lower-case hex SHA-256 of the document's UTF-8 bytes (the file's bytes)."""
    path: Path


@dataclass(frozen=True)
class Registry:
    by_name: dict[str, PersistedOperation]
    by_hash: dict[str, PersistedOperation]


def document_hash(document: str) -> str:
    """The hash clients send as `sha256Hash`; lone surrogates (not UTF-8) hash as their raw code points."""
    return hashlib.sha256(document.encode("utf-8", "surrogatepass")).hexdigest()


def operation_name(document: str) -> str:
    """The name of the document's one operation; ValueError when it has none, several or no name."""
    try:
        definitions = parse(document).definitions
    except GraphQLError as error:
        raise ValueError(f"syntax error: {error.message}") from None
    operations = [d for d in definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) != 1:
        raise ValueError(f"needs exactly one operation, has {len(operations)}")
    if operations[0].name is None:
        raise ValueError("the operation needs a name")
    return operations[0].name.value


def read_operation(path: Path) -> PersistedOperation:
    """One file as an operation; RegistryError when it is not UTF-8 or not one named operation."""
    data = path.read_bytes()
    try:
        document = data.decode("utf-8")
        name = operation_name(document)
    except (UnicodeDecodeError, ValueError) as error:
        raise RegistryError(f"{path.name}: {error}") from None
    return PersistedOperation(name, document, hashlib.sha256(data).hexdigest(), path)


def load_registry(folder: Path) -> Registry:
    """Every `*.graphql` below `folder` (sub-folders too); RegistryError on a bad or duplicate one."""
    by_name: dict[str, PersistedOperation] = {}
    for path in sorted(folder.rglob("*.graphql")):
        operation = read_operation(path)
        if operation.name in by_name:
            first = by_name[operation.name].path.name
            raise RegistryError(f"{path.name}: operation {operation.name} is already in {first}")
        by_name[operation.name] = operation
    return Registry(by_name, {operation.sha256: operation for operation in by_name.values()})


def allow_list(settings: Settings) -> Registry:
    """The registry of HUB_QUERIES_DIR. Production serves nothing else, so there a folder that is missing or
    holds no operation is a RegistryError (one line), and the hub does not start."""
    folder = settings.hub_queries_dir
    if settings.development:
        return load_registry(folder)
    why = "production serves persisted operations only"
    if not folder.is_dir():
        raise RegistryError(f"HUB_QUERIES_DIR {folder} is not a folder: {why}")
    registry = load_registry(folder)
    if not registry.by_name:
        raise RegistryError(f"HUB_QUERIES_DIR {folder} holds no *.graphql operation: {why}")
    return registry
