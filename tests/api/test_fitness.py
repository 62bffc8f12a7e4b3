"""Fitness over the API: imports refresh the runner's state; the chart, forecast and prediction.

The runner is three weeks into a 16-week half-marathon plan with a 24:00 5 km baseline and no
heart-rate profile, so runs are loaded by rTSS against the threshold pace of that baseline.
"""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest

from tests.api.tracking_helpers import (
    IMPORT,
    runner_in_plan,
    strava_run,
    with_heart_rate_profile,
)
from tests.conftest import Account, graphql

# Depends on the date: run on every day of the calendar check too.
pytestmark = pytest.mark.calendar

STATE = """
{ viewer { runner {
  running { currentWeeklyVolumeKm actualWeeklyVolumeKm consistencyScore }
  currentState { ctl atl tsb loadTrend latestSleepScore latestRestingHr updatedAt
    last7Days { volumeKm runCount } last28Days { volumeKm runCount }
    readiness { score level factors { name value impact } }
    injuryRisk { level factors } }
} } }
"""
FITNESS = """
query F($from: Date!, $to: Date!) {
  viewer { runner { fitness(from: $from, to: $to) { date load ctl atl tsb } } }
}
"""
PLAN_FITNESS = """
query P($id: ID!) {
  plan(id: $id) {
    metadata { endDate }
    race { id }
    loadForecast { date load ctl atl tsb }
    prediction { distanceM predictedTimeS vdotEquivalentS riegelS gofastBaselineS goalTimeS
      trend previousPredictedTimeS basis { kind distanceM timeS } onTrack { status deltaS } }
  }
}
"""
LOADS = """
{ activities(first: 50) { edges { node { localDate distanceM load { value method } } } } }
"""


async def state_of(http: httpx.AsyncClient, account: Account) -> dict:
    body = await graphql(http, STATE, None, account)
    return body["data"]["viewer"]["runner"]


async def settled(http: httpx.AsyncClient, account: Account, before: str | None) -> None:
    """Wait for the state refresh that follows an import (it runs after the import answers)."""
    for _ in range(100):
        runner = await state_of(http, account)
        if runner["currentState"]["updatedAt"] != before:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the runner's state was not refreshed within 5 s")


async def import_runs(http: httpx.AsyncClient, account: Account, runs: list[dict]) -> None:
    before = (await state_of(http, account))["currentState"]["updatedAt"]
    body = await graphql(http, IMPORT, {"source": "STRAVA", "payload": runs}, account)
    assert body["data"]["importActivities"]["__typename"] == "ActivitiesImported", body
    await settled(http, account, before)


RUN_OFFSETS = [offset for offset in range(1, 22) if offset % 7 in {1, 3, 5, 6}]
"""Days ago of the runs: 12 of the 21 days before today, 4 in each 7-day block.

None is today's: at 00:30 on the runner's calendar no run of today could be over yet.
"""


def three_weeks_of_runs(account: Account) -> list[dict]:
    """8 km in 48 min (6:00/km) at 7:00 on each run day, on the runner's calendar."""
    today = account.today()
    return [
        strava_run(today - timedelta(days=offset), 8.0, 48.0, timezone=account.timezone)
        for offset in RUN_OFFSETS
    ]


