"""Fuzzing the running app: schema-generated operations and raw bodies, with a fixed seed.

Each test sends a fixed number of drawn requests (not "as many as fit in a time budget": a busy
machine would then send too few to mean anything); the seed makes every run send the same
requests. `bench/fuzz_by_hand.py` runs 5,000 operations with the same generators and prints
the counts.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from app.clock import Clock
from app.settings import Settings
from tests.fuzzing import (
    Tally,
    World,
    failures_of,
    make_world,
    operations,
    raw_bodies,
    send,
    served_in_process,
)

SEED = 20261130
OPERATIONS = 150
RAW_BODIES = 150
"""About 10 s each on a quiet machine."""
ENOUGH = 100
"""Hypothesis may draw fewer than asked (duplicates are not sent twice); fewer than this would
mean the generators stopped producing requests."""
FUZZ_SETTINGS = settings(
    deadline=None,
    database=None,
    phases=[Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module")
def world(settings: Settings, clock: Clock) -> Iterator[World]:
    with served_in_process(settings) as url:
        yield asyncio.run(make_world(url, settings, clock))


@pytest.fixture(scope="module")
def attacker_client(world: World) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=world.url, headers=world.attacker.headers, timeout=30) as client:
        yield client


def fuzz(world: World, examples: int, strategy: st.SearchStrategy, sender) -> Tally:
    """Send `examples` requests drawn from `strategy`; the tally of failures."""
    tally = Tally()

    @seed(SEED)
    @settings(FUZZ_SETTINGS, max_examples=examples)
    @given(strategy)
    def run(drawn: object) -> None:
        request, response = sender(drawn)
        tally.add(request, failures_of(response, world.victim_markers))

    run()
    return tally


class TestFuzz:
    def test_generated_operations(self, world: World, attacker_client: httpx.Client):
        def sender(query: str) -> tuple[str, httpx.Response | None]:
            body = httpx.Request("POST", "/", json={"query": query}).content
            return query, send(attacker_client, body)

        tally = fuzz(world, OPERATIONS, operations(world), sender)
        assert tally.sent >= ENOUGH, tally.sent
        assert dict(tally.failures) == {}, tally.examples

    def test_raw_bodies(self, world: World, attacker_client: httpx.Client):
        def sender(drawn: tuple[bytes, str]) -> tuple[str, httpx.Response | None]:
            body, content_type = drawn
            return repr(body[:200]), send(attacker_client, body, content_type)

        tally = fuzz(world, RAW_BODIES, raw_bodies(world.ids), sender)
        assert tally.sent >= ENOUGH, tally.sent
        assert dict(tally.failures) == {}, tally.examples
