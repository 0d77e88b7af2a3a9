"""What the collector need not look at. The objects a worker made to start (modules, the schema, the model,
the settings) live as long as it does: once it has started they are moved where the cyclic garbage
collector no longer walks them on each full collection (`gc.freeze`). A request makes thousands of objects
that die with it (a page of 1,000 nodes, several hundred thousand): the youngest generation is collected
after `YOUNG` allocations instead of 700, so a response is not walked again and again while it is built."""

from __future__ import annotations

import gc

YOUNG = 50_000
"""Allocations (less deallocations) between collections of the youngest generation."""


def freeze_start_up() -> int:
    """Collect once, freeze everything left and space out the young collections; how many are frozen."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG, *gc.get_threshold()[1:])
    return gc.get_freeze_count()