class TestImportRefreshesState:
    async def test_state_and_derived_running_fields_follow_the_import(
        self, http: httpx.AsyncClient, make_account
    ) -> None:
        account = await make_account("fitness")
        await runner_in_plan(http, account)
        before = await state_of(http, account)
        assert before["currentState"]["ctl"] is None

        await import_runs(http, account, three_weeks_of_runs(account))
        runner = await state_of(http, account)
        state = runner["currentState"]

        # 12 runs of 8 km over the last 21 days, 4 in each 7-day block.
        assert state["last7Days"] == {"volumeKm": 32.0, "runCount": 4}
        assert state["last28Days"] == {"volumeKm": 96.0, "runCount": 12}
        # Fitness was built from nothing three weeks ago: fatigue (7-day) has risen faster
        # than fitness (42-day), so form is negative and fitness is rising.
        assert 0 < state["ctl"] < state["atl"]
        assert state["tsb"] < 0
        assert state["loadTrend"] == "rising"
        # Three weeks of history are too few for form to mean anything (CTL's time constant is
        # 42 days), and there are no sleep or heart-rate markers: no readiness yet.
        assert state["readiness"] is None
        assert state["injuryRisk"]["level"] in {"low", "moderate", "high"}
        # Derived: 96 km over 4 weeks; runs in 3 of the last 8 weeks.
        assert runner["running"]["actualWeeklyVolumeKm"] == 24.0
        assert runner["running"]["consistencyScore"] == 37.5
        # What the runner typed stays as typed.
        assert runner["running"]["currentWeeklyVolumeKm"] == 32

    async def test_each_activity_carries_its_load(
        self, http: httpx.AsyncClient, make_account
    ) -> None:
        account = await make_account("loads")
        await runner_in_plan(http, account)
        today, zone = account.today(), account.timezone
        easy = strava_run(today - timedelta(days=2), 8.0, 48.0, timezone=zone)
        fast = strava_run(today - timedelta(days=1), 12.0, 48.0, timezone=zone)
        await import_runs(http, account, [easy, fast])
        body = await graphql(http, LOADS, None, account)
        loads = {
            edge["node"]["distanceM"]: edge["node"]["load"]
            for edge in body["data"]["activities"]["edges"]
        }
        assert {load["method"] for load in loads.values()} == {"rtss"}
        # Same 48 minutes, 50 % faster: rTSS grows with the square of the intensity.
        assert loads[12000.0]["value"] == pytest.approx(loads[8000.0]["value"] * 2.25, rel=0.01)

    async def test_a_heart_rate_profile_switches_to_heart_rate_load(
        self, http: httpx.AsyncClient, make_account
    ) -> None:
        account = await make_account("trimp")
        await runner_in_plan(http, account)
        await with_heart_rate_profile(http, account)
        yesterday = account.today() - timedelta(days=1)
        await import_runs(
            http, account, [strava_run(yesterday, 10.0, 60.0, timezone=account.timezone)]
        )
        body = await graphql(http, LOADS, None, account)
        load = body["data"]["activities"]["edges"][0]["node"]["load"]
        # On the TSS scale: 148 bpm against a threshold of 0.88 x 190 = 167.2 bpm, IF 0.885,
        # one hour = 78.4 points (raw Banister TRIMP would say 103.1).
        assert load == {"method": "hr_tss", "value": pytest.approx(78.4, abs=0.1)}

    async def test_pain_reported_in_feedback_raises_injury_risk(
        self, http: httpx.AsyncClient, make_account
    ) -> None:
        account = await make_account("sore")
        await runner_in_plan(http, account)
        await import_runs(http, account, three_weeks_of_runs(account))
        body = await graphql(
            http,
            "{ viewer { runner { currentState { injuryRisk { level factors } updatedAt } } } }",
            None,
            account,
        )
        before = body["data"]["viewer"]["runner"]["currentState"]
        assert not any("pain" in factor for factor in before["injuryRisk"]["factors"])
        activities = await graphql(
            http, "{ activities(first: 50) { edges { node { executionId } } } }", None, account
        )
        # The latest run that was matched to a planned day (with 5 planned runs a week, some
        # of the 12 runs always are, whatever the weekday).
        execution_id = next(
            edge["node"]["executionId"]
            for edge in activities["data"]["activities"]["edges"]
            if edge["node"]["executionId"]
        )
        saved = await graphql(
            http,
            "mutation F($e: ID!) { recordFeedback(executionId: $e, feedback: "
            '{painReported: true, painLocation: "knee"}) { __typename } }',
            {"e": execution_id},
            account,
        )
        assert "errors" not in saved, saved
        assert saved["data"]["recordFeedback"]["__typename"] == "ExecutionSaved", saved
        await settled(http, account, before["updatedAt"])
        state = (await state_of(http, account))["currentState"]
        assert state["injuryRisk"]["level"] == "high"
        assert any("pain" in factor for factor in state["injuryRisk"]["factors"])

    async def test_a_sleep_import_feeds_readiness(
        self, http: httpx.AsyncClient, make_account
    ) -> None:
        account = await make_account("sleep")
        await runner_in_plan(http, account)
        # Woke an hour ago; the device reports its times at the runner's local offset.
        now = account.clock.now().replace(microsecond=0)
        end = now.astimezone(ZoneInfo(account.timezone)) - timedelta(hours=1)
        night = {
            "metadata": {
                "summary_id": f"night-{account.email}",
                "start_time": (end - timedelta(hours=8)).isoformat(),
                "end_time": end.isoformat(),
            },
            "sleep_durations_data": {"asleep": {"duration_asleep_state_seconds": 4 * 3600}},
            "data_enrichment": {"sleep_score": 35},
            "heart_rate_data": {"summary": {"resting_hr_bpm": 52}},
        }
        before = (await state_of(http, account))["currentState"]["updatedAt"]
        body = await graphql(http, IMPORT, {"source": "TERRA_SLEEP", "payload": [night]}, account)
        assert body["data"]["importActivities"]["__typename"] == "HealthRecordsImported", body
        await settled(http, account, before)
        state = (await state_of(http, account))["currentState"]
        assert state["latestSleepScore"] == 35
        assert state["latestRestingHr"] == 52
        # A poor, short night and nothing else known: readiness is low and says why.
        factors = {f["name"]: f for f in state["readiness"]["factors"]}
        assert factors["sleep_score"]["impact"] == "negative"
        assert factors["sleep_duration_h"] == {
            "name": "sleep_duration_h",
            "value": 4.0,
            "impact": "negative",
        }
        assert state["readiness"]["level"] == "low"


