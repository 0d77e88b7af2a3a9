"""Seed validation: every problem of every file is reported at once, with its place; nothing is written."""

from __future__ import annotations

import asyncio
import textwrap
from pathlib import Path

import pytest
import typer
from neo4j import AsyncDriver
from typer.testing import CliRunner

from hub.cli.seed import seed
from hub.config import Settings
from hub.seeding.errors import SeedValidationError
from hub.seeding.source import write_network
from hub.seeding.validation import read_network
from tests.graph_snapshot import snapshot

DOCUMENT = """
source: doc
nodes:
  - {kind: Document, id: doc, name: A report, year: 2018, section: Context}
  - {kind: Document, id: report, name: A quoted report, file: report.txt, section: Context}
  - {kind: Province, id: overijssel, name: Provincie Overijssel, role: regisseur, section: Basisinformatie}
  - {kind: Programme, id: line, name: A budget line, programmeType: budget_line, section: Financiën}
  - {kind: Fund, id: reserve, name: A reserve, section: Financiën}
  - {kind: School, id: roc, name: An ROC, level: mbo, section: Actie 2}
  - {kind: Project, id: pps, name: A project, projectType: public_private_partnership, status: applied,
     section: Actie 2}
"""
"""A valid file the bad files below refer to."""

REPORT = "Wij steunen 2 samenwerkingsprojecten. Wij steunen ook de\u00a0regio.\n"
"""The text of the Document `report` (report.txt), which records citing it quote."""

BAD = {
    "unknown-kind.yaml": "nodes:\n  - {kind: Scool, id: x, name: X, section: S}",
    "unknown-type.yaml": "relationships:\n  - {type: FUNDS, from: roc, to: pps, section: S}",
    "unknown-reference.yaml": """
        nodes:
          - {kind: FundingFlow, id: f1, name: F, funder: nobody, recipient: roc, status: requested,
             section: S}
    """,
    "duplicate-id.yaml": "nodes:\n  - {kind: School, id: roc, name: Another ROC, level: mbo, section: S}",
    "bad-endpoint.yaml": "relationships:\n  - {type: LOCATED_IN, from: roc, to: pps, section: S}",
    "second-single.yaml": """
        nodes:
          - {kind: FundingFlow, id: f2, name: F, funder: reserve, recipient: line, status: awarded,
             section: S}
        relationships:
          - {type: FROM, from: f2, to: overijssel, section: S}
    """,
    "negative-amount.yaml": """
        nodes:
          - {kind: FundingFlow, id: f3, name: F, funder: reserve, recipient: line, amount: -5, status: paid,
             section: S}
    """,
    "bad-date.yaml": "relationships:\n  - {type: LEADS, from: roc, to: pps, since: 2018-13-01, section: S}",
    "dates-out-of-order.yaml": """
        relationships:
          - {type: AGREEMENT_WITH, from: overijssel, to: roc, since: 2019-01-01, until: 2018-01-01,
             section: S}
    """,
    "unknown-property.yaml": "nodes:\n  - {kind: Fund, id: f4, name: F, colour: red, section: S}",
    "syntax.yaml": "nodes:\n  - {kind: Fund, id: f5\n",
    "missing-section.yaml": "nodes:\n  - {kind: Fund, id: f6, name: F}",
    "synthetic.yaml": "nodes:\n  - {kind: Fund, id: f7, name: F, synthetic: true, section: S}",
    "unknown-source.yaml": "nodes:\n  - {kind: Fund, id: f8, name: F, source: roc, section: S}",
    "duplicate-key.yaml": "nodes:\n  - {kind: Fund, id: f9, name: F, name: G, section: S}",
    "duplicate-edge.yaml": """
        relationships:
          - {type: PARTICIPATES_IN, from: overijssel, to: pps, role: partner, section: S}
          - {type: PARTICIPATES_IN, from: overijssel, to: pps, role: funder, section: S}
    """,
    "not-a-mapping.yaml": "nodes:\n  - just text",
    "bad-layout.yaml": "source: doc\nedges: []",
    "misquoted.yaml": """
        source: report
        nodes:
          - {kind: Fund, id: f10, name: F, section: S, quotes: ["Wij steunen 3 samenwerkingsprojecten"]}
    """,
    "ambiguous-quote.yaml": """
        source: report
        nodes:
          - {kind: Fund, id: f11, name: F, section: S, quotes: ["Wij steunen"]}
    """,
    "unquoted.yaml": """
        source: report
        relationships:
          - {type: LOCATED_IN, from: roc, to: overijssel, section: S}
    """,
    "quote-without-file.yaml": "nodes:\n  - {kind: Fund, id: f12, name: F, section: S, quotes: [Wij]}",
}
"""One kind of problem per file: its name, and its content (with `source: doc` added unless it has one)."""

