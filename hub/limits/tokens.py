"""Counting a document's tokens without parsing it, stopping just past the limit."""

from __future__ import annotations

from functools import lru_cache

from graphql import GraphQLSyntaxError, Lexer, Source, TokenKind

REMEMBERED_LENGTH = 16_384
"""Counts of documents up to this many characters are remembered (clients repeat their documents)."""


def count_tokens(document: str, stop_after: int) -> int:
    """The number of tokens (not comments), counting no further than `stop_after`; a lexing error ends it."""
    if len(document) <= REMEMBERED_LENGTH:
        return _remembered(document, stop_after)
    return _count(document, stop_after)


def _count(document: str, stop_after: int) -> int:
    lexer = Lexer(Source(document))
    count = 0
    try:
        while lexer.advance().kind is not TokenKind.EOF and count < stop_after:
            count += 1
    except GraphQLSyntaxError:
        pass
    return count


_remembered = lru_cache(maxsize=1024)(_count)
