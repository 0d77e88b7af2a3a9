"""Strawberry types generated from the catalog: enums, filter and sort inputs, nodes and connections."""
