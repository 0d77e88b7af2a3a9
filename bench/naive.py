"""A naive resolver-per-field implementation of three operations, for comparison with the compiler:
every list, every object's properties and every relationship is its own round trip (N+1)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, LiteralString

from neo4j import AsyncDriver, RoutingControl


class Naive:
    """Counts round trips; each method returns the operation's data."""

    def __init__(self, driver: AsyncDriver, database: str) -> None:
        self.driver = driver
        self.database = database
        self.round_trips = 0

    async def rows(self, statement: LiteralString, **parameters: Any) -> list[dict[str, Any]]:
        self.round_trips += 1
        records, _, _ = await self.driver.execute_query(
            statement, parameters, database_=self.database, routing_=RoutingControl.READ
        )
        return [record.data() for record in records]

    async def node(self, id_: str, *fields: str) -> dict[str, Any]:
        """One object's properties: what a per-object resolver fetches."""
        rows = await self.rows("MATCH (n:Entity {id: $id}) RETURN properties(n) AS p", id=id_)
        props = rows[0]["p"]
        return {field: props.get(field) for field in fields} | {"slug": id_}

    async def incoming(self, id_: str, type_: LiteralString) -> list[dict[str, Any]]:
        statement: LiteralString = (
            "MATCH (n:Entity {id: $id})<-[r:"
            + type_
            + "]-(m) RETURN m.id AS id, properties(r) AS r ORDER BY id"
        )
        return await self.rows(statement, id=id_)

    async def outgoing_one(self, id_: str, type_: LiteralString) -> str | None:
        statement: LiteralString = "MATCH (n:Entity {id: $id})-[:" + type_ + "]->(m) RETURN m.id AS id"
        rows = await self.rows(statement, id=id_)
        return rows[0]["id"] if rows else None

    async def flow(self, id_: str) -> dict[str, Any]:
        flow = await self.node(id_, "status", "amount")
        for field, type_ in (("funder", "FROM"), ("recipient", "TO")):
            end = await self.outgoing_one(id_, type_)
            flow[field] = await self.node(end, "name") if end else None
        return flow

    async def ppp_applications(self, _: dict[str, Any] | None) -> Any:
        ids = await self.rows(
            "MATCH (p:Project {projectType: 'public_private_partnership', status: 'applied',"
            " synthetic: false}) RETURN p.id AS id ORDER BY p.name"
        )
        projects = []
        for row in ids:
            project = await self.node(row["id"], "name")
            project["leaders"] = [
                await self.node(r["id"], "name") for r in await self.incoming(row["id"], "LEADS")
            ]
            project["funding"] = [await self.flow(r["id"]) for r in await self.incoming(row["id"], "FOR")]
            projects.append(project)
        return projects

    async def pact_members_as_of(self, variables: dict[str, Any] | None) -> Any:
        assert variables is not None
        pact = await self.node(variables["slug"], "name")
        members = []
        for row in await self.incoming(variables["slug"], "MEMBER_OF"):
            member = await self.node(row["id"], "name")
            members.append({"properties": row["r"], "node": member})
        pact["members"] = members
        return pact

    async def funding_by_status(self, variables: dict[str, Any] | None) -> Any:
        assert variables is not None
        flows = await self.rows(
            "MATCH (f:FundingFlow)-[:FROM]->(:Entity {id: $funder}) RETURN f.id AS id",
            funder=variables["funder"],
        )
        groups: dict[str, dict[str, Any]] = {}
        for row in flows:
            flow = await self.node(row["id"], "status", "amount")
            group = groups.setdefault(
                flow["status"], {"count": 0, "totalAmount": 0.0, "unknownAmountCount": 0}
            )
            group["count"] += 1
            if flow["amount"] is None:
                group["unknownAmountCount"] += 1
            else:
                group["totalAmount"] += flow["amount"]
        return groups

    def operations(self) -> dict[str, Callable[[dict[str, Any] | None], Awaitable[Any]]]:
        return {
            "ppp-applications": self.ppp_applications,
            "pact-members-as-of": self.pact_members_as_of,
            "funding-by-status": self.funding_by_status,
        }
