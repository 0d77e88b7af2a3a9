"""(6) Synthetic load rate, with or without neo4j-rust-ext: run as a subprocess so that the extension
can be hidden before the driver is imported (`--no-rust`). Reseeding with the same seed gives the same
graph, so the benchmark graph is unchanged afterwards. Prints one line of JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from hub.config import Settings


def main() -> None:
    uri, password, organisations, rust = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "rust"
    if not rust:
        sys.modules["neo4j._rust"] = None  # type: ignore[assignment]
    import asyncio

    from hub.config import load_settings
    from hub.database.driver import open_driver
    from hub.seeding.run import seed_graph
    from hub.seeding.validation import read_network

    settings = load_settings(neo4j_uri=uri, neo4j_password=password, _env_file=None)

    async def load() -> dict[str, Any]:
        import neo4j._codec.packstream.v1 as packstream

        driver = open_driver(settings)
        try:
            network = read_network(settings.hub_seeds_dir / "source")
            seeded = await seed_graph(
                driver, settings.neo4j_database, network, organisations=organisations, random_seed=42
            )
        finally:
            await driver.close()
        loaded = seeded.synthetic
        assert loaded is not None
        return {
            "rust": packstream._rust_pack is not None,
            "nodes": loaded.nodes,
            "relationships": loaded.relationships,
            "seconds": round(loaded.seconds, 3),
            "rate": round(loaded.rate),
        }

    print(json.dumps(asyncio.run(load())))


def load_rate(settings: Settings, organisations: int) -> dict[str, Any]:
    """The load rate of the synthetic layer with and without the Rust extension."""
    results = {}
    for mode in ("rust", "python"):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.loadrate",
                settings.bolt_uri,
                settings.neo4j_password,
                str(organisations),
                mode,
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=1800,
        )
        results[mode] = json.loads(done.stdout.strip().splitlines()[-1])
    return results


if __name__ == "__main__":
    main()
