"""The refresh that follows imports: off the import's path, one per runner at a time, coalesced."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.clock import FixedClock
from app.fitness.inference import StateRefresher

# The refresher reads the time from the clock it is given, at the moment it runs.
CLOCK = FixedClock(datetime(2027, 3, 28, 1, 30, tzinfo=UTC))


def state_writes(recorder, database: str) -> int:
    return sum(
        1
        for event in recorder.commands
        if event.database_name == database
        and event.command_name == "update"
        and event.command.get("update") == "runners"
    )


class TestStateRefresher:
    async def test_a_burst_of_requests_makes_one_refresh_and_one_more(
        self, repositories, make_account, command_recorder, database_name
    ):
        account = await make_account("burst")
        refresher = StateRefresher(repositories, CLOCK)
        command_recorder.clear()
        for _ in range(5):
            refresher.request(account.runner_id)
        await refresher.drain()
        # The first request runs; the four that came while it ran ask for one more run.
        assert state_writes(command_recorder, database_name) == 2
        runner = await repositories.runners.get(account.runner_id, {"currentState": 1})
        assert runner["currentState"]["updatedAt"] is not None

    async def test_runners_refresh_independently_and_drain_waits_for_all(
        self, repositories, make_account, command_recorder, database_name
    ):
        first, second = await make_account("one"), await make_account("two")
        refresher = StateRefresher(repositories, CLOCK)
        command_recorder.clear()
        refresher.request(first.runner_id)
        refresher.request(second.runner_id)
        await refresher.drain()
        assert state_writes(command_recorder, database_name) == 2
        for account in (first, second):
            runner = await repositories.runners.get(account.runner_id, {"currentState": 1})
            assert runner["currentState"]["updatedAt"] is not None
        # Nothing left running: a later request starts a fresh refresh.
        refresher.request(first.runner_id)
        await refresher.drain()
        assert state_writes(command_recorder, database_name) == 3

    async def test_settled_waits_for_that_runners_refresh(self, repositories, make_account):
        account = await make_account("settle")
        refresher = StateRefresher(repositories, CLOCK)
        refresher.request(account.runner_id)
        await refresher.settled(account.runner_id)
        runner = await repositories.runners.get(account.runner_id, {"currentState": 1})
        assert runner["currentState"]["updatedAt"] == CLOCK.now()
        await refresher.settled(account.runner_id)  # nothing pending: returns at once
        CLOCK.advance(timedelta(hours=1))
        refresher.request(account.runner_id)
        await refresher.settled(account.runner_id)
        runner = await repositories.runners.get(account.runner_id, {"currentState": 1})
        assert runner["currentState"]["updatedAt"] == CLOCK.now()
