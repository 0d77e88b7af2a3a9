"""Benchmark: stream a synthetic layer of N nodes into a Neo4j and record nodes + relationships per second.

    .venv/bin/python bench/synthetic_load.py                    # about 100,000 nodes
    .venv/bin/python bench/synthetic_load.py --nodes 1000000    # about 1,000,000 nodes

Connects to NEO4J_URI (default: the local Neo4j of `hub neo4j start`) with NEO4J_PASSWORD, applies the
migrations, seeds the source network, replaces the synthetic layer and writes
bench/results/synthetic_load.json.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import platform
import time
from pathlib import Path
from typing import Any

import orjson
from neo4j import AsyncDriver

from hub.config import load_settings
from hub.database import migrations
from hub.database.driver import open_driver
from hub.seeding.bulk import BATCH_SIZE, create_synthetic, delete_synthetic
from hub.seeding.source import write_network
from hub.seeding.synthetic import Anchors, Plan, generate
from hub.seeding.validation import read_network

RESULTS = Path(__file__).resolve().parent / "results" / "synthetic_load.json"


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=100_000, help="synthetic nodes to create (at least)")
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="rows per UNWIND transaction")
    parser.add_argument("--random-seed", type=int, default=42)
    parser.add_argument("--output", type=Path, default=RESULTS)
    return parser.parse_args()


async def run(driver: AsyncDriver, args: argparse.Namespace) -> dict[str, Any]:
    settings = load_settings()
    database = settings.neo4j_database
    await migrations.apply(driver, database, settings.hub_schema_dir)
    network = read_network(settings.hub_seeds_dir / "source")
    await write_network(driver, network, database)
    started = time.perf_counter()
    deleted = (await delete_synthetic(driver, database, args.batch_size)).deleted
    delete_seconds = time.perf_counter() - started
    plan = Plan.for_nodes(args.nodes)
    milestones: dict[int, float] = {}

    def progress(nodes: int, relationships: int) -> None:
        for mark in (100_000, 250_000, 500_000, 1_000_000):
            if nodes >= mark and mark not in milestones:
                milestones[mark] = round(time.perf_counter() - started, 1)
        print(f"\r{nodes:>10,} nodes {relationships:>10,} relationships", end="", flush=True)

    items = generate(Anchors.of(network), plan, args.random_seed)
    started = time.perf_counter()
    loaded = await create_synthetic(driver, database, items, batch_size=args.batch_size, progress=progress)
    print()
    server = await server_facts(driver)
    return {
        "nodes": loaded.nodes,
        "relationships": loaded.relationships,
        "seconds": round(loaded.seconds, 2),
        "rate": round(loaded.rate),
        "seconds_to_nodes": {f"{mark:,}": seconds for mark, seconds in milestones.items()},
        "organisations": plan.organisations,
        "batch_size": args.batch_size,
        "previous_layer_deleted": {"nodes": deleted, "seconds": round(delete_seconds, 2)},
        **server,
        "cpus": os.cpu_count(),
        "load_average_after": list(os.getloadavg()),
        "python": platform.python_version(),
        "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


async def server_facts(driver: AsyncDriver) -> dict[str, Any]:
    """The Neo4j version, its heap and its page cache."""
    version, _, _ = await driver.execute_query(
        "CALL dbms.components() YIELD versions RETURN versions[0] AS v"
    )
    pagecache, _, _ = await driver.execute_query(
        "SHOW SETTINGS YIELD name, value WHERE name = 'server.memory.pagecache.size' RETURN value"
    )
    heap, _, _ = await driver.execute_query(
        "CALL dbms.queryJmx('java.lang:type=Memory') YIELD attributes"
        " RETURN attributes.HeapMemoryUsage.value.properties.max AS max"
    )
    return {
        "neo4j": version[0]["v"],
        "heap_mib": heap[0]["max"] // 2**20,
        "pagecache": pagecache[0]["value"],
    }


async def main() -> None:
    args = arguments()
    driver = open_driver(load_settings())
    try:
        result = await run(driver, args)
    finally:
        await driver.close()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(orjson.dumps(result, option=orjson.OPT_INDENT_2) + b"\n")
    print(
        f"{result['nodes']:,} nodes and {result['relationships']:,} relationships in {result['seconds']} s: "
        f"{result['rate']:,} per second -> {args.output}"
    )


if __name__ == "__main__":
    asyncio.run(main())
