"""Zoom levels cost one database round trip each, whatever the plan's length."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import CommandRecorder, graphql
from tests.factories import build_world

LEVELS = {
    "season": "season { coachSummary periodizationJustification }",
    "weeks": "weeks { weekNumber phase targetVolumeKm isRecoveryWeek }",
    "sessions": "weeks { weekNumber sessions { id type scheduledDate status display { title } } }",
    "executions": "weeks { sessions { id executions { id completionStatus "
    "analysis { qualityScore complianceColor } } } }",
    "activity": "weeks { sessions { executions { plannedSnapshot { title } "
    "activity { id distanceM startTime } } } }",
}
EXPECTED_ROUND_TRIPS = {"season": 1, "weeks": 1, "sessions": 2, "executions": 3, "activity": 4}


async def commands_for(
    http, recorder: CommandRecorder, database: str, query: str, variables, account
) -> tuple[dict, list]:
    recorder.clear()
    body = await graphql(http, query, variables, account)
    assert "errors" not in body, body
    sent = [e for e in recorder.commands if e.database_name == database]
    # Every request first checks that its account is still open: one lookup, counted apart.
    account_checks = [e for e in sent if e.command.get("find") == "users"]
    assert len(account_checks) == 1, account_checks
    return body, [e for e in sent if e not in account_checks]


class TestRoundTripsPerZoomLevel:
    @pytest.mark.parametrize("weeks", [8, 24])
    async def test_one_round_trip_per_level(
        self,
        weeks: int,
        http: httpx.AsyncClient,
        make_account,
        repositories,
        command_recorder: CommandRecorder,
        database_name: str,
    ):
        account = await make_account()
        world = await build_world(repositories, account.runner_id, weeks, executed_days=6)
        await graphql(http, "{ viewer { runner { id } } }", account=account)  # warm the viewer

        counts = {}
        for level, selection in LEVELS.items():
            query = f"query Zoom($id: ID!) {{ plan(id: $id) {{ id version {selection} }} }}"
            body, commands = await commands_for(
                http,
                command_recorder,
                database_name,
                query,
                {"id": str(world.plan["_id"])},
                account,
            )
            counts[level] = len(commands)
            assert all(c.command_name == "find" for c in commands), [
                c.command_name for c in commands
            ]
            plan = body["data"]["plan"]
            if "weeks" in selection:
                assert len(plan["weeks"]) == weeks
        assert counts == EXPECTED_ROUND_TRIPS

        executed = [
            e for w in body["data"]["plan"]["weeks"] for s in w["sessions"] for e in s["executions"]
        ]
        assert len(executed) == 6
        assert all(e["activity"]["distanceM"] == 8100 for e in executed)


class TestProjection:
    async def test_season_query_does_not_transfer_the_weeks(
        self,
        http: httpx.AsyncClient,
        make_account,
        repositories,
        command_recorder: CommandRecorder,
        database_name: str,
    ):
        account = await make_account()
        world = await build_world(repositories, account.runner_id, 16)
        await graphql(http, "{ viewer { runner { id } } }", account=account)
        query = (
            "query Q($id: ID!) { plan(id: $id) { id status version metadata { name totalWeeks } "
            "season { coachSummary keyMilestones { title } } } }"
        )
        body, commands = await commands_for(
            http, command_recorder, database_name, query, {"id": str(world.plan["_id"])}, account
        )
        assert body["data"]["plan"]["metadata"]["totalWeeks"] == 16
        (find,) = commands
        projection = find.command["projection"]
        assert "weeklyPlan" not in projection
        assert set(projection) == {"_id", "status", "version", "metadata", "seasonView"}
        assert find.command["filter"] == {"_id": world.plan["_id"], "runnerId": account.runner_id}

    async def test_weeks_query_asks_for_them(
        self,
        http: httpx.AsyncClient,
        make_account,
        repositories,
        command_recorder: CommandRecorder,
        database_name: str,
    ):
        account = await make_account()
        world = await build_world(repositories, account.runner_id, 8)
        await graphql(http, "{ viewer { runner { id } } }", account=account)
        query = "query Q($id: ID!) { plan(id: $id) { weeks(from: 2, to: 3) { weekNumber } } }"
        body, commands = await commands_for(
            http, command_recorder, database_name, query, {"id": str(world.plan["_id"])}, account
        )
        assert [w["weekNumber"] for w in body["data"]["plan"]["weeks"]] == [2, 3]
        assert "weeklyPlan" in commands[0].command["projection"]