def six_weeks_of_runs(account: Account, *, strap_lost_days: int) -> list[dict]:
    """Three easy runs (8 km in 48 min at 140 bpm) and a tempo (10 km in 50 min at 165 bpm)
    a week for the six weeks before today; the last `strap_lost_days` days' runs carry no
    heart rate."""
    today = account.today()
    runs = []
    for offset in range(1, 43):
        if offset % 7 not in {1, 3, 5, 6}:
            continue
        tempo = offset % 7 == 3
        heart_rate = 165 if tempo else 140
        run = strava_run(
            today - timedelta(days=offset),
            10.0 if tempo else 8.0,
            50.0 if tempo else 48.0,
            timezone=account.timezone,
            average_heartrate=None if offset <= strap_lost_days else heart_rate,
            max_heartrate=None if offset <= strap_lost_days else heart_rate + 15,
        )
        runs.append(run)
    return runs


class TestOneLoadScale:
    async def test_losing_the_heart_rate_strap_for_two_weeks_barely_moves_form(
        self, http: httpx.AsyncClient, make_account
    ) -> None:
        form = {}
        methods = {}
        two_weeks = {}
        for name, lost_days in (("strap", 0), ("nostrap", 14)):
            account = await make_account(f"scale-{name}")
            await runner_in_plan(http, account)
            await with_heart_rate_profile(http, account)
            await import_runs(http, account, six_weeks_of_runs(account, strap_lost_days=lost_days))
            form[name] = (await state_of(http, account))["currentState"]
            chart = await graphql(
                http,
                FITNESS,
                {
                    "from": (account.today() - timedelta(days=13)).isoformat(),
                    "to": account.today().isoformat(),
                },
                account,
            )
            two_weeks[name] = sum(d["load"] for d in chart["data"]["viewer"]["runner"]["fitness"])
            body = await graphql(http, LOADS, None, account)
            methods[name] = {
                e["node"]["load"]["method"] for e in body["data"]["activities"]["edges"]
            }
        assert methods == {"strap": {"hr_tss"}, "nostrap": {"hr_tss", "rtss"}}
        # The same runs, loaded from pace instead of heart rate for two weeks, weigh about the
        # same (raw TRIMP against rTSS: 331 against 247 a week, a third more).
        assert two_weeks["nostrap"] == pytest.approx(two_weeks["strap"], rel=0.15)
        assert abs(form["strap"]["tsb"] - form["nostrap"]["tsb"]) < 10
        assert abs(form["strap"]["ctl"] - form["nostrap"]["ctl"]) < 10
        assert form["strap"]["injuryRisk"]["level"] == form["nostrap"]["injuryRisk"]["level"]


