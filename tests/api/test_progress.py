"""`Plan.progress`: a runner's real week adds up as they would count it, for them only."""

from __future__ import annotations

from datetime import date, timedelta

import httpx
import pytest

from tests.api.tracking_helpers import IMPORT, runner_in_plan, strava_run
from tests.conftest import CommandRecorder, graphql
from tests.factories import build_world

COUNTS = (
    "targetVolumeKm plannedVolumeKm plannedVolumeToDateKm actualVolumeKm sessionsPlanned "
    "sessionsDue completed modified shifted missed skipped upcoming unplannedRuns "
    "supplementarySessions adherenceScore completionRatePct compliance { green yellow red }"
)
PROGRESS = f"""
query Progress($id: ID!) {{
  plan(id: $id) {{ progress {{ asOf totals {{ {COUNTS} }}
    weeks {{ weekNumber startDate endDate phase {COUNTS} }} }} }}
}}
"""
DAYS = """
query Days($id: ID!) {
  plan(id: $id) { weeks { weekNumber startDate endDate sessions { id type scheduledDate
    originalScheduledDate distanceKm durationMin status
    executions { completionStatus actual { distanceKm } analysis { adherenceScore complianceColor } }
  } } }
}
"""
NOT_RUNS = {"REST", "CROSS_TRAINING", "STRENGTH"}


def day_of(session: dict) -> date:
    return date.fromisoformat(session["scheduledDate"])


async def plan_days(http, account, plan_id: str) -> dict[int, dict]:
    body = await graphql(http, DAYS, {"id": plan_id}, account)
    return {week["weekNumber"]: week for week in body["data"]["plan"]["weeks"]}


async def progress_of(http, account, plan_id: str) -> dict:
    body = await graphql(http, PROGRESS, {"id": plan_id}, account)
    assert "errors" not in body, body
    return body["data"]["plan"]["progress"]


async def mutate(http, account, query: str, variables: dict, field: str) -> dict:
    body = await graphql(http, query, variables, account)
    result = body["data"][field]
    assert result["__typename"] in {"SessionSaved", "ActivitiesImported"}, result
    return result


def a_session_to_move(week: list[dict], taken: set[str]) -> tuple[dict, date]:
    """An easy-going run next to a rest day, and that rest day."""
    by_day = {day_of(s): s for s in week}
    for session in week:
        if session["type"] not in {"EASY", "RECOVERY"} or session["id"] in taken:
            continue
        for offset in (1, -1):
            neighbour = by_day.get(day_of(session) + timedelta(days=offset))
            if neighbour is not None and neighbour["type"] == "REST":
                return session, day_of(neighbour)
    pytest.fail("no easy run next to a rest day in this week")


