"""generatePlan over the API: a whole plan written at once, never half visible, idempotent."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import httpx
import pytest

from tests.conftest import Account, CommandRecorder, graphql

# Depends on the date: run on every day of the calendar check too.
pytestmark = pytest.mark.calendar

GENERATE = """
mutation Generate($raceId: ID!, $options: PlanOptionsInput, $key: String) {
  generatePlan(raceId: $raceId, options: $options, idempotencyKey: $key) {
    __typename
    ... on PlanGenerated { plan { id status version metadata { totalWeeks startDate endDate }
                                  season { coachSummary goalFeasibility { verdict reason } } } }
    ... on InvalidInput { field message }
    ... on NotFound { entity }
  }
}
"""
CREATE_RACE = """
mutation Race($input: CreateRaceInput!) {
  createRace(input: $input) { __typename ... on RaceSaved { race { id } } }
}
"""


def start_of(account: Account) -> date:
    """The plan's first day: the Monday two to three weeks ahead on the runner's calendar."""
    today = account.today()
    return today + timedelta(weeks=3, days=-today.weekday())


async def race_for(http: httpx.AsyncClient, account: Account, weeks: int, **extra) -> str:
    race_date = start_of(account) + timedelta(weeks=weeks, days=-1)
    body = await graphql(
        http,
        CREATE_RACE,
        {
            "input": {
                "name": "Spring half",
                "type": "HALF_MARATHON",
                "date": race_date.isoformat(),
                **extra,
            }
        },
        account,
    )
    return body["data"]["createRace"]["race"]["id"]


async def set_profile(http: httpx.AsyncClient, account: Account) -> None:
    for section, values in (
        (
            "RUNNING",
            {
                "experienceLevel": "intermediate",
                "currentWeeklyVolumeKm": 30,
                "currentRunsPerWeek": 4,
                "baseline5kS": 1500,
            },
        ),
        ("PHYSICAL", {"maxHr": 186, "restingHr": 52}),
    ):
        body = await graphql(
            http,
            "mutation P($s: RunnerSection!, $v: JSON!) { updateRunnerProfile(section: $s, values: $v) { __typename } }",
            {"s": section, "v": values},
            account,
        )
        assert body["data"]["updateRunnerProfile"]["__typename"] == "RunnerUpdated", body


class TestGeneratePlan:
    async def test_writes_a_whole_draft_plan_in_one_transaction(
        self, http, make_account, command_recorder: CommandRecorder, database_name
    ):
        account = await make_account()
        await set_profile(http, account)
        race_id = await race_for(http, account, 16)
        command_recorder.clear()
        body = await graphql(
            http,
            GENERATE,
            {"raceId": race_id, "options": {"startDate": start_of(account).isoformat()}},
            account,
        )
        writes = [
            c
            for c in command_recorder.commands
            if c.database_name == database_name
            and c.command_name in {"insert", "update", "findAndModify", "delete"}
            and c.command.get(c.command_name)
            in {"trainingPlans", "plannedSessions", "planAssignments"}
        ]
        result = body["data"]["generatePlan"]
        assert result["__typename"] == "PlanGenerated", result
        plan = result["plan"]
        assert (plan["status"], plan["version"], plan["metadata"]["totalWeeks"]) == ("DRAFT", 1, 16)
        assert plan["season"]["coachSummary"]
        assert [(c.command_name, c.command["insert"]) for c in writes] == [
            ("insert", "trainingPlans"),
            ("insert", "plannedSessions"),
            ("insert", "planAssignments"),
        ]
        transactions = {(c.command["lsid"]["id"], c.command.get("txnNumber")) for c in writes}
        assert len(transactions) == 1
        assert writes[0].command.get("startTransaction") is True
        sessions = await graphql(
            http,
            "query { viewer { activePlan { id weeks { sessions { scheduledDate type justification } } } } }",
            account=account,
        )
        days = [s for w in sessions["data"]["viewer"]["activePlan"]["weeks"] for s in w["sessions"]]
        assert len(days) == 112
        assert days[-1]["type"] == "RACE"
        assert all(day["justification"] for day in days)

    async def test_the_same_key_returns_the_same_plan(self, http, make_account, repositories):
        account = await make_account()
        race_id = await race_for(http, account, 12)
        variables = {
            "raceId": race_id,
            "options": {"startDate": start_of(account).isoformat()},
            "key": "k-1",
        }
        first, second = await asyncio.gather(
            graphql(http, GENERATE, variables, account), graphql(http, GENERATE, variables, account)
        )
        third = await graphql(http, GENERATE, variables, account)
        ids = {r["data"]["generatePlan"]["plan"]["id"] for r in (first, second, third)}
        assert len(ids) == 1
        assert len(await repositories.plans.for_runner(account.runner_id)) == 1
        count = await repositories.sessions.collection.count_documents(
            {"runnerId": account.runner_id}
        )
        assert count == 12 * 7


class TestBadPlanRequests:
    async def expect_nothing_written(self, repositories, account: Account) -> None:
        assert (
            await repositories.plans.collection.count_documents({"runnerId": account.runner_id})
            == 0
        )
        assert (
            await repositories.sessions.collection.count_documents({"runnerId": account.runner_id})
            == 0
        )

    async def test_race_too_soon(self, http, make_account, repositories):
        account = await make_account()
        race_id = await race_for(http, account, 3)
        body = await graphql(
            http,
            GENERATE,
            {"raceId": race_id, "options": {"startDate": start_of(account).isoformat()}},
            account,
        )
        error = body["data"]["generatePlan"]
        assert error["__typename"] == "InvalidInput"
        assert error["field"] == "race.date"
        assert "at least 4 weeks" in error["message"]
        await self.expect_nothing_written(repositories, account)

    async def test_goal_faster_than_the_world_record(self, http, make_account, repositories):
        account = await make_account()
        race_id = await race_for(http, account, 16, goalTimeS=3000)
        body = await graphql(
            http,
            GENERATE,
            {"raceId": race_id, "options": {"startDate": start_of(account).isoformat()}},
            account,
        )
        error = body["data"]["generatePlan"]
        assert error["__typename"] == "InvalidInput"
        assert "world record" in error["message"]
        await self.expect_nothing_written(repositories, account)

    async def test_no_running_day(self, http, make_account, repositories):
        account = await make_account()
        await graphql(
            http,
            "mutation { updateRunnerProfile(section: SCHEDULE, values: {availableDays: []}) { __typename } }",
            account=account,
        )
        race_id = await race_for(http, account, 16)
        body = await graphql(
            http,
            GENERATE,
            {"raceId": race_id, "options": {"startDate": start_of(account).isoformat()}},
            account,
        )
        assert body["data"]["generatePlan"]["__typename"] == "InvalidInput"
        await self.expect_nothing_written(repositories, account)

    async def test_another_runners_race_is_not_found(self, http, make_account, repositories):
        owner = await make_account()
        intruder = await make_account()
        race_id = await race_for(http, owner, 16)
        body = await graphql(http, GENERATE, {"raceId": race_id}, intruder)
        assert body["data"]["generatePlan"] == {"__typename": "NotFound", "entity": "race"}
        await self.expect_nothing_written(repositories, intruder)
