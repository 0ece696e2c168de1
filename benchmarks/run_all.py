"""Run every benchmark (`benchmarks/bench_*.py`) one after the other, with its default arguments.

    python -m benchmarks.run_all [NAME ...]      e.g. `python -m benchmarks.run_all calendar`

Each runs in its own interpreter, as `python -m benchmarks.bench_<name>`, so one benchmark's
caches and database connections cannot flatter the next. Those that need PostgreSQL read
DATABASE_URL themselves. Exits non-zero if any benchmark failed.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    names = sorted(path.stem.removeprefix("bench_") for path in HERE.glob("bench_*.py"))
    unknown = sorted(set(argv) - set(names))
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(names)}", file=sys.stderr)
        return 2
    failed = []
    for name in argv or names:
        print(f"== bench_{name} ==", flush=True)
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", f"benchmarks.bench_{name}"], cwd=HERE.parent)
        print(f"== bench_{name}: exit {result.returncode}, {time.perf_counter() - started:.1f} s ==\n", flush=True)
        if result.returncode:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
