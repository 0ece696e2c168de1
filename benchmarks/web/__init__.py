"""Server-side pieces of benchmarks/bench_web.py (settings and URLs of the measured server)."""
