"""The catalog and the generated types follow the model declaration."""

from __future__ import annotations

import pytest

from hub.graphql.catalog import CATALOG, Scalar, target_type
from hub.graphql.errors import BadRequest
from hub.graphql.ids import Cursor, global_id, parse_cursor, parse_global_id
from hub.graphql.naming import constant, plural
from hub.graphql.schema import schema
from hub.model import NODE_KINDS, RELATIONSHIP_KINDS
from hub.model.registry import fields_of


def test_every_kind_has_a_type_with_its_properties_and_relationship_fields() -> None:
    for label, kind in NODE_KINDS.items():
        graphql_type = schema.get_type_by_name(label)
        assert graphql_type is not None, label
        names = {field.name for field in graphql_type.fields}  # type: ignore[union-attr]
        properties = set(kind.properties) - {"id", "quotes"}
        assert properties <= names, label
        assert {"id", "slug", "provenance"} <= names and "quotes" not in names
        for name, (rel, outgoing) in fields_of(label).items():
            assert name in names
            if not (rel.single and outgoing):
                assert f"{name}Connection" in names


def test_types_of_values() -> None:
    project = CATALOG["Project"].properties
    assert project["startDate"].scalar is Scalar.DATE
    assert project["projectType"].scalar is Scalar.ENUM
    assert project["projectType"].required
    assert CATALOG["FundingFlow"].properties["amount"].scalar is Scalar.FLOAT
    assert CATALOG["School"].properties["synthetic"].default is False
    assert CATALOG["School"].properties["id"].scalar is Scalar.GLOBAL_ID


def test_relationship_targets_are_a_kind_an_organisation_or_any_entity() -> None:
    assert target_type(RELATIONSHIP_KINDS["MEMBER_OF"].targets) == "Organisation"
    assert target_type(RELATIONSHIP_KINDS["OBSERVES"].targets) == "Indicator"
    assert target_type(RELATIONSHIP_KINDS["FROM"].targets) == "Entity"
    member_of = CATALOG["School"].relations["memberOf"]
    assert member_of.dated and not member_of.single
    assert CATALOG["FundingFlow"].relations["funder"].single


def test_organisation_interface_shares_the_fields_of_every_organisation_kind() -> None:
    organisation = CATALOG["Organisation"]
    assert set(organisation.labels) == {label for label, kind in NODE_KINDS.items() if kind.organisation}
    assert "memberOf" in organisation.relations
    for label in organisation.labels:
        for name in organisation.relations:
            assert CATALOG[label].relations[name] == organisation.relations[name]


def test_naming() -> None:
    assert plural("Person") == "people"
    assert plural("Company") == "companies"
    assert plural("FundingFlow") == "fundingFlows"
    assert constant("startDate") == "START_DATE"


def test_global_ids_round_trip_and_reject_foreign_ones() -> None:
    text = global_id("School", "universiteit-twente")
    assert parse_global_id(text).slug == "universiteit-twente"
    for bad in ("nonsense!", global_id("Nope", "x"), "U2Nob29sOg"):
        with pytest.raises(BadRequest):
            parse_global_id(bad)


def test_cursors_round_trip_and_belong_to_their_sort() -> None:
    import datetime as dt

    cursor = Cursor(("startDate:ASC", "id:ASC"), (dt.date(2018, 1, 1), "talent-it"))
    assert parse_cursor(str(cursor), cursor.keys) == cursor
    with pytest.raises(BadRequest, match="another orderBy"):
        parse_cursor(str(cursor), ("name:ASC", "id:ASC"))
    with pytest.raises(BadRequest):
        parse_cursor("bm90IGpzb24", cursor.keys)
