// The kinds the report's remaining facts needed (issue 15): one node per id within each.

CREATE CONSTRAINT other_organisation_id IF NOT EXISTS FOR (n:OtherOrganisation) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT decision_id IF NOT EXISTS FOR (n:Decision) REQUIRE n.id IS UNIQUE;
