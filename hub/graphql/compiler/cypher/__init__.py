"""Plan -> Cypher: one parameterised statement per root field, returning one row shaped like the answer."""

from hub.graphql.compiler.cypher.scope import Statement
from hub.graphql.compiler.cypher.statements import (
    connection_statement,
    funding_aggregate_statement,
    lookup_statement,
    search_statement,
)

__all__ = [
    "Statement",
    "connection_statement",
    "funding_aggregate_statement",
    "lookup_statement",
    "search_statement",
]
