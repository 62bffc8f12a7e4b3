"""5,000 generated operations (and raw bodies) against a running API, counted by failure class.

The generators are the suite's (`tests/fuzzing.py`, hypothesis-graphql over the schema, half
valid operations and half with one violation each), run here without a time budget. The API is
served by uvicorn as `cadence serve` runs it, on the bundled database in a temporary folder; an
attacker runner sends everything, with ID arguments drawn from its own ids and a victim's.
Failure classes: 5xx, "Unexpected error.", reset connections, leaked traces, the victim's data.

`.venv/bin/python bench/fuzz_by_hand.py [--operations 5000] [--bodies 1000] [--seed N]`
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import httpx
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.clock import SYSTEM_CLOCK
from app.localdb import LocalDatabase
from app.settings import load_settings
from tests.fuzzing import (
    FAILURE_CLASSES,
    Tally,
    World,
    failures_of,
    make_world,
    operations,
    raw_bodies,
    send,
    served_in_process,
)

SENDERS = 4
"""Requests in flight while Hypothesis draws the next ones."""


def run_fuzz(
    world: World,
    client: httpx.Client,
    *,
    count: int,
    seed_value: int,
    strategy: st.SearchStrategy,
    to_request: Callable[[object], tuple[str, bytes, str]],
) -> Tally:
    """Draw `count` examples with the seed, send each, and tally the failures."""
    tally = Tally()
    lock = threading.Lock()
    pending: list[Future[None]] = []
    started = time.monotonic()

    def deliver(shown: str, body: bytes, content_type: str) -> None:
        failures = failures_of(send(client, body, content_type), world.victim_markers)
        with lock:
            tally.add(shown, failures)
            if tally.sent % 500 == 0:
                elapsed = time.monotonic() - started
                print(f"  {tally.sent} sent in {elapsed:.0f} s", flush=True)

    with ThreadPoolExecutor(SENDERS) as pool:

        @seed(seed_value)
        @settings(
            max_examples=count,
            deadline=None,
            database=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(strategy)
        def draw(drawn: object) -> None:
            pending.append(pool.submit(deliver, *to_request(drawn)))

        draw()
        for future in pending:
            future.result()
    return tally


def report(title: str, tally: Tally) -> None:
    print(f"{title}: {tally.sent} sent")
    for failure in FAILURE_CLASSES:
        print(f"  {failure:22} {tally.failures.get(failure, 0)}")
    for failure, example in tally.examples.items():
        print(f"  first {failure}: {example[:200]!r}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--operations", type=int, default=5000)
    parser.add_argument("--bodies", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20261130)
    args = parser.parse_args()

    base = load_settings()
    with tempfile.TemporaryDirectory() as folder:
        localdb = LocalDatabase(base.localdb_server, Path(folder) / "db")
        uri = localdb.start()
        try:
            settings = load_settings(
                mongodb_uri=uri, database_name="bench_fuzz", data_dir=Path(folder)
            )
            with served_in_process(settings) as url:
                world = asyncio.run(make_world(url, settings, SYSTEM_CLOCK))
                print(f"serving {url}; two runners with plans and runs", flush=True)
                with httpx.Client(
                    base_url=url, headers=world.attacker.headers, timeout=60
                ) as client:
                    started = time.monotonic()
                    generated = run_fuzz(
                        world,
                        client,
                        count=args.operations,
                        seed_value=args.seed,
                        strategy=operations(world),
                        to_request=lambda query: (
                            str(query),
                            httpx.Request("POST", "/", json={"query": query}).content,
                            "application/json",
                        ),
                    )
                    report("generated operations", generated)
                    bodies = run_fuzz(
                        world,
                        client,
                        count=args.bodies,
                        seed_value=args.seed,
                        strategy=raw_bodies(world.ids),
                        to_request=lambda drawn: (repr(drawn[0][:200]), drawn[0], drawn[1]),
                    )
                    report("raw bodies", bodies)
                    print(f"in {time.monotonic() - started:.0f} s")
        finally:
            localdb.stop()
    failed = sum(generated.failures.values()) + sum(bodies.failures.values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
