"""Counting a document's tokens without parsing it, stopping just past the limit."""

from __future__ import annotations

from graphql import GraphQLSyntaxError, Lexer, Source, TokenKind


def count_tokens(document: str, stop_after: int) -> int:
    """The number of tokens (not comments), counting no further than `stop_after`; a lexing error ends it."""
    lexer = Lexer(Source(document))
    count = 0
    try:
        while lexer.advance().kind is not TokenKind.EOF and count < stop_after:
            count += 1
    except GraphQLSyntaxError:
        pass
    return count
