"""Fuzzing the running app: schema-generated operations and raw bodies, with a fixed seed.

Each test stops sending after its time budget (the whole module stays under a minute on a
shared machine); the seed makes every run send the same requests. `bench/fuzz_by_hand.py`
runs 5,000 operations with the same generators and prints the counts.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
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
OPERATIONS_BUDGET_S = 20
RAW_BODIES_BUDGET_S = 8
ENOUGH = 30
"""Fewer requests than this in the budget would mean nothing (the machine is shared)."""
FUZZ_SETTINGS = settings(
    max_examples=300,  # on a quiet machine; on a busy one the time budget ends the run first
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


class _BudgetSpentError(Exception):
    """Ends a Hypothesis run once its time budget is spent (it has no stop of its own)."""


def fuzz(world: World, budget_s: float, strategy: st.SearchStrategy, sender) -> Tally:
    """Send what `strategy` draws until the budget runs out; the tally of failures."""
    tally = Tally()
    stop = time.monotonic() + budget_s

    @seed(SEED)
    @FUZZ_SETTINGS
    @given(strategy)
    def run(drawn: object) -> None:
        if time.monotonic() > stop:
            raise _BudgetSpentError
        request, response = sender(drawn)
        tally.add(request, failures_of(response, world.victim_markers))

    with contextlib.suppress(_BudgetSpentError):
        run()
    return tally


class TestFuzz:
    def test_generated_operations(self, world: World, attacker_client: httpx.Client):
        def sender(query: str) -> tuple[str, httpx.Response | None]:
            body = httpx.Request("POST", "/", json={"query": query}).content
            return query, send(attacker_client, body)

        tally = fuzz(world, OPERATIONS_BUDGET_S, operations(world), sender)
        assert tally.sent >= ENOUGH, tally.sent
        assert dict(tally.failures) == {}, tally.examples

    def test_raw_bodies(self, world: World, attacker_client: httpx.Client):
        def sender(drawn: tuple[bytes, str]) -> tuple[str, httpx.Response | None]:
            body, content_type = drawn
            return repr(body[:200]), send(attacker_client, body, content_type)

        tally = fuzz(world, RAW_BODIES_BUDGET_S, raw_bodies(world.ids), sender)
        assert tally.sent >= ENOUGH, tally.sent
        assert dict(tally.failures) == {}, tally.examples
