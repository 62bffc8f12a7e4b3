"""Faults found walking the journey as a new user (issue #13, item 5), each through the API."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.api.tracking_helpers import (
    IMPORT,
    activate,
    runner_in_plan,
    strava_run,
    week_sessions,
)
from tests.conftest import Account, graphql

# Built from the plan's own weeks around today: run on every day of the calendar check too.
pytestmark = pytest.mark.calendar

PROGRESS = """
query P($planId: ID!) {
  plan(id: $planId) { progress { weeks { weekNumber actualVolumeKm unplannedRuns } } }
}
"""


def day_of(session: dict) -> date:
    return date.fromisoformat(session["scheduledDate"])


def terra_run(account: Account, strava: dict, distance_km: float, minutes: float) -> dict:
    """The same run as `strava`, as Terra sends it from the watch, starting a minute later."""
    start = datetime.fromisoformat(strava["start_date"]) + timedelta(minutes=1)
    end = start + timedelta(minutes=minutes)
    offset = start.astimezone(ZoneInfo(account.timezone))
    return {
        "metadata": {
            "summary_id": f"terra-{strava['id']}",
            "type": 8,
            "name": "Morning Run",
            "start_time": offset.isoformat(),
            "end_time": end.astimezone(ZoneInfo(account.timezone)).isoformat(),
        },
        "distance_data": {"summary": {"distance_meters": distance_km * 1000 + 40}},
        "active_durations_data": {"activity_seconds": minutes * 60},
        "heart_rate_data": {"summary": {"avg_hr_bpm": 149, "max_hr_bpm": 172}},
        "device_data": {"name": "Forerunner 265"},
    }


async def week_volume(http, account: Account, plan_id: str, week: int) -> dict:
    body = await graphql(http, PROGRESS, {"planId": plan_id}, account)
    return next(w for w in body["data"]["plan"]["progress"]["weeks"] if w["weekNumber"] == week)


class TestAWatchCopyOfALinkedStravaRun:
    async def test_is_a_duplicate_and_the_week_counts_the_run_once(self, http, make_account):
        account = await make_account()
        plan_id = await runner_in_plan(http, account)
        week = await week_sessions(http, account, plan_id, 2)
        session = next(s for s in week if s["type"] not in {"REST", "RACE"})
        strava = strava_run(
            day_of(session),
            session["distanceKm"],
            session["durationMin"],
            timezone=account.timezone,
        )
        first = await graphql(http, IMPORT, {"source": "STRAVA", "payload": [strava]}, account)
        assert first["data"]["importActivities"]["linked"] == 1, first
        before = await week_volume(http, account, plan_id, 2)

        terra = terra_run(account, strava, session["distanceKm"], session["durationMin"])
        body = await graphql(
            http, IMPORT, {"source": "TERRA_ACTIVITY", "payload": [terra]}, account
        )
        result = body["data"]["importActivities"]
        assert result["__typename"] == "ActivitiesImported", body
        assert (result["duplicates"], result["unplanned"], result["linked"]) == (1, 0, 0)
        (copy,) = result["activities"]
        assert copy["matchStatus"] == "DUPLICATE"
        assert copy["executionId"] is None

        after = await week_volume(http, account, plan_id, 2)
        assert after == before
        assert after["actualVolumeKm"] == pytest.approx(session["distanceKm"], abs=0.05)
        (linked,) = [
            s for s in await week_sessions(http, account, plan_id, 2) if s["id"] == session["id"]
        ]
        assert len(linked["executions"]) == 1


PAUSE = """
mutation P($p: ID!, $d: Int!, $f: Date) {
  pausePlan(planId: $p, days: $d, from: $f) { __typename ... on InvalidInput { message } }
}
"""
RESUME = "mutation R($p: ID!) { resumePlan(planId: $p) { __typename } }"
RESCHEDULE = """
mutation M($s: ID!, $d: Date!) {
  rescheduleSession(sessionId: $s, date: $d) {
    __typename ... on SessionSaved { session { id scheduledDate } }
    ... on InvalidInput { field message }
  }
}
"""


def next_monday(account: Account) -> date:
    today = account.today()
    return today + timedelta(days=7 - today.weekday())


async def all_sessions(http, account: Account, plan_id: str) -> list[dict]:
    body = await graphql(
        http,
        "query W($p: ID!) { plan(id: $p) { weeks { sessions { id scheduledDate type title "
        "distanceKm status } } } }",
        {"p": plan_id},
        account,
    )
    return [s for w in body["data"]["plan"]["weeks"] for s in w["sessions"]]


async def easy_and_rest_of_next_week(http, account: Account, plan_id: str) -> tuple[dict, dict]:
    """An easy run and a rest day of the runner's next week."""
    monday = next_monday(account)
    week = [
        s
        for s in await all_sessions(http, account, plan_id)
        if monday <= day_of(s) < monday + timedelta(days=7)
    ]
    easy = next(s for s in week if s["type"] == "EASY")
    rest = next(s for s in week if s["type"] == "REST")
    return easy, rest


