"""Timing helpers: percentiles and repeated measurement."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100) by nearest rank."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def summary(ms: list[float]) -> dict[str, float]:
    return {"p50": round(percentile(ms, 50), 3), "p95": round(percentile(ms, 95), 3), "n": len(ms)}


BUDGET_S = 6.0
"""Stop repeating a measurement after this long (once it has at least MIN_SAMPLES)."""
MIN_SAMPLES = 3


async def wall_ms(call: Callable[[], Awaitable[Any]], repeat: int, warmup: int = 1) -> list[float]:
    """Wall-clock ms of up to `repeat` awaited calls (time-boxed), after `warmup` unmeasured ones."""
    for _ in range(warmup):
        await call()
    times: list[float] = []
    deadline = time.perf_counter() + BUDGET_S
    while len(times) < repeat and (len(times) < MIN_SAMPLES or time.perf_counter() < deadline):
        started = time.perf_counter()
        await call()
        times.append((time.perf_counter() - started) * 1000)
    return times


async def paired_wall_ms(
    first: Callable[[], Awaitable[Any]], second: Callable[[], Awaitable[Any]], repeat: int
) -> tuple[list[float], list[float]]:
    """Wall-clock ms of two calls measured alternately, so both see the same machine (time-boxed)."""
    await first()
    await second()
    times: tuple[list[float], list[float]] = ([], [])
    deadline = time.perf_counter() + 2 * BUDGET_S
    while len(times[0]) < repeat and (len(times[0]) < MIN_SAMPLES or time.perf_counter() < deadline):
        for call, into in ((first, times[0]), (second, times[1])):
            started = time.perf_counter()
            await call()
            into.append((time.perf_counter() - started) * 1000)
    return times


async def cpu_ms(call: Callable[[], Awaitable[Any]], repeat: int, warmup: int = 1) -> list[float]:
    """Process CPU milliseconds per awaited call (the database's own time is not counted)."""
    for _ in range(warmup):
        await call()
    times = []
    for _ in range(repeat):
        started = time.process_time()
        await call()
        times.append((time.process_time() - started) * 1000)
    return times
