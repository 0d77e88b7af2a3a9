"""The coverage of the report by the seeds: every sentence, the facts (records) whose quotes fall inside
it, or the declared reason why none does (seeds/coverage.yaml).

Sentences are cut by one rule: every non-empty line is a paragraph (a list item's number left out), and a
paragraph is cut after `.`, `!` or `?` where white space and an upper-case letter, digit or quote mark
follow. Headings are lines too, so they are sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

from hub.seeding.network import Network
from hub.seeding.quotes import DOCUMENT, document_text

COVERAGE_FILE = "coverage.yaml"
"""Beside the seed folder: the reasons, and which sentence has which."""
START, END = "<!-- coverage:start -->", "<!-- coverage:end -->"
"""The markers around the generated table in seeds/README.md."""

_ITEM = re.compile(r"^\s*\d+\.\s+")
_CUT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\u2018'\"\u20ac(])")


@dataclass(frozen=True)
class Sentence:
    number: int
    text: str
    start: int
    """Offset in the report."""

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True)
class Row:
    sentence: Sentence
    facts: tuple[str, ...]
    """Records (node ids, `start TYPE end` for relationships) quoting inside the sentence."""
    reason: str | None


class _Declared(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reasons: dict[str, str]
    """Short name -> what it means."""
    sentences: dict[str, str]
    """A sentence, verbatim -> the name of its reason."""


@dataclass(frozen=True)
class Coverage:
    rows: tuple[Row, ...]
    problems: tuple[str, ...]
    """Sentences with neither facts nor reason, quotes across sentences, reasons that do not apply."""
    quotes: int

    @property
    def facts(self) -> int:
        return len({fact for row in self.rows for fact in row.facts})

    def table(self, reasons: dict[str, str]) -> str:
        """The Markdown table for seeds/README.md."""
        lines = ["| # | Sentence | Facts, or why none |", "|---|---|---|"]
        for row in self.rows:
            text = row.sentence.text.replace("|", "\\|")
            said = ", ".join(f"`{fact}`" for fact in row.facts) or f"*{row.reason}*"
            lines.append(f"| {row.sentence.number} | {text} | {said} |")
        counted = [row for row in self.rows if not row.facts]
        why = "; ".join(
            f"{name} ({sum(row.reason == name for row in counted)}): {meaning}"
            for name, meaning in reasons.items()
        )
        lines += [
            "",
            f"{len(self.rows)} sentences, {self.facts} facts, {self.quotes} quoted spans;"
            f" {len(counted)} sentences with no fact: {why}.",
        ]
        return "\n".join(lines)


def sentences(text: str) -> list[Sentence]:
    """The report's sentences, in order, by the rule of this module."""
    found: list[Sentence] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip()
        item = _ITEM.match(body)
        start = item.end() if item else len(body) - len(body.lstrip())
        position = start
        for part in _CUT.split(body[start:]):
            if part.strip():
                found.append(
                    Sentence(len(found) + 1, part.strip(), offset + body.index(part.strip(), position))
                )
            position += len(part)
        offset += len(line)
    return found


def declared(seeds: Path) -> _Declared:
    """seeds/coverage.yaml."""
    return _Declared.model_validate(yaml.safe_load((seeds / COVERAGE_FILE).read_text(encoding="utf-8")))


def coverage(network: Network, folder: Path, document: str) -> Coverage:
    """The coverage of `document` (a Document id of `network`, its file in `folder`)."""
    node = network.by_id[document]
    if node.kind.label != DOCUMENT:
        raise ValueError(f"{document!r} is not a {DOCUMENT}")
    text = document_text(folder, node) or ""
    spans = [
        (node.record.id, node.record.quotes or ()) for node in network.nodes if node.record.source == document
    ] + [
        (f"{edge.start} {edge.kind.type} {edge.end}", edge.record.quotes or ())
        for edge in network.edges
        if edge.record.source == document and edge.field == "to"
    ]
    cut = sentences(text)
    facts: dict[int, list[str]] = {sentence.number: [] for sentence in cut}
    problems: list[str] = []
    quotes = 0
    for record, quoted in spans:
        for quote in quoted:
            quotes += 1
            at = text.find(quote)
            inside = [s for s in cut if s.start <= at and at + len(quote) <= s.end]
            if not inside:
                problems.append(f"{record}: quote crosses a sentence boundary: {quote!r}")
            for sentence in inside:
                if record not in facts[sentence.number]:
                    facts[sentence.number].append(record)
    reasons = declared(folder.parent)
    rows = []
    for sentence in cut:
        reason = reasons.sentences.get(sentence.text)
        if reason is not None and reason not in reasons.reasons:
            problems.append(f"sentence {sentence.number}: unknown reason {reason!r}")
        if facts[sentence.number] and reason is not None:
            problems.append(f"sentence {sentence.number}: has facts, so no reason: {sentence.text!r}")
        if not facts[sentence.number] and reason is None:
            problems.append(f"sentence {sentence.number}: no fact and no reason: {sentence.text!r}")
        rows.append(Row(sentence, tuple(facts[sentence.number]), reason))
    texts = {sentence.text for sentence in cut}
    problems += [
        f"coverage.yaml: not a sentence of the report: {text!r}"
        for text in reasons.sentences
        if text not in texts
    ]
    return Coverage(tuple(rows), tuple(problems), quotes)


def documents(network: Network) -> list[str]:
    """The Documents of the network that have a file to quote."""
    return [node.record.id for node in network.of_kind(DOCUMENT) if getattr(node.record, "file", None)]


def section(network: Network, folder: Path) -> tuple[str, list[str]]:
    """The README's coverage section (a table per quoted document) and every problem found."""
    reasons = declared(folder.parent).reasons
    parts, problems = [], []
    for document in documents(network):
        found = coverage(network, folder, document)
        parts.append(f"**{network.by_id[document].record.name}** (`{document}`)\n\n{found.table(reasons)}")
        problems += [f"{document}: {problem}" for problem in found.problems]
    return "\n\n".join(parts), problems


def in_readme(readme: str, generated: str) -> str:
    """The README with the text between the coverage markers replaced by `generated`."""
    before, rest = readme.split(START, 1)
    _, after = rest.split(END, 1)
    return f"{before}{START}\n{generated}\n{END}{after}"
