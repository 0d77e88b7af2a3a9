"""The registry of persisted operations, request resolution, and `hub queries check`."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from graphql import get_introspection_query
from typer.testing import CliRunner

from hub.cli.main import app
from hub.config import load_settings
from hub.persisted.registry import RegistryError, document_hash, load_registry
from hub.persisted.resolve import Refusal, resolve

QUERIES = load_settings(_env_file=None).hub_queries_dir
REGISTRY = load_registry(QUERIES)
EGO = REGISTRY.by_name["EgoNetwork"]


def test_every_file_is_registered_by_name_and_by_the_hash_of_its_bytes() -> None:
    assert len(REGISTRY.by_name) == len(list(QUERIES.rglob("*.graphql")))
    assert EGO.sha256 == hashlib.sha256(EGO.path.read_bytes()).hexdigest() == document_hash(EGO.document)
    assert REGISTRY.by_hash[EGO.sha256] is EGO


def test_duplicate_names_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a.graphql").write_text("query Same { version }")
    (tmp_path / "b.graphql").write_text("query Same { __typename }")
    with pytest.raises(RegistryError, match=r"b\.graphql: operation Same is already in a\.graphql"):
        load_registry(tmp_path)


def hashed(digest: str, **params: object) -> dict[str, object]:
    return {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": digest}}, **params}


@pytest.mark.parametrize("ad_hoc", [True, False])
def test_by_name_or_hash_the_registered_document_runs(ad_hoc: bool) -> None:
    assert resolve(REGISTRY, {"operationName": "EgoNetwork"}, ad_hoc=ad_hoc) == EGO.document
    assert resolve(REGISTRY, hashed(EGO.sha256), ad_hoc=ad_hoc) == EGO.document
    assert resolve(REGISTRY, hashed(EGO.sha256, query=EGO.document), ad_hoc=ad_hoc) is None
    assert resolve(REGISTRY, {"query": EGO.document}, ad_hoc=ad_hoc) is None


def test_ad_hoc_documents_only_with_the_capability() -> None:
    assert resolve(REGISTRY, {"query": "{ version }"}, ad_hoc=True) is None
    with pytest.raises(Refusal) as refused:
        resolve(REGISTRY, {"query": "{ version }"}, ad_hoc=False)
    assert (refused.value.status, refused.value.code) == (403, "PERSISTED_QUERY_REQUIRED")
    with pytest.raises(Refusal, match="only persisted operations"):
        resolve(REGISTRY, {"query": EGO.document + " "}, ad_hoc=False)


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"operationName": "Nope"}, "PERSISTED_QUERY_NOT_FOUND"),
        (hashed("0" * 64), "PERSISTED_QUERY_NOT_FOUND"),
        (hashed(EGO.sha256, query="{ version }"), "PERSISTED_QUERY_HASH_MISMATCH"),
        (hashed("XYZ"), "PERSISTED_QUERY_INVALID"),
        (
            {"extensions": {"persistedQuery": {"version": 2, "sha256Hash": EGO.sha256}}},
            "PERSISTED_QUERY_INVALID",
        ),
        ({"extensions": "{not json", "operationName": "EgoNetwork"}, "INVALID_JSON"),
    ],
)
def test_refusals_in_every_mode(params: dict[str, object], code: str) -> None:
    with pytest.raises(Refusal) as refused:
        resolve(REGISTRY, params, ad_hoc=True)
    assert refused.value.code == code


def test_check_passes_on_queries() -> None:
    result = CliRunner().invoke(app, ["queries", "check", str(QUERIES)])
    assert result.exit_code == 0, result.output
    assert f"{len(REGISTRY.by_name)} operations" in result.output


def test_check_reports_one_line_per_problem(tmp_path: Path) -> None:
    (tmp_path / "good.graphql").write_text(
        "query Good($first: Int!) { companies(first: $first) { totalCount } }"
    )
    (tmp_path / "good.variables.json").write_text('{"first": "ten", "extra": 1}')
    (tmp_path / "twin.graphql").write_text("query Good { version }")
    (tmp_path / "broken.graphql").write_text("query Broken {")
    (tmp_path / "unknown.graphql").write_text("query Unknown { noSuchField }")
    (tmp_path / "coerce.graphql").write_text(
        "query Coerce($first: Int!) { companies(first: $first) { totalCount } }"
    )
    (tmp_path / "coerce.variables.json").write_text('{"first": "ten"}')
    (tmp_path / "orphan.variables.json").write_text("{}")
    result = CliRunner().invoke(app, ["queries", "check", str(tmp_path)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("broken.graphql: syntax error")
    assert any(
        line.startswith("coerce.variables.json: Variable '$first' has invalid value") for line in lines
    )
    assert "good.variables.json: $extra is not declared" in lines
    assert "twin.graphql: operation Good is already in good.graphql" in lines
    assert any(
        line.startswith("unknown.graphql: line 1:17: Cannot query field 'noSuchField'") for line in lines
    )
    assert "orphan.variables.json: no .graphql file of that name" in lines


def test_introspection_may_be_sent_ad_hoc_only_by_whoever_may_introspect() -> None:
    introspection = {"query": get_introspection_query()}
    assert resolve(REGISTRY, introspection, ad_hoc=False, introspection=True) is None
    with pytest.raises(Refusal, match="only persisted operations"):
        resolve(REGISTRY, introspection, ad_hoc=False)
    with pytest.raises(Refusal, match="only persisted operations"):
        resolve(REGISTRY, {"query": "{ __typename version }"}, ad_hoc=False, introspection=True)
