"""`python -m bench.run [--quick]`: build or reuse the graphs, measure, write bench/results/."""

from __future__ import annotations

import argparse
import asyncio
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import domain, inprocess, loadgen, loading, loadrate, report
from bench.graphs import running
from bench.hub_client import Hub
from hub.config import Settings
from hub.database.driver import open_driver
from hub.seeding.synthetic import Plan

RESULTS = Path(__file__).with_name("results")


@dataclass(frozen=True)
class Mode:
    name: str
    sizes: tuple[int, ...]
    repeat: int
    concurrencies: tuple[int, ...]
    seconds: int


QUICK = Mode("quick", (10_000, 100_000), 20, (1, 8), 3)
FULL = Mode("full", (10_000, 100_000, 1_000_000), 100, (1, 8, 32), 5)


async def measure(settings: Settings, mode: Mode, *, everything: bool) -> dict[str, Any]:
    driver = open_driver(settings)
    hub = Hub(driver, settings)
    try:
        found: dict[str, Any] = {"sizes": await inprocess.size_questions(hub, mode.repeat)}
        if everything:
            found["hub_vs_driver"] = await inprocess.hub_vs_driver(hub, mode.repeat)
            found["fast_vs_core"] = await inprocess.fast_vs_core(hub, mode.repeat)
            found["compiled_vs_naive"] = await inprocess.compiled_vs_naive(hub, mode.repeat)
            found["profile"] = await report.profile(hub)
        return found
    finally:
        await driver.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="10k and 100k only, fewer repetitions")
    mode = QUICK if parser.parse_args().quick else FULL
    results: dict[str, Any] = {"mode": mode.name, "sizes": {}, "build": {}}
    for index, size in enumerate(mode.sizes):
        with running(size) as (settings, built):
            settings = settings.model_copy(update={"hub_max_cost": 100_000_000})
            results["build"][str(size)] = built
            found = asyncio.run(measure(settings, mode, everything=index == 0))
            results["sizes"][str(size)] = found.pop("sizes")
            results.update(found)
            if index == 0:
                results["http"] = loadgen.http_load(settings, mode.concurrencies, mode.seconds)
                results["load_rate"] = loadrate.load_rate(settings, Plan.for_nodes(size).organisations)
            if mode is FULL and size == mode.sizes[-1]:
                results["domain"] = asyncio.run(domain.measure(settings, 20))
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / f"{mode.name}.json").write_text(json.dumps(results, indent=2))
    if mode is FULL:
        results["loading"] = loading.measure(mode.sizes[-1])
        (RESULTS / f"{mode.name}.json").write_text(json.dumps(results, indent=2))
    report.write(results, RESULTS)
    print((RESULTS / f"README-{mode.name}.md").read_text())


if __name__ == "__main__":
    main()