EXPECTED = {
    "unknown-kind.yaml": ("nodes[0] (x)", "unknown kind 'Scool' (did you mean School?)"),
    "unknown-type.yaml": ("relationships[0] (roc FUNDS pps)", "unknown relationship type 'FUNDS'"),
    "unknown-reference.yaml": ("nodes[0] (f1)", "funder: unknown id 'nobody'"),
    "duplicate-id.yaml": ("nodes[0] (roc)", "duplicate id 'roc', first at"),
    "bad-endpoint.yaml": (
        "relationships[0] (roc LOCATED_IN pps)",
        "to: LOCATED_IN cannot end at Project 'pps'",
    ),
    "second-single.yaml": (
        "relationships[0] (f2 FROM overijssel)",
        "'f2' may have one FROM relationship only",
    ),
    "negative-amount.yaml": ("nodes[0] (f3)", "amount: Input should be greater than or equal to 0"),
    "bad-date.yaml": ("relationships[0] (roc LEADS pps)", "since: Input should be a valid date"),
    "dates-out-of-order.yaml": ("relationships[0] (overijssel AGREEMENT_WITH roc)", "until is before since"),
    "unknown-property.yaml": ("nodes[0] (f4)", "colour: unknown property"),
    "syntax.yaml": (
        "syntax.yaml",
        "YAML error: line 4, column 1: expected ',' or '}', but got '<stream end>'",
    ),
    "missing-section.yaml": ("nodes[0] (f6)", "section: required"),
    "synthetic.yaml": ("nodes[0] (f7)", "synthetic: only the generator makes synthetic records"),
    "unknown-source.yaml": ("nodes[0] (f8)", "source: 'roc' is not the id of a Document in the seeds"),
    "duplicate-key.yaml": ("duplicate-key.yaml", "YAML error: line 3, column 35: duplicate key 'name'"),
    "duplicate-edge.yaml": ("relationships[1] (overijssel PARTICIPATES_IN pps)", "duplicate PARTICIPATES_IN"),
    "not-a-mapping.yaml": ("nodes[0]", "a node must be a mapping"),
    "bad-layout.yaml": ("bad-layout.yaml", "edges: Extra inputs are not permitted"),
    "misquoted.yaml": (
        "nodes[0] (f10)",
        "quotes[0]: not verbatim in report.txt: 'Wij steunen 3 samenwerkingsprojecten'",
    ),
    "ambiguous-quote.yaml": ("nodes[0] (f11)", "quotes[0]: found 2 times in report.txt, quote a longer span"),
    "unquoted.yaml": (
        "relationships[0] (roc LOCATED_IN overijssel)",
        "quotes: required, the span(s) of report.txt the record rests on",
    ),
    "quote-without-file.yaml": ("nodes[0] (f12)", "quotes: 'doc' has no file to quote"),
}


def write_seeds(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "00-document.yaml").write_text(DOCUMENT)
    (folder / "report.txt").write_text(REPORT, encoding="utf-8")
    for name, text in files.items():
        text = textwrap.dedent(text).strip() + "\n"
        (folder / name).write_text(text if text.startswith("source:") else f"source: doc\n{text}")
    return folder


def errors_of(folder: Path) -> list[str]:
    with pytest.raises(SeedValidationError) as raised:
        read_network(folder)
    return [str(error) for error in raised.value.errors]


