"""Reading seed files: YAML with a default provenance source, a list of nodes and one of relationships."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from hub.model.values import Slug
from hub.seeding.errors import SeedError, Where

_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _Loader(yaml.SafeLoader):
    """Safe YAML that rejects duplicate keys and leaves dates as text, for the record models to check."""

    yaml_implicit_resolvers: dict[Any, Any] = {  # noqa: RUF012 - PyYAML reads it from the class
        first: [(tag, pattern) for tag, pattern in resolvers if tag != _TIMESTAMP]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


class _Layout(BaseModel):
    model_config = ConfigDict(extra="forbid")

    source: Slug | None = None
    nodes: list[Any] = []
    relationships: list[Any] = []


@dataclass(frozen=True)
class SeedFile:
    """The raw records of one file, not yet validated."""

    where: Where
    source: str | None
    nodes: list[Any]
    relationships: list[Any]


def seed_paths(directory: Path) -> list[Path]:
    """The seed files of a directory, in name order."""
    return sorted(path for pattern in ("*.yaml", "*.yml") for path in directory.glob(pattern))


def read_seed_file(path: Path) -> SeedFile | SeedError:
    """Parse one file, or say why it cannot be read."""
    where = Where(str(path))
    try:
        content = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        return SeedError(where, f"YAML error: {_describe(error)}")
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        return SeedError(where, f"cannot read: {' '.join(str(error).split())}")
    try:
        layout = _Layout.model_validate(content or {})
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'file'}: {e['msg']}" for e in error.errors(include_url=False)
        )
        return SeedError(where, f"expected keys source, nodes, relationships: {problems}")
    return SeedFile(where, layout.source, layout.nodes, layout.relationships)


def _describe(error: yaml.MarkedYAMLError) -> str:
    """`line 4, column 1: expected ',' or '}' (while parsing a flow mapping, line 3, column 5)`."""

    def at(mark: yaml.Mark | None) -> str:
        return f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown place"

    context = f" ({error.context}, {at(error.context_mark)})" if error.context else ""
    return f"{at(error.problem_mark)}: {error.problem}{context}"
