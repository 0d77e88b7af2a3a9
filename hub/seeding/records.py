"""Validation of single seed records against the record models of the registry."""

from __future__ import annotations

from difflib import get_close_matches
from typing import Any

from pydantic import ValidationError

from hub.model.registry import NODE_KINDS, RELATIONSHIP_KINDS
from hub.seeding.errors import SeedError, Where
from hub.seeding.files import SeedFile
from hub.seeding.network import SeedEdge, SeedNode


def parse_node(file: SeedFile, index: int, item: object) -> SeedNode | list[SeedError]:
    """The node record `nodes[index]` of a file, or everything wrong with it."""
    where = Where(file.where.file, _label(f"nodes[{index}]", item, ("id",)))
    if not isinstance(item, dict):
        return [SeedError(where, "a node must be a mapping with kind, id, name, section, ...")]
    data = dict(item)
    name = data.pop("kind", None)
    kind = NODE_KINDS.get(name) if isinstance(name, str) else None
    errors = _provenance(data, file.source, where)
    if kind is None:
        errors.append(SeedError(where, _unknown("kind", name, NODE_KINDS)))
        return errors
    try:
        record = kind.model.model_validate(data)
    except ValidationError as error:
        return errors + _model_errors(error, where)
    return errors or SeedNode(kind, record, where)


def parse_edge(file: SeedFile, index: int, item: object) -> SeedEdge | list[SeedError]:
    """The relationship record `relationships[index]` of a file, or everything wrong with it."""
    where = Where(file.where.file, _label(f"relationships[{index}]", item, ("from", "type", "to")))
    if not isinstance(item, dict):
        return [SeedError(where, "a relationship must be a mapping with type, from, to, section, ...")]
    data = dict(item)
    name, start, end = data.pop("type", None), data.pop("from", None), data.pop("to", None)
    kind = RELATIONSHIP_KINDS.get(name) if isinstance(name, str) else None
    errors = _provenance(data, file.source, where)
    errors += [
        SeedError(where, f"{key}: give the id of a node")
        for key, value in (("from", start), ("to", end))
        if not isinstance(value, str)
    ]
    if kind is None:
        errors.append(SeedError(where, _unknown("relationship type", name, RELATIONSHIP_KINDS)))
        return errors
    try:
        record = kind.properties.model_validate(data)
    except ValidationError as error:
        return errors + _model_errors(error, where)
    if errors or not isinstance(start, str) or not isinstance(end, str):
        return errors
    return SeedEdge(kind, start, end, record, where)


def _label(position: str, item: object, keys: tuple[str, ...]) -> str:
    """`nodes[3] (roc-van-twente)` or `relationships[0] (a PARTICIPATES_IN b)` where the keys are given."""
    if isinstance(item, dict) and all(isinstance(item.get(key), str) for key in keys):
        return f"{position} ({' '.join(item[key] for key in keys)})"
    return position


def _provenance(data: dict[str, Any], default_source: str | None, where: Where) -> list[SeedError]:
    """Apply the file's default source; seed records must name their section and cannot be synthetic."""
    errors = []
    if data.pop("synthetic", None) is not None:
        errors.append(SeedError(where, "synthetic: only the generator makes synthetic records"))
    if "section" not in data:
        errors.append(SeedError(where, "section: required, the part of the source document it is from"))
    if default_source is not None:
        data.setdefault("source", default_source)
    return errors


def _unknown(what: str, name: object, known: dict[str, Any]) -> str:
    if name is None:
        return f"{what} is missing"
    close = get_close_matches(str(name), known, n=1)
    hint = f" (did you mean {close[0]}?)" if close else f" (known: {', '.join(known)})"
    return f"unknown {what} {name!r}{hint}"


def _model_errors(error: ValidationError, where: Where) -> list[SeedError]:
    found = []
    for problem in error.errors(include_url=False):
        place = ".".join(str(part) for part in problem["loc"])
        if problem["type"] == "extra_forbidden":
            message = "unknown property"
        else:
            message = problem["msg"].removeprefix("Value error, ")
        found.append(SeedError(where, f"{place}: {message}" if place else message))
    return found