class TestFitnessChart:
    async def test_chart_matches_the_state_and_the_runs(
        self, http: httpx.AsyncClient, make_account
    ) -> None:
        account = await make_account("chart")
        await runner_in_plan(http, account)
        await import_runs(http, account, three_weeks_of_runs(account))
        today = account.today()
        first = today - timedelta(days=27)
        body = await graphql(
            http, FITNESS, {"from": first.isoformat(), "to": today.isoformat()}, account
        )
        days = body["data"]["viewer"]["runner"]["fitness"]
        assert days[0]["date"] == first.isoformat()
        assert len(days) == 28
        run_days = {(today - timedelta(days=offset)).isoformat() for offset in RUN_OFFSETS}
        assert {d["date"] for d in days if d["load"] > 0} == run_days
        assert all(d["ctl"] == 0 for d in days[:7])
        state = (await state_of(http, account))["currentState"]
        assert days[-1]["ctl"] == pytest.approx(state["ctl"], abs=0.01)
        assert days[-1]["tsb"] == pytest.approx(state["tsb"], abs=0.01)

    async def test_ranges_are_bounded(self, http: httpx.AsyncClient, make_account) -> None:
        account = await make_account("range")
        too_long = await graphql(http, FITNESS, {"from": "2015-01-01", "to": "2025-01-01"}, account)
        assert too_long["data"] is None
        error = too_long["errors"][0]
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert "at most" in error["message"]
        backwards = await graphql(
            http, FITNESS, {"from": "2025-02-01", "to": "2025-01-01"}, account
        )
        assert backwards["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"

    async def test_another_runner_sees_only_their_own_chart(
        self, http: httpx.AsyncClient, make_account
    ) -> None:
        owner = await make_account("owner")
        await runner_in_plan(http, owner)
        await import_runs(http, owner, three_weeks_of_runs(owner))
        other = await make_account("other")
        today = other.today()
        span = {"from": (today - timedelta(days=20)).isoformat(), "to": today.isoformat()}
        body = await graphql(http, FITNESS, span, other)
        assert all(day["load"] == 0 for day in body["data"]["viewer"]["runner"]["fitness"])


class TestPlanFitness:
    async def test_forecast_runs_from_today_to_race_day(
        self, http: httpx.AsyncClient, make_account
    ) -> None:
        account = await make_account("forecast")
        plan_id = await runner_in_plan(http, account)
        await import_runs(http, account, three_weeks_of_runs(account))
        body = await graphql(http, PLAN_FITNESS, {"id": plan_id}, account)
        plan = body["data"]["plan"]
        forecast = plan["loadForecast"]
        end = date.fromisoformat(plan["metadata"]["endDate"])
        assert forecast[0]["date"] == account.today().isoformat()
        assert forecast[-1]["date"] == end.isoformat()
        assert len(forecast) == (end - account.today()).days + 1
        # It continues today's state: today's form is yesterday's balance either way.
        state = (await state_of(http, account))["currentState"]
        assert forecast[0]["tsb"] == pytest.approx(state["tsb"], abs=0.01)
        # Thirteen weeks of planned training raise fitness; the taper freshens form by race day.
        assert forecast[-1]["ctl"] > state["ctl"]
        assert sum(1 for day in forecast if day["load"] > 0) >= 13 * 3
        assert forecast[-1]["tsb"] > min(day["tsb"] for day in forecast) + 5

    async def test_prediction_from_the_baseline_against_the_goal(
        self, http: httpx.AsyncClient, make_account
    ) -> None:
        account = await make_account("predict")
        plan_id = await runner_in_plan(http, account)
        body = await graphql(http, PLAN_FITNESS, {"id": plan_id}, account)
        race_id = body["data"]["plan"]["race"]["id"]
        await graphql(
            http,
            "mutation U($id: ID!, $i: UpdateRaceInput!) { updateRace(id: $id, input: $i) "
            "{ __typename } }",
            {"id": race_id, "i": {"goalTimeS": 6000}},
            account,
        )
        body = await graphql(http, PLAN_FITNESS, {"id": plan_id}, account)
        prediction = body["data"]["plan"]["prediction"]
        assert prediction["basis"] == {"kind": "baseline_5k", "distanceM": 5000.0, "timeS": 1440.0}
        assert prediction["distanceM"] == 21097.5
        # Riegel: 1440 x (21097.5 / 5000)^1.06 = 1440 x 4.600 = 6624 s (1:50:24).
        assert prediction["riegelS"] == pytest.approx(6624, abs=3)
        # Daniels: a 24:00 5 km is VDOT 40.2; its half is within a minute of Riegel's, the
        # distance where Riegel is well calibrated.
        assert prediction["vdotEquivalentS"] == pytest.approx(6624, abs=60)
        assert prediction["predictedTimeS"] == prediction["vdotEquivalentS"]
        # GoFast: (463.5 s/mile + (13.11 - 3.1) / 6.2 x 10 s) x 13.11 miles = 6288 s.
        assert prediction["gofastBaselineS"] == pytest.approx(6288, abs=3)
        # A 1:40 goal is about 10 % faster than the prediction: off track.
        assert prediction["goalTimeS"] == 6000
        assert prediction["onTrack"]["status"] == "OFF_TRACK"
        assert prediction["onTrack"]["deltaS"] == pytest.approx(
            prediction["predictedTimeS"] - 6000, abs=0.2
        )
        # The baseline has not changed in two weeks.
        assert prediction["trend"] == "steady"

    async def test_another_runners_plan_reads_as_missing(
        self, http: httpx.AsyncClient, make_account
    ) -> None:
        owner = await make_account("planowner")
        plan_id = await runner_in_plan(http, owner)
        other = await make_account("intruder")
        body = await graphql(http, PLAN_FITNESS, {"id": plan_id}, other)
        assert body["data"] == {"plan": None}
        assert "errors" not in body