def test_every_kind_of_problem_is_reported_at_once_with_its_place(tmp_path: Path) -> None:
    folder = write_seeds(tmp_path / "seeds", BAD)
    errors = errors_of(folder)
    for name, (record, message) in EXPECTED.items():
        found = [error for error in errors if error.startswith(str(folder / name))]
        assert any(record in error and message in error for error in found), (name, found)
    assert len(errors) == len(EXPECTED)


@pytest.mark.parametrize("name", sorted(BAD))
def test_each_problem_alone_is_found(tmp_path: Path, name: str) -> None:
    folder = write_seeds(tmp_path / "seeds", {name: BAD[name]})
    record, message = EXPECTED[name]
    errors = errors_of(folder)
    assert any(f"{folder / name}: " in error and record in error and message in error for error in errors), (
        errors
    )


def test_valid_files_give_the_network(tmp_path: Path) -> None:
    network = read_network(write_seeds(tmp_path / "seeds", {}))
    assert [node.record.id for node in network.nodes] == [
        "doc",
        "report",
        "overijssel",
        "line",
        "reserve",
        "roc",
        "pps",
    ]
    assert network.by_id["pps"].record.source == "doc"


def test_references_become_relationships(tmp_path: Path) -> None:
    flow = """
        nodes:
          - {kind: FundingFlow, id: f, name: F, funder: reserve, recipient: roc, project: pps, status: paid,
             section: Actie 2}
    """
    network = read_network(write_seeds(tmp_path / "seeds", {"flow.yaml": flow}))
    edges = {(edge.start, edge.kind.type, edge.end): edge.record for edge in network.edges}
    assert set(edges) == {("f", "FROM", "reserve"), ("f", "TO", "roc"), ("f", "FOR", "pps")}
    assert all(record.source == "doc" and record.section == "Actie 2" for record in edges.values())


def test_quotes_are_kept_verbatim_and_carried_by_references(tmp_path: Path) -> None:
    quoted = """
        source: report
        nodes:
          - {kind: FundingFlow, id: f, name: F, funder: reserve, recipient: roc, status: awarded, section: S,
             quotes: ["Wij steunen 2 samenwerkingsprojecten.", "ook de\\u00a0regio"]}
    """
    network = read_network(write_seeds(tmp_path / "seeds", {"quoted.yaml": quoted}))
    quotes = ["Wij steunen 2 samenwerkingsprojecten.", "ook de\u00a0regio"]
    assert network.by_id["f"].record.quotes == quotes
    assert [edge.record.quotes for edge in network.edges if edge.start == "f"] == [quotes, quotes]


def test_an_empty_folder_is_an_error(tmp_path: Path) -> None:
    assert errors_of(tmp_path) == [f"{tmp_path}: no seed files (*.yaml) found"]


def test_the_source_seeds_are_valid(repo_root: Path) -> None:
    network = read_network(repo_root / "seeds" / "source")
    assert len(network.nodes) > 50 and len(network.edges) > 50


async def test_cli_prints_every_error_and_writes_nothing(
    db: AsyncDriver, settings: Settings, tmp_path: Path
) -> None:
    good = read_network(write_seeds(tmp_path / "good", {}))
    await write_network(db, good, settings.neo4j_database)
    before = await snapshot(db)
    bad = write_seeds(tmp_path / "bad" / "source", BAD)
    app = typer.Typer()
    app.command()(seed)
    assert settings.neo4j_uri
    env = {
        "NEO4J_URI": settings.neo4j_uri,
        "NEO4J_PASSWORD": settings.neo4j_password,
        "HUB_SEEDS_DIR": str(bad.parent),
    }
    result = await asyncio.to_thread(CliRunner().invoke, app, ["--synthetic", "10"], env=env)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[-1].startswith("hub: ") and lines[-1].endswith(
        "error(s) in the seed files; nothing was written"
    )
    for name, (_, message) in EXPECTED.items():
        assert any(line.startswith(f"{bad / name}: ") and message in line for line in lines), name
    assert await snapshot(db) == before