@pytest.mark.calendar
class TestAWeekAsTheRunnerLivedIt:
    async def test_run_moved_skipped_missed_and_unplanned_add_up(self, http, make_account):
        account = await make_account()
        plan_id = await runner_in_plan(http, account, weeks_ago=3)
        weeks = await plan_days(http, account, plan_id)
        week = weeks[2]["sessions"]
        runs = [s for s in week if s["type"] not in NOT_RUNS]
        on_the_day = max(runs, key=lambda s: s["distanceKm"])
        moved, new_day = a_session_to_move(week, {on_the_day["id"]})
        skipped = next(s for s in runs if s["id"] not in {on_the_day["id"], moved["id"]})
        rest_days = [day_of(s) for s in week if s["type"] == "REST" and day_of(s) != new_day]
        unplanned_day = rest_days[0] if rest_days else day_of(on_the_day)

        await mutate(
            http,
            account,
            "mutation M($s: ID!, $d: Date!) { rescheduleSession(sessionId: $s, date: $d) "
            "{ __typename ... on InvalidInput { message } } }",
            {"s": moved["id"], "d": new_day.isoformat()},
            "rescheduleSession",
        )
        await mutate(
            http,
            account,
            'mutation S($s: ID!) { skipSession(sessionId: $s, reason: "sore calf") '
            "{ __typename } }",
            {"s": skipped["id"]},
            "skipSession",
        )
        payload = [
            strava_run(day_of(on_the_day), on_the_day["distanceKm"], on_the_day["durationMin"]),
            strava_run(new_day, moved["distanceKm"], moved["durationMin"]),
            strava_run(unplanned_day, 2.0, 12, hour=19),
        ]
        imported = await mutate(
            http, account, IMPORT, {"source": "STRAVA", "payload": payload}, "importActivities"
        )
        statuses = [a["matchStatus"] for a in imported["activities"]]
        assert statuses == ["MATCHED", "MATCHED", "UNPLANNED"]

        after = {s["id"]: s for s in (await plan_days(http, account, plan_id))[2]["sessions"]}
        done = [after[on_the_day["id"]], after[moved["id"]]]
        executions = [s["executions"][0] for s in done]
        missed = len(runs) - 3
        progress = await progress_of(http, account, plan_id)
        second = progress["weeks"][1]

        assert (second["weekNumber"], second["startDate"]) == (2, weeks[2]["startDate"])
        assert second["sessionsPlanned"] == second["sessionsDue"] == len(runs)
        assert second["completed"] + second["modified"] == 2
        assert (second["skipped"], second["missed"], second["upcoming"]) == (1, missed, 0)
        assert (second["shifted"], second["unplannedRuns"]) == (1, 1)
        assert second["plannedVolumeKm"] == pytest.approx(
            sum(s["distanceKm"] for s in runs), abs=0.01
        )
        ran = sum(e["actual"]["distanceKm"] for e in executions) + 2.0
        assert second["actualVolumeKm"] == pytest.approx(ran, abs=0.01)
        scores = [e["analysis"]["adherenceScore"] for e in executions]
        assert second["adherenceScore"] == pytest.approx(sum(scores) / len(runs), abs=0.05)
        assert second["completionRatePct"] == pytest.approx(200 / len(runs), abs=0.05)
        colours = [e["analysis"]["complianceColor"] for e in executions]
        assert second["compliance"] == {
            "green": colours.count("GREEN"),
            "yellow": colours.count("YELLOW"),
            "red": colours.count("RED") + missed + 1,
        }

        totals = progress["totals"]
        assert (totals["completed"] + totals["modified"], totals["skipped"]) == (2, 1)
        assert totals["missed"] == totals["sessionsDue"] - 3
        assert totals["actualVolumeKm"] == pytest.approx(ran, abs=0.01)
        # Later weeks: the plan as it stands, nothing due and nothing run.
        for later in progress["weeks"][4:]:
            assert later["sessionsDue"] == 0
            assert later["upcoming"] == later["sessionsPlanned"] > 0
            assert later["actualVolumeKm"] == 0
            assert later["adherenceScore"] is None
            planned = [
                s for s in weeks[later["weekNumber"]]["sessions"] if s["type"] not in NOT_RUNS
            ]
            assert later["plannedVolumeKm"] == pytest.approx(
                sum(s["distanceKm"] for s in planned), abs=0.01
            )


class TestOnlyTheRunnersOwnPlan:
    async def test_another_runner_gets_no_plan_and_no_progress(self, http, make_account):
        owner, stranger = await make_account("owner"), await make_account("stranger")
        plan_id = await runner_in_plan(http, owner)
        body = await graphql(http, PROGRESS, {"id": plan_id}, stranger)
        assert body == {"data": {"plan": None}}
        missing = await graphql(http, PROGRESS, {"id": "650000000000000000000000"}, stranger)
        assert body == missing


class TestRoundTrips:
    @pytest.mark.parametrize("as_of", ["2030-02-01", None])
    async def test_progress_costs_the_same_for_any_plan_length(
        self,
        as_of: str | None,
        http: httpx.AsyncClient,
        make_account,
        repositories,
        command_recorder: CommandRecorder,
        database_name: str,
    ):
        argument = f'(asOf: "{as_of}")' if as_of else ""
        query = (
            f"query P($id: ID!) {{ plan(id: $id) {{ progress{argument} {{ asOf "
            f"totals {{ sessionsPlanned completed actualVolumeKm adherenceScore }} "
            f"weeks {{ weekNumber completed missed }} }} }} }}"
        )
        seen = {}
        for weeks in (8, 24):
            account = await make_account()
            world = await build_world(repositories, account.runner_id, weeks, executed_days=6)
            await graphql(http, "{ viewer { runner { id } } }", account=account)
            command_recorder.clear()
            body = await graphql(http, query, {"id": str(world.plan["_id"])}, account)
            assert "errors" not in body, body
            progress = body["data"]["plan"]["progress"]
            assert len(progress["weeks"]) == weeks
            assert progress["totals"]["completed"] == 6
            assert progress["totals"]["sessionsPlanned"] == 5 * weeks
            commands = [c for c in command_recorder.commands if c.database_name == database_name]
            seen[weeks] = sorted(c.command["find"] for c in commands)
            sessions_find = next(c for c in commands if c.command["find"] == "plannedSessions")
            assert "structure" not in sessions_find.command["projection"]
        # The plan, its sessions, its executions (planned ones by plan, unplanned ones by date:
        # two queries sent together), the runner's timezone without `asOf`, and the check that
        # the account is still open.
        expected = ["executions", "executions", "plannedSessions", "trainingPlans", "users"]
        assert seen[8] == seen[24] == sorted([*expected, *([] if as_of else ["runners"])])
