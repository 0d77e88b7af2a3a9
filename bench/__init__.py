"""Benchmarks of the hub (not tests): `make bench` and `make bench-quick`; results land in bench/results/."""