class TestASessionRescheduledBeforeAPause:
    async def test_moves_with_the_pause_and_nothing_is_left_inside_it(self, http, make_account):
        account = await make_account("pause")
        plan_id = await runner_in_plan(http, account, weeks_ago=3)
        monday = next_monday(account)
        easy, rest = await easy_and_rest_of_next_week(http, account, plan_id)
        moved = await graphql(
            http, RESCHEDULE, {"s": easy["id"], "d": rest["scheduledDate"]}, account
        )
        assert moved["data"]["rescheduleSession"]["__typename"] == "SessionSaved", moved

        paused = await graphql(
            http, PAUSE, {"p": plan_id, "d": 7, "f": monday.isoformat()}, account
        )
        assert paused["data"]["pausePlan"]["__typename"] == "PlanRevised", paused

        def inside_pause(sessions: list[dict]) -> list[dict]:
            return [s for s in sessions if monday <= day_of(s) < monday + timedelta(days=7)]

        for moment in ("paused", "resumed"):
            sessions = await all_sessions(http, account, plan_id)
            assert all(s["type"] == "REST" for s in inside_pause(sessions)), (moment, sessions)
            # One session a day again: the moved one did not stay doubled up on its new day.
            assert len({s["scheduledDate"] for s in sessions}) == len(sessions), moment
            # The workout moved a week on, to its planned weekday.
            later = next(s for s in sessions if day_of(s) == day_of(easy) + timedelta(days=7))
            assert (later["type"], later["title"], later["distanceKm"]) == (
                easy["type"],
                easy["title"],
                easy["distanceKm"],
            )
            if moment == "paused":
                resumed = await graphql(http, RESUME, {"p": plan_id}, account)
                assert resumed["data"]["resumePlan"]["__typename"] == "PlanRevised", resumed


GENERATE = """
mutation G($r: ID!, $o: PlanOptionsInput, $k: String) {
  generatePlan(raceId: $r, options: $o, idempotencyKey: $k) {
    __typename ... on PlanGenerated { plan { id status } } ... on Conflict { message }
  }
}
"""
ACTIVE_PLAN = "{ viewer { activePlan { id status } } }"


async def race_id_of(http, account: Account, plan_id: str) -> str:
    body = await graphql(
        http, "query Q($p: ID!) { plan(id: $p) { raceId } }", {"p": plan_id}, account
    )
    return body["data"]["plan"]["raceId"]


async def statuses(http, account: Account) -> dict[str, str]:
    body = await graphql(http, "{ viewer { plans { id status } } }", None, account)
    return {plan["id"]: plan["status"] for plan in body["data"]["viewer"]["plans"]}


