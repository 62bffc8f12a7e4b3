"""What the code relies on the database for: atomic compare-and-set, concurrent writers,
all-or-nothing transactions."""

from __future__ import annotations

import asyncio

import pytest
from bson import ObjectId

from app.models.plan import PlanStatus
from tests.factories import build_world

WRITERS = 20
ROUNDS = 20
UPDATES_PER_WRITER = 50


async def a_plan(repositories, runner_id: ObjectId) -> dict:
    plan = {
        "_id": ObjectId(),
        "runnerId": runner_id,
        "idempotencyKey": f"auto:{ObjectId()}",
        "status": PlanStatus.ACTIVE.value,
        "version": 1,
    }
    await repositories.plans.collection.insert_one(plan)
    return plan


class TestCompareAndSet:
    async def test_one_winner_among_concurrent_writers_of_one_version(self, repositories):
        runner_id = ObjectId()
        plan = await a_plan(repositories, runner_id)
        for round_number in range(ROUNDS):
            current = await repositories.plans.get(runner_id, plan["_id"])
            results = await asyncio.gather(
                *(
                    repositories.plans.set_if_version(
                        runner_id, plan["_id"], current, {"lastWriter": writer}
                    )
                    for writer in range(WRITERS)
                )
            )
            winners = [result for result in results if result is not None]
            assert len(winners) == 1, f"round {round_number}: {len(winners)} winners"
            stored = await repositories.plans.get(runner_id, plan["_id"])
            assert stored["version"] == current["version"] + 1
            assert stored["lastWriter"] == winners[0]["lastWriter"]


class TestConcurrentWriters:
    async def test_every_update_of_twenty_writers_lands(self, repositories):
        runner_id = ObjectId()
        plan = await a_plan(repositories, runner_id)
        collection = repositories.plans.collection

        async def writer() -> None:
            for _ in range(UPDATES_PER_WRITER):
                await collection.update_one(
                    {"_id": plan["_id"], "runnerId": runner_id}, {"$inc": {"edits": 1}}
                )

        await asyncio.gather(*(writer() for _ in range(WRITERS)))
        stored = await collection.find_one({"_id": plan["_id"]})
        assert stored["edits"] == WRITERS * UPDATES_PER_WRITER


class TestTransactions:
    async def test_a_transaction_that_fails_half_way_leaves_nothing(self, repositories):
        runner_id = ObjectId()
        plan_id = ObjectId()

        async def half_then_fail(tx) -> None:
            await tx.plans.insert({"_id": plan_id, "runnerId": runner_id, "version": 1})
            await tx.sessions.insert_many(
                [{"_id": ObjectId(), "planId": plan_id, "runnerId": runner_id} for _ in range(7)]
            )
            msg = "the process fails before the plan is complete"
            raise RuntimeError(msg)

        with pytest.raises(RuntimeError, match="before the plan is complete"):
            await repositories.in_transaction(half_then_fail)

        assert await repositories.plans.collection.find_one({"_id": plan_id}) is None
        assert await repositories.sessions.collection.count_documents({"planId": plan_id}) == 0

    async def test_readers_outside_see_nothing_until_the_commit(self, repositories):
        runner_id = ObjectId()
        plan_id = ObjectId()
        seen_before_commit: list[object] = []

        async def write(tx) -> None:
            await tx.plans.insert({"_id": plan_id, "runnerId": runner_id, "version": 1})
            seen_before_commit.append(
                await repositories.plans.collection.find_one({"_id": plan_id})
            )

        await repositories.in_transaction(write)
        assert seen_before_commit == [None]
        assert await repositories.plans.collection.find_one({"_id": plan_id}) is not None


class TestWeekRanges:
    @pytest.mark.parametrize(
        ("weeks", "expected"),
        [(range(1, 17), range(1, 17)), ([3, 4, 5], [3, 4, 5]), ([2, 9], [2, 9])],
    )
    async def test_every_asked_week_and_no_other(self, repositories, weeks, expected):
        runner_id = ObjectId()
        world = await build_world(repositories, runner_id, 16)
        found = await repositories.sessions.for_weeks(runner_id, [world.plan["_id"]], list(weeks))
        assert sorted({s["weekNumber"] for s in found}) == list(expected)
        assert len(found) == 7 * len(expected)
