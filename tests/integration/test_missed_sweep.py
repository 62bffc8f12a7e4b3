"""The missed-day sweep marks past run days only, on a real database."""

from __future__ import annotations

from datetime import date

from bson import ObjectId

from tests.factories import build_world


class TestMissedSweep:
    async def test_cross_training_and_strength_days_are_not_missed_runs(self, repositories):
        runner_id = ObjectId()
        world = await build_world(repositories, runner_id, weeks=1, executed_days=1)
        plan_id = world.plan["_id"]
        runs = [s for s in world.sessions if s["type"] != "rest"]
        cross, strength = runs[1], runs[2]
        for session, kind in ((cross, "cross_training"), (strength, "strength")):
            await repositories.sessions.collection.update_one(
                {"_id": session["_id"]}, {"$set": {"type": kind}}
            )

        marked = await repositories.sessions.mark_missed(runner_id, plan_id, date(2030, 2, 1))

        after = {
            s["_id"]: s["status"]
            for s in await repositories.sessions.for_plans(runner_id, [plan_id], {"status": 1})
        }
        assert marked == len(runs) - 2
        assert (after[cross["_id"]], after[strength["_id"]]) == ("scheduled", "scheduled")
        others = [s for s in runs if s not in (cross, strength)]
        assert all(after[s["_id"]] == "missed" for s in others)
