"""Benchmarks of the fitness maths: `.venv/bin/python bench/fitness.py` from the repository root.

Prints the median CPU and wall time, in milliseconds, of the performance management chart over
five years of daily loads (1826 days). The budget is 50 ms of CPU.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from app.fitness.load import pmc

FIVE_YEARS_DAYS = 1826
PMC_BUDGET_MS = 50.0
RUNS = 21


@dataclass(frozen=True)
class Timing:
    """Median CPU and wall time of a benchmark's runs, in milliseconds."""

    name: str
    cpu_ms: float
    wall_ms: float
    runs: int
    budget_cpu_ms: float


def measure(name: str, work: Callable[[], object], budget_cpu_ms: float, runs: int) -> Timing:
    """Median CPU (process_time) and wall (perf_counter) time of `runs` calls of `work`."""
    cpu_ms: list[float] = []
    wall_ms: list[float] = []
    for _ in range(runs):
        cpu_start = time.process_time()
        wall_start = time.perf_counter()
        work()
        wall_ms.append((time.perf_counter() - wall_start) * 1000.0)
        cpu_ms.append((time.process_time() - cpu_start) * 1000.0)
    return Timing(name, statistics.median(cpu_ms), statistics.median(wall_ms), runs, budget_cpu_ms)


def bench_pmc(runs: int = RUNS) -> Timing:
    """Time the PMC over five years of daily loads: rest days, easy days and a few long ones."""
    rng = random.Random(20_240_601)
    daily_loads = [
        0.0 if rng.random() < 0.15 else rng.uniform(30.0, 120.0) * rng.choice((1.0, 1.0, 1.8))
        for _ in range(FIVE_YEARS_DAYS)
    ]
    return measure(f"pmc, {FIVE_YEARS_DAYS} days", lambda: pmc(daily_loads), PMC_BUDGET_MS, runs)


def main() -> None:
    """Run every benchmark and print its median times."""
    for timing in (bench_pmc(),):
        verdict = "within" if timing.cpu_ms < timing.budget_cpu_ms else "OVER"
        print(
            f"{timing.name}: median {timing.cpu_ms:.3f} ms CPU, {timing.wall_ms:.3f} ms wall "
            f"over {timing.runs} runs ({verdict} the {timing.budget_cpu_ms:.0f} ms CPU budget)"
        )


if __name__ == "__main__":
    main()
