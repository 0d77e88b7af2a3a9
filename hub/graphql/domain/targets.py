"""`targetProgress`: targets with the observations of their indicator over time, and how far off they are."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Annotated, Any

import strawberry

from hub.graphql import cost
from hub.graphql.context import Context
from hub.graphql.cypher.access import read, shown
from hub.graphql.cypher.fragments import ref
from hub.graphql.cypher.scope import Scope, Statement
from hub.graphql.cypher.viewer import Viewer, viewer_of
from hub.graphql.domain.question import ask, missing
from hub.graphql.domain.refs import EntityRef, entity_fields, named, node_id

PRICE = (
    f"{cost.counted(['Target', 'Observation'])}"
    f" + {cost.related(['HAS_TARGET', 'CONTRIBUTES_TO', 'OBSERVES', 'IN_AREA', 'MEASURED_BY', 'TREND_FOR'])}"
)
"""Every target and observation, and the relationships that tie them to indicators, areas and setters."""


@lru_cache(maxsize=256)
def statement(viewer: Viewer) -> Statement:
    scope = Scope(viewer)

    def values(var: str, kind: str, *props: str) -> dict[str, str]:
        return {prop: read(scope, var, (kind,), prop) for prop in props}

    of_observation = values(
        "o", "Observation", "periodStart", "periodEnd", "value", "unit", "level", "qualifier"
    )
    observation = ref(scope, "o", **of_observation, area=ref(scope, "place"), indicator=ref(scope, "i"))
    of_target = values("t", "Target", "value", "unit", "year", "description")
    target = ref(scope, "t", **of_target)
    by_period = ", ".join(of_observation[prop] for prop in ("periodEnd", "periodStart", "level"))
    indicator = ref(scope, "indicator", **values("indicator", "Indicator", "unit"))
    trend = ref(scope, "i", **values("i", "Indicator", "unit"), quotes="r.quotes")
    return scope.statement(f"""
