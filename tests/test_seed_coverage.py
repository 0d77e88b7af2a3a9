"""The coverage of the report: every sentence has facts quoting it or a declared reason, and the table in
seeds/README.md is the generated one."""

from __future__ import annotations

from pathlib import Path

from hub.seeding.coverage import coverage, in_readme, section, sentences
from hub.seeding.validation import read_network


def test_every_sentence_of_the_report_has_facts_or_a_reason(repo_root: Path) -> None:
    folder = repo_root / "seeds" / "source"
    network = read_network(folder)
    found = coverage(network, folder, "voortgang-2018")
    assert found.problems == ()
    assert len(found.rows) == 63 and found.facts > 150 and found.quotes > 200
    reasons = {row.sentence.text: row.reason for row in found.rows if not row.facts}
    assert (
        reasons["Context"] == "heading"
        and reasons["Het besluit van de Begroting 2016 vindt u hier."] == "link"
    )
    by_text = {row.sentence.text: row.facts for row in found.rows}
    assert "doel-2-samenwerkingsprojecten" in next(
        facts for text, facts in by_text.items() if "Wij steunen 2" in text
    )


def test_the_readme_holds_the_generated_table(repo_root: Path) -> None:
    seeds = repo_root / "seeds"
    generated, problems = section(read_network(seeds / "source"), seeds / "source")
    readme = (seeds / "README.md").read_text(encoding="utf-8")
    assert not problems
    assert in_readme(readme, generated) == readme, "run `hub coverage --write`"


def test_the_sentence_rule() -> None:
    text = "Kop\n\n  1. Wij doen m.b.t. de regio iets. Ook 2 dingen! Nog één: ja\nEind [PS/1 ]. Dit hier.\n"
    cut = sentences(text)
    assert [s.text for s in cut] == [
        "Kop",
        "Wij doen m.b.t. de regio iets.",
        "Ook 2 dingen!",
        "Nog één: ja",
        "Eind [PS/1 ].",
        "Dit hier.",
    ]
    assert all(text[s.start : s.end] == s.text for s in cut)


def test_a_sentence_with_no_fact_and_no_reason_fails(tmp_path: Path) -> None:
    folder = tmp_path / "seeds" / "source"
    folder.mkdir(parents=True)
    (folder / "report.txt").write_text("Kop\n\nWij steunen 2 projecten. Dat is mooi.\n", encoding="utf-8")
    (folder / "00.yaml").write_text(
        "source: report\nnodes:\n"
        "  - {kind: Document, id: report, name: R, file: report.txt, section: Kop}\n"
        "  - {kind: Fund, id: f, name: F, section: Kop, quotes: ['Wij steunen 2 projecten.']}\n"
        "  - {kind: Fund, id: g, name: G, section: Kop, quotes: ['projecten. Dat']}\n"
    )
    (folder.parent / "coverage.yaml").write_text("reasons: {heading: a heading}\nsentences: {Kop: heading}\n")
    found = coverage(read_network(folder), folder, "report")
    assert found.problems == (
        "g: quote crosses a sentence boundary: 'projecten. Dat'",
        "sentence 3: no fact and no reason: 'Dat is mooi.'",
    )
    assert [row.facts for row in found.rows] == [(), ("f",), ()]
