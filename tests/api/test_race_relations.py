"""GoFast's relations: a race's training plans, a plan's planned and executed days.

Each lists the viewer's own documents only, and costs the same few round trips however many
races and plans a query walks (the commands sent to the database are counted).
"""

from __future__ import annotations

from datetime import date, timedelta

import httpx

from tests.api.test_zoom import commands_for
from tests.conftest import CommandRecorder, graphql
from tests.factories import build_plan, build_world

RELATIONS = """
query R { races { id trainingPlans { id raceId
  plannedDays(from: 2, to: 3) { id planId weekNumber scheduledDate }
  executions(from: 1, to: 1) { id planId workoutId weekIndex } } } }
"""


def ids(documents: list[dict]) -> list[str]:
    return [str(document["_id"]) for document in documents]


class TestARacesPlansAndTheirDays:
    async def test_list_exactly_the_viewers_own(
        self, http: httpx.AsyncClient, make_account, repositories
    ):
        account, other = await make_account(), await make_account("other")
        first = await build_world(repositories, account.runner_id, 8, executed_days=3)
        second = await build_world(repositories, account.runner_id, 6, executed_days=2)
        theirs = await build_world(repositories, other.runner_id, 8, executed_days=4)
        # Another runner's plan pointing at this runner's race is still not this runner's.
        await repositories.plans.collection.update_one(
            {"_id": theirs.plan["_id"]}, {"$set": {"raceId": first.race["_id"]}}
        )

        body = await graphql(http, RELATIONS, account=account)
        assert "errors" not in body, body
        races = {race["id"]: race for race in body["data"]["races"]}
        assert set(races) == {str(first.race["_id"]), str(second.race["_id"])}
        for world in (first, second):
            (plan,) = races[str(world.race["_id"])]["trainingPlans"]
            assert plan["id"] == str(world.plan["_id"])
            in_weeks = [s for s in world.sessions if 2 <= s["weekNumber"] <= 3]
            assert [d["id"] for d in plan["plannedDays"]] == ids(
                sorted(in_weeks, key=lambda s: s["scheduledDate"])
            )
            assert {d["planId"] for d in plan["plannedDays"]} == {plan["id"]}
            assert [e["id"] for e in plan["executions"]] == ids(world.executions)
            assert {e["workoutId"] for e in plan["executions"]} == {
                str(e["sessionId"]) for e in world.executions
            }
            assert all(e["weekIndex"] == 0 for e in plan["executions"])

        seen_by_them = await graphql(http, RELATIONS, account=other)
        (their_race,) = seen_by_them["data"]["races"]
        assert their_race["trainingPlans"] == []  # their plan now names a race of someone else
        their_plan = "query P($id: ID!) { plan(id: $id) { executions(from: 1, to: 1) { id } } }"
        variables = {"id": str(theirs.plan["_id"])}
        asked_by_them = await graphql(http, their_plan, variables, other)
        assert [e["id"] for e in asked_by_them["data"]["plan"]["executions"]] == ids(
            theirs.executions
        )
        assert (await graphql(http, their_plan, variables, account))["data"]["plan"] is None
        one_race = "query R($id: ID!) { race(id: $id) { trainingPlans { id } } }"
        mine_asked_by_them = await graphql(http, one_race, {"id": str(first.race["_id"])}, other)
        assert mine_asked_by_them["data"]["race"] is None

    async def test_newest_plan_first_and_at_most_first(
        self, http: httpx.AsyncClient, make_account, repositories
    ):
        account = await make_account()
        world = await build_world(repositories, account.runner_id, 8)
        start = date.fromisoformat(world.plan["metadata"]["startDate"])
        newer = build_plan(account.runner_id, world.race["_id"], 8, start).model_copy(
            update={"created_at": world.plan["createdAt"] + timedelta(days=1)}
        )
        await repositories.plans.insert(newer.to_mongo())
        query = "query R($n: Int) { races { trainingPlans(first: $n) { id } } }"
        both = await graphql(http, query, {"n": 10}, account)
        (race,) = both["data"]["races"]
        assert [p["id"] for p in race["trainingPlans"]] == [str(newer.id), str(world.plan["_id"])]
        newest = await graphql(http, query, {"n": 1}, account)
        assert [p["id"] for p in newest["data"]["races"][0]["trainingPlans"]] == [str(newer.id)]
        too_many = await graphql(http, query, {"n": 1000}, account)
        assert too_many["errors"][0]["extensions"]["code"] == "LIMIT_EXCEEDED"


class TestRoundTrips:
    async def test_the_same_for_one_race_or_three(
        self,
        http: httpx.AsyncClient,
        make_account,
        repositories,
        command_recorder: CommandRecorder,
        database_name: str,
    ):
        counts = []
        for races in (1, 3):
            account = await make_account()
            for weeks in range(4, 4 + races):
                await build_world(repositories, account.runner_id, weeks, executed_days=3)
            await graphql(http, "{ viewer { runner { id } } }", account=account)
            body, commands = await commands_for(
                http, command_recorder, database_name, RELATIONS, None, account
            )
            assert len(body["data"]["races"]) == races
            counts.append([c.command.get("find") for c in commands])
        # The races; the plans' ids, then the plans; the days; the executions.
        assert (
            counts[0]
            == counts[1]
            == [
                "races",
                "trainingPlans",
                "trainingPlans",
                "plannedSessions",
                "executions",
            ]
        )
