"""Benchmarks: plain scripts, run with `python -m benchmarks.<name>` from the repository root."""