OPTIONAL MATCH (subject:Entity {{id: $id}}) WHERE {shown(scope, "subject")}
WITH subject, {PRICE} AS estimate
OPTIONAL CALL (subject, estimate) {{
  WITH subject WHERE estimate <= {cost.LIMIT}
  MATCH (t:Target)
  WHERE ($id IS NULL OR t = subject OR EXISTS {{ (subject)-[:HAS_TARGET]->(t) }})
    AND {shown(scope, "t", ("Target",))}
  OPTIONAL MATCH (t)-[:MEASURED_BY]->(indicator:Indicator) WHERE {shown(scope, "indicator", ("Indicator",))}
  OPTIONAL MATCH (t)-[:IN_AREA]->(area) WHERE {shown(scope, "area")}
  CALL (t, indicator) {{
    OPTIONAL MATCH (o:Observation)-[:OBSERVES]->(i:Indicator)
    WHERE (i = indicator OR EXISTS {{ (i)-[:TREND_FOR]->(t) }})
      AND {shown(scope, "o", ("Observation",))} AND {shown(scope, "i", ("Indicator",))}
    OPTIONAL MATCH (o)-[:IN_AREA]->(place) WHERE {shown(scope, "place")}
    WITH o, place, i ORDER BY {by_period}, o.id
    RETURN collect({observation}) AS observations
  }}
  WITH t, indicator, area, observations ORDER BY {of_target["year"]}, t.name, t.id
  RETURN collect({{
    target: {target},
    indicator: {indicator},
    area: {ref(scope, "area")},
    setBy: COLLECT {{ MATCH (s)-[:HAS_TARGET]->(t) WHERE {shown(scope, "s")} WITH s ORDER BY s.name
                      RETURN {ref(scope, "s")} }},
    contributors: COLLECT {{ MATCH (c)-[:CONTRIBUTES_TO]->(t) WHERE {shown(scope, "c")} WITH c ORDER BY c.name
                             RETURN {ref(scope, "c")} }},
    trends: COLLECT {{ MATCH (i:Indicator)-[r:TREND_FOR]->(t) WHERE {shown(scope, "i", ("Indicator",))}
                       WITH i, r ORDER BY i.name
                       RETURN {trend} }},
    observations: observations
  }}) AS targets
}}
RETURN estimate AS {cost.ESTIMATE}, {ref(scope, "subject")} AS subject, targets
""")


@strawberry.type(description="A measure observed over time.")
class IndicatorRef(EntityRef):
    unit: str


@strawberry.type(
    description="An indicator whose trend the source follows for a target, and its words for it."
)
class TrendRef(IndicatorRef):
    quotes: list[str] = strawberry.field(description="The source's words that tie the trend to the target.")


@strawberry.type(description="One value (or qualitative statement) of an indicator for a period.")
class ObservationPoint(EntityRef):
    period_start: int
    period_end: int
    value: float | None = strawberry.field(
        description="Null where the source only describes the development."
    )
    unit: str | None
    level: str | None = strawberry.field(
        description="The school level observed (po, vo, mbo, hbo, wo); null for all."
    )
    qualifier: str | None = strawberry.field(description="The source's own words about the value.")
    area: EntityRef | None
    indicator: EntityRef = strawberry.field(
        description="What it observes: the target's indicator, or one of its trend indicators."
    )

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> ObservationPoint:
        return cls(
            **entity_fields(row),
            period_start=row["periodStart"],
            period_end=row["periodEnd"],
            value=row["value"],
            unit=row["unit"],
            level=row["level"],
            qualifier=row["qualifier"],
            area=EntityRef.maybe(row["area"]),
            indicator=EntityRef.from_row(row["indicator"]),
        )

    @property
    def period(self) -> str:
        return (
            str(self.period_end)
            if self.period_start == self.period_end
            else f"{self.period_start}-{self.period_end}"
        )

    def describe(self) -> str:
        figure = f"{self.value:g} {self.unit or ''}".strip() if self.value is not None else None
        words = "; ".join(part for part in (figure, self.qualifier) if part)
        where = f" {self.area.name}" if self.area else ""
        return f"{self.level or 'all levels'}{where} {self.period}: {words}"


@strawberry.type(
    description="A target, the observations of its indicator, and the gap where the figures allow."
)
class TargetProgress:
    target: EntityRef
    description: str | None
    value: float = strawberry.field(description="The target value, in `unit`.")
    unit: str
    year: int | None = strawberry.field(description="The year the target is for; null where none is named.")
    indicator: IndicatorRef | None
    area: EntityRef | None
    set_by: list[EntityRef]
    contributors: list[EntityRef] = strawberry.field(
        description="Projects, campaigns, programmes and pacts contributing."
    )
    trends: list[TrendRef] = strawberry.field(
        description="Indicators whose trend the source follows for the target (TREND_FOR), with its words."
    )
    observations: list[ObservationPoint] = strawberry.field(
        description="Of its indicator and of its trend indicators, oldest first."
    )
    latest: ObservationPoint | None = strawberry.field(
        description="The most recent figure comparable with the target: same unit and area, all levels."
    )
    gap: float | None = strawberry.field(description="Target value minus the latest comparable figure.")
    note: str = strawberry.field(description="What the figures say about progress, and what they do not.")


def _comparable(
    target: Mapping[str, Any], indicator: IndicatorRef | None, area: EntityRef | None, point: ObservationPoint
) -> bool:
    """A figure of the target's own indicator (not a trend's), in its unit, for all levels and its area."""
    same_area = area is None or point.area is None or point.area.id == area.id
    own = indicator is not None and point.indicator.id == indicator.id
    return (
        own and point.value is not None and point.unit == target["unit"] and point.level is None and same_area
    )


def _note(
    target: Mapping[str, Any],
    indicator: IndicatorRef | None,
    points: Sequence[ObservationPoint],
    latest: ObservationPoint | None,
) -> str:
    goal = f"{target['value']:g} {target['unit']}" + (f" in {target['year']}" if target["year"] else "")
    if indicator is None:
        return f"The target is {goal}; no indicator is linked to it, so progress cannot be followed."
    if not points:
        return f"The target is {goal}; the sources give no observation of {indicator.name} yet."
    if latest is None:
        said: dict[str, list[str]] = {}
        for point in points:
            said.setdefault(point.indicator.name, []).append(point.describe())
        seen = " ".join(f"What they say of {name}: {'; '.join(items)}." for name, items in said.items())
        return (
            f"The target is {goal}; the sources give no figure of {indicator.name} in {target['unit']} "
            f"for all levels, so the gap cannot be computed. {seen}"
        )
    assert latest.value is not None
    gap = target["value"] - latest.value
    status = "reached" if gap <= 0 else f"{gap:g} {target['unit']} to go"
    figure = f"{latest.value:g} {latest.unit} ({latest.period})"
    return f"The target is {goal}; the latest figure is {figure}: {status}."


def _progress(row: Mapping[str, Any]) -> TargetProgress:
    target = row["target"]
    indicator = (
        IndicatorRef(**entity_fields(row["indicator"]), unit=row["indicator"]["unit"])
        if row["indicator"]
        else None
    )
    area = EntityRef.maybe(row["area"])
    points = [ObservationPoint.from_row(point) for point in row["observations"]]
    comparable = [point for point in points if _comparable(target, indicator, area, point)]
    latest = comparable[-1] if comparable else None
    return TargetProgress(
        target=EntityRef.from_row(target),
        description=target["description"],
        value=target["value"],
        unit=target["unit"],
        year=target["year"],
        indicator=indicator,
        area=area,
        set_by=[EntityRef.from_row(node) for node in row["setBy"]],
        contributors=[EntityRef.from_row(node) for node in row["contributors"]],
        trends=[
            TrendRef(**entity_fields(node), unit=node["unit"], quotes=node["quotes"] or [])
            for node in row["trends"]
        ],
        observations=points,
        latest=latest,
        gap=None if latest is None or latest.value is None else target["value"] - latest.value,
        note=_note(target, indicator, points, latest),
    )


async def target_progress(
    info: strawberry.Info[Context, None],
    id: Annotated[
        strawberry.ID | None,
        strawberry.argument(description="A target, or who sets targets: its slug or global id."),
    ] = None,
) -> list[TargetProgress]:
    """Every target, or the target `id`, or the targets the node `id` sets (slug or global id)."""
    row = await ask(info, statement(viewer_of(info.context)), id=None if id is None else node_id(id, "id"))
    assert row is not None
    if id is not None and not named(id, row["subject"]):
        raise missing(id)
    return [_progress(target) for target in row["targets"]]
