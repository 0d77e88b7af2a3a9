"""The quoted spans of seed records: each is found verbatim, once, in the file of the record's source
Document (kept beside the seed files), so every fact can be traced to the words it rests on."""

from __future__ import annotations

from pathlib import Path

from hub.seeding.errors import SeedError, Where
from hub.seeding.network import SeedEdge, SeedNode

DOCUMENT = "Document"
"""The node kind that provenance `source` ids must name."""


def document_text(directory: Path, document: SeedNode) -> str | None:
    """The text of a Document's `file` (relative to the seed directory), or None when it has none."""
    file = getattr(document.record, "file", None)
    return None if file is None else (directory / file).read_text(encoding="utf-8")


def check_quotes(
    directory: Path, nodes: list[SeedNode], edges: list[SeedEdge], by_id: dict[str, SeedNode]
) -> list[SeedError]:
    """Records citing a Document with a file must quote it: every quote verbatim and found once."""
    texts: dict[str, str | None] = {}
    errors: list[SeedError | None] = []
    records = [(n.where, n.record, n.record.id) for n in nodes] + [(e.where, e.record, None) for e in edges]
    for where, record, own_id in records:
        document = by_id.get(record.source) if record.source is not None else None
        if document is None or document.kind.label != DOCUMENT or own_id == document.record.id:
            continue  # an unknown source is reported on its own; a document does not quote itself
        if document.record.id not in texts:
            try:
                texts[document.record.id] = document_text(directory, document)
            except OSError as error:
                errors.append(SeedError(document.where, f"file: cannot read: {error.strerror}"))
                texts[document.record.id] = None
        text = texts[document.record.id]
        file = getattr(document.record, "file", None)
        if text is None:
            if record.quotes and file is None:
                errors.append(SeedError(where, f"quotes: {document.record.id!r} has no file to quote"))
            continue
        if not record.quotes:
            errors.append(SeedError(where, f"quotes: required, the span(s) of {file} the record rests on"))
        errors += [
            _misquoted(where, index, quote, text, str(file))
            for index, quote in enumerate(record.quotes or ())
        ]
    return [error for error in errors if error is not None]


def _misquoted(where: Where, index: int, quote: str, text: str, file: str) -> SeedError | None:
    found = text.count(quote)
    if found == 1:
        return None
    if found == 0:
        return SeedError(where, f"quotes[{index}]: not verbatim in {file}: {quote!r}")
    return SeedError(where, f"quotes[{index}]: found {found} times in {file}, quote a longer span: {quote!r}")
