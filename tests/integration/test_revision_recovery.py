"""At start-up, revisions that stopped half-way are undone; finished or running ones are not."""

from __future__ import annotations

from bson import ObjectId

from app.adaptation.revision import recover_interrupted_revisions
from tests.factories import build_world


async def half_written(repositories, runner_id, plan, sessions, version, now):
    """What a crash between a revision's snapshot and its version bump leaves behind."""
    edited = [s["_id"] for s in sessions[-10:]]
    await repositories.plan_versions.insert(
        {
            "planId": plan["_id"],
            "runnerId": runner_id,
            "version": version,
            "createdAt": now,
            "kind": "pause",
            "summary": "interrupted",
            "rewrite": ObjectId(),
            "editedIds": edited,
            "plan": {k: v for k, v in plan.items() if k != "_id"},
            "sessions": sessions,
        }
    )
    await repositories.sessions.collection.delete_many({"_id": {"$in": edited}})


class TestRecovery:
    async def test_a_half_written_revision_is_undone(self, repositories, make_account, clock):
        account = await make_account("recover")
        world = await build_world(repositories, account.runner_id, 4, executed_days=1)
        plan = world.plan
        sessions = await repositories.sessions.of_plan(account.runner_id, plan["_id"])
        await half_written(
            repositories, account.runner_id, plan, sessions, plan["version"], clock.now()
        )

        assert await recover_interrupted_revisions(repositories, clock.now()) >= 1

        after = await repositories.sessions.of_plan(account.runner_id, plan["_id"])
        assert after == sessions
        assert (
            await repositories.plan_versions.get(account.runner_id, plan["_id"], plan["version"])
            is None
        )

    async def test_a_finished_or_running_revision_is_left_alone(
        self, repositories, make_account, clock
    ):
        account = await make_account("alone")
        world = await build_world(repositories, account.runner_id, 4, executed_days=1)
        plan = world.plan
        sessions = await repositories.sessions.of_plan(account.runner_id, plan["_id"])
        # A snapshot of an earlier version: its revision finished (the plan moved on).
        await repositories.plan_versions.insert(
            {
                "planId": plan["_id"],
                "runnerId": account.runner_id,
                "version": plan["version"] - 1 if plan["version"] > 1 else 0,
                "createdAt": clock.now(),
                "kind": "adaptation",
                "summary": "done",
                "rewrite": ObjectId(),
                "editedIds": [sessions[0]["_id"]],
                "plan": {},
                "sessions": [],
            }
        )
        # The current version's snapshot, with its revision still running (lock held).
        await half_written(
            repositories, account.runner_id, plan, sessions, plan["version"], clock.now()
        )
        async with repositories.locks.hold(f"plan-revision:{plan['_id']}"):
            await recover_interrupted_revisions(repositories, clock.now())
            left = await repositories.sessions.of_plan(account.runner_id, plan["_id"])
            assert len(left) == len(sessions) - 10
        assert [
            v["version"]
            for v in await repositories.plan_versions.summaries(account.runner_id, plan["_id"])
        ] == sorted({plan["version"] - 1 if plan["version"] > 1 else 0, plan["version"]})