class TestGeneratePlanWhileTraining:
    async def test_two_concurrent_calls_with_one_new_key_leave_the_active_plan_current(
        self, http, make_account
    ):
        account = await make_account()
        active_id = await runner_in_plan(http, account)
        race_id = await race_id_of(http, account, active_id)
        variables = {"r": race_id, "o": {"runsPerWeek": 4}, "k": "second-opinion"}
        first, second = await asyncio.gather(
            graphql(http, GENERATE, variables, account), graphql(http, GENERATE, variables, account)
        )
        drafts = {r["data"]["generatePlan"]["plan"]["id"] for r in (first, second)}
        assert len(drafts) == 1, (first, second)
        (draft_id,) = drafts
        assert draft_id != active_id
        current = await graphql(http, ACTIVE_PLAN, None, account)
        assert current["data"]["viewer"]["activePlan"] == {"id": active_id, "status": "ACTIVE"}

        # Activating the draft is how the runner switches.
        await activate(http, account, draft_id)
        current = await graphql(http, ACTIVE_PLAN, None, account)
        assert current["data"]["viewer"]["activePlan"] == {"id": draft_id, "status": "ACTIVE"}
        # ...and the plan followed until then is abandoned: one plan is followed at a time.
        assert await statuses(http, account) == {active_id: "ABANDONED", draft_id: "ACTIVE"}

    async def test_activating_a_draft_abandons_a_paused_plan_too(self, http, make_account):
        account = await make_account()
        paused_id = await runner_in_plan(http, account)
        race_id = await race_id_of(http, account, paused_id)
        paused = await graphql(
            http,
            "mutation P($p: ID!) { setPlanStatus(planId: $p, status: PAUSED) { __typename } }",
            {"p": paused_id},
            account,
        )
        assert paused["data"]["setPlanStatus"]["__typename"] == "PlanUpdated", paused
        generated = await graphql(http, GENERATE, {"r": race_id, "k": "after-pause"}, account)
        draft_id = generated["data"]["generatePlan"]["plan"]["id"]
        await activate(http, account, draft_id)
        assert await statuses(http, account) == {paused_id: "ABANDONED", draft_id: "ACTIVE"}

    async def test_a_reused_key_with_other_options_is_a_conflict(
        self, http, make_account, repositories
    ):
        account = await make_account()
        plan_id = await runner_in_plan(http, account)
        race_id = await race_id_of(http, account, plan_id)
        asked = {"r": race_id, "o": {"runsPerWeek": 4}, "k": "key-1"}
        first = await graphql(http, GENERATE, asked, account)
        assert first["data"]["generatePlan"]["__typename"] == "PlanGenerated", first
        retried = await graphql(http, GENERATE, asked, account)
        assert retried["data"]["generatePlan"] == first["data"]["generatePlan"]

        other = await graphql(http, GENERATE, {**asked, "o": {"runsPerWeek": 3}}, account)
        answer = other["data"]["generatePlan"]
        assert answer["__typename"] == "Conflict", other
        assert "idempotency key" in answer["message"]
        assert len(await repositories.plans.for_runner(account.runner_id)) == 2


class TestRescheduleOntoABlockedWeekday:
    async def test_is_refused_with_a_typed_error_and_nothing_moves(self, http, make_account):
        account = await make_account()
        plan_id = await runner_in_plan(http, account)
        easy, rest = await easy_and_rest_of_next_week(http, account, plan_id)
        weekday = day_of(rest).strftime("%A").lower()
        blocked = await graphql(
            http,
            "mutation B($v: JSON!) { updateRunnerProfile(section: SCHEDULE, values: $v) "
            "{ __typename } }",
            {"v": {"blockedDays": [weekday]}},
            account,
        )
        assert blocked["data"]["updateRunnerProfile"]["__typename"] == "RunnerUpdated", blocked

        body = await graphql(
            http, RESCHEDULE, {"s": easy["id"], "d": rest["scheduledDate"]}, account
        )
        answer = body["data"]["rescheduleSession"]
        assert answer["__typename"] == "InvalidInput", body
        assert answer["field"] == "date"
        assert "blocked" in answer["message"]
        after = {s["id"]: s for s in await all_sessions(http, account, plan_id)}
        assert after[easy["id"]]["scheduledDate"] == easy["scheduledDate"]
