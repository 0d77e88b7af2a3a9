"""A search text -> the Lucene query of `search`: its words, each matched exactly, as a prefix and fuzzily.

Nothing of the text becomes Lucene syntax: it is folded (accents dropped, lower-cased) and cut into words of
letters and digits, so no operator, quote, wildcard or escape survives. Each word then asks for

- the word itself, boosted most (the index's `standard-folding` analyzer folds it as it folded the text);
- words it begins (`techniek*` finds 'techniekonderwijs'), from three characters on;
- words a typo or two away (`overijsel~1` finds 'Overijssel'): one edit for 4 to 7 letters, two for 8 to
  32 (Lucene refuses the automaton of a much longer word); not for words with digits ('2018' is not
  '2019'); boosted least.

Lucene applies no analyzer to prefix and fuzzy terms, hence the folding here. A hit needs one word; more
words matched, and better, rank higher.
"""

from __future__ import annotations

import re
import unicodedata

MAX_WORDS = 8
"""Words beyond these are ignored: a fuzzy word expands to many terms, and Lucene caps a query's clauses."""

LONGEST_WORD = 255
"""Longer words are cut to this: the analyzer indexes no longer token (and Lucene refuses huge prefixes)."""

LONGEST_FUZZY = 32
"""The longest word matched fuzzily."""

EXACT, PREFIX, FUZZY = 8, 2, 0.25
"""Boosts: an exact word outranks a prefix, a prefix a typo."""

WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Accents dropped and case folded: 'Oriëntatie' -> 'orientatie', 'Straße' -> 'strasse'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def words(text: str) -> list[str]:
    """The distinct folded words of a text, in order, at most MAX_WORDS, each at most LONGEST_WORD long."""
    return list(dict.fromkeys(word[:LONGEST_WORD] for word in WORD.findall(fold(text))))[:MAX_WORDS]


def edits(word: str) -> int:
    """How many typos a word may carry and still match."""
    if not 4 <= len(word) <= LONGEST_FUZZY or any(char.isdigit() for char in word):
        return 0
    return 1 if len(word) <= 7 else 2


def clause(word: str) -> str:
    """One word's alternatives: exact, prefix, fuzzy."""
    parts = [f"{word}^{EXACT}"]
    if len(word) >= 3:
        parts.append(f"{word}*^{PREFIX}")
    if typos := edits(word):
        parts.append(f"{word}~{typos}^{FUZZY}")
    return f"({' '.join(parts)})"


def query(text: str) -> str:
    """The Lucene query for a search text; empty when it has no words (nothing to search)."""
    return " ".join(clause(word) for word in words(text))
