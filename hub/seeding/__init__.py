"""Seeding the graph: the source network from `seeds/source/*.yaml`, and a synthetic layer around it.

files -> records -> validation (a Network, or every error at once) -> source (one MERGE transaction);
synthetic (a deterministic generator) -> bulk (batched CREATE); run ties them together; stats counts.
"""
