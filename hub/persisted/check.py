"""`hub queries check`: every file in the queries folder against the schema, one line per problem."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson
from graphql import (
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    NonNullTypeNode,
    OperationDefinitionNode,
    get_variable_values,
    parse,
    validate,
)

from hub.persisted.registry import operation_name


def check_queries(folder: Path, schema: GraphQLSchema) -> list[str]:
    """The problems: unreadable, invalid or unnamed documents, duplicate names, variables files that do
    not parse or do not match the declared variables. Empty when all is well."""
    if not folder.is_dir():
        return [f"{folder}: not a folder"]
    problems: list[str] = []
    names: dict[str, str] = {}
    for path in sorted(folder.rglob("*.graphql")):
        try:
            text = path.read_bytes().decode("utf-8")
            name = operation_name(text)
        except (UnicodeDecodeError, ValueError) as error:
            problems.append(f"{path.name}: {error}")
            continue
        if name in names:
            problems.append(f"{path.name}: operation {name} is already in {names[name]}")
        names.setdefault(name, path.name)
        document = parse(text)
        problems += [f"{path.name}: {located(error)}" for error in validate(schema, document)]
        problems += variable_problems(path, schema, document)
    for path in sorted(folder.rglob("*.variables.json")):
        if not path.with_name(path.name.removesuffix(".variables.json") + ".graphql").exists():
            problems.append(f"{path.name}: no .graphql file of that name")
    return problems


def located(error: GraphQLError) -> str:
    """The message, with the line and column of its first location."""
    if error.locations:
        return f"line {error.locations[0].line}:{error.locations[0].column}: {error.message}"
    return error.message


def variable_problems(path: Path, schema: GraphQLSchema, document: DocumentNode) -> Iterator[str]:
    """The variables file (when there is one) must be a JSON object the declared variables accept; each
    line names the file it is about."""
    [operation] = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    definitions = operation.variable_definitions or ()
    variables_file = path.with_name(path.name.removesuffix(".graphql") + ".variables.json")
    if not variables_file.exists():
        if any(d.default_value is None and isinstance(d.type, NonNullTypeNode) for d in definitions):
            yield f"{path.name}: declares required variables but has no .variables.json"
        return
    try:
        values = orjson.loads(variables_file.read_bytes())
    except orjson.JSONDecodeError as error:
        yield f"{variables_file.name} is not valid JSON: {error}"
        return
    if not isinstance(values, dict):
        yield f"{variables_file.name} must hold a JSON object"
        return
    declared = {d.variable.name.value for d in definitions}
    mismatches = [f"${name} is not declared" for name in sorted(set(values) - declared)]
    mismatches += [f"${name} is declared but not given" for name in sorted(declared - set(values))]
    coerced = [] if mismatches else get_variable_values(schema, definitions, values)
    errors = [error.message for error in coerced] if isinstance(coerced, list) else []
    yield from (f"{variables_file.name}: {problem}" for problem in mismatches + errors)
