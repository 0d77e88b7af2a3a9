"""`python -m bench.loading SIZE`: the load rate of the graph of SIZE synthetic nodes both ways, with Neo4j's
admin tool (`hub.seeding.offline`) and transactionally (`seed_graph`), each into a new database of a
throwaway local Neo4j in .hub/bench/load-<SIZE> (removed afterwards). Prints one line of JSON.

Both count from the source network seeded (migrations and source network are not in either): the admin
tool's cover backup, CSV files, import, Neo4j's restart and the schema built, the transactional ones the
synthetic layer's transactions and its secondary indexes rebuilt. Both generate the synthetic layer as they
load it; "generating" is what generating it alone takes (the same size and seed).
"""

from __future__ import annotations

import asyncio
import json
import shutil
import sys
import time
from collections import deque
from pathlib import Path
from typing import Any

from bench.graphs import RANDOM_SEED, ROOT, figures, seed, server
from hub.config import load_settings
from hub.seeding.synthetic import Anchors, Plan, generate
from hub.seeding.validation import read_network

LOADERS = ("import", "transactional")


def home_of(size: int) -> Path:
    return ROOT / ".hub" / "bench" / f"load-{size}"


def measure(size: int) -> dict[str, Any]:
    """Load the graph of `size` synthetic nodes both ways; the figures of each."""
    home = home_of(size)
    neo4j = server(home)
    neo4j.stop()  # one an interrupted run left
    shutil.rmtree(home, ignore_errors=True)
    results: dict[str, Any] = {"size": size}
    try:
        for loader in LOADERS:
            neo4j.start()
            try:
                used, loaded = asyncio.run(seed(neo4j, size, offline=loader == "import"))
            finally:
                neo4j.stop()
            if used != loader:
                raise RuntimeError(f"the {loader} load was done by {used}")
            results[loader] = figures(loaded)
            shutil.rmtree(neo4j.config.data_dir)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    results["generating"] = round(generating(size), 1)
    return results


def generating(size: int) -> float:
    """Seconds to generate the synthetic layer of `size` nodes alone, as both loaders do."""
    network = read_network(load_settings(_env_file=None).hub_seeds_dir / "source")
    plan = Plan(Plan.for_nodes(size).organisations)
    started = time.perf_counter()
    deque(generate(Anchors.of(network), plan, RANDOM_SEED), maxlen=0)
    return time.perf_counter() - started


def main() -> None:
    print(json.dumps(measure(int(sys.argv[1]))))


if __name__ == "__main__":
    main()
