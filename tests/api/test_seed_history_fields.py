"""A planned day's outcome, an activity, the runner and the health history in seed terms.

The seed's `plannedSessions` carry their outcome (completed activity, adherence 0-1, actual
duration and distance), its `activities` their plan link and Terra units, its runner and
history tables their own names; the API answers them from what Cadence stores, so both
readings agree.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.api.test_generate_plan import set_profile
from tests.api.test_history import day_summary, imported, morning, night, weigh_in
from tests.api.test_seed_components import generated_plan
from tests.conftest import graphql
from tests.factories import build_world

# The health history is dated back from the runner's today: run on the calendar days too.
pytestmark = pytest.mark.calendar

SESSIONS = """
query Days($id: ID!) { plan(id: $id) { weeks(from: 1, to: 2) { sessions {
  id type completedActivityId completedAt adherenceScore actualDurationSeconds
  actualDistanceMeters canBeSplit alternatives { sessionType whenToUse when }
  executions { activity { id } analysis { adherenceScore } actual { durationMin distanceKm } }
} } } }
"""
ACTIVITIES = """
{ activities(first: 20) { edges { node {
  id startTime endTime elapsedTimeS durationSeconds distanceM distanceMeters
  activityType sport plannedSessionId planAdherence sessionType sessionTypeSource
  importedAt lastSyncedAt
} } } }
"""


class TestSessionOutcomeInSeedTerms:
    async def test_executed_days_answer_from_their_execution(
        self, http, make_account, repositories
    ):
        account = await make_account()
        world = await build_world(repositories, account.runner_id, 4, executed_days=3)
        body = await graphql(http, SESSIONS, {"id": str(world.plan["_id"])}, account)
        assert "errors" not in body, body
        days = [s for w in body["data"]["plan"]["weeks"] for s in w["sessions"]]

        executed = [day for day in days if day["executions"]]
        assert len(executed) == 3
        for day in executed:
            execution = day["executions"][0]
            assert day["completedActivityId"] == execution["activity"]["id"]
            assert day["adherenceScore"] == execution["analysis"]["adherenceScore"] / 100
            assert day["actualDurationSeconds"] == execution["actual"]["durationMin"] * 60
            assert day["actualDistanceMeters"] == execution["actual"]["distanceKm"] * 1000
            assert datetime.fromisoformat(day["completedAt"])
        for day in days:
            if not day["executions"]:
                assert day["completedActivityId"] is day["adherenceScore"] is None
            for alternative in day["alternatives"]:
                assert alternative["whenToUse"] == alternative["when"]
                assert alternative["sessionType"]


class TestActivityInSeedTerms:
    async def test_units_and_plan_link(self, http, make_account, repositories):
        account = await make_account()
        world = await build_world(repositories, account.runner_id, 4, executed_days=3)
        body = await graphql(http, ACTIVITIES, account=account)
        assert "errors" not in body, body
        nodes = [edge["node"] for edge in body["data"]["activities"]["edges"]]
        session_of = {str(e["activityId"]): e["sessionId"] for e in world.executions}
        snapshot_type = {
            str(e["activityId"]): e["plannedSnapshot"]["type"] for e in world.executions
        }
        adherence = {
            str(e["activityId"]): e["analysis"]["adherenceScore"] for e in world.executions
        }

        assert len(nodes) == 3
        for node in nodes:
            assert node["distanceMeters"] == node["distanceM"]
            assert node["durationSeconds"] == node["elapsedTimeS"]
            started = datetime.fromisoformat(node["startTime"])
            assert datetime.fromisoformat(node["endTime"]) == started + timedelta(
                seconds=node["elapsedTimeS"]
            )
            assert node["activityType"] == node["sport"].lower()
            assert node["plannedSessionId"] == str(session_of[node["id"]])
            assert node["planAdherence"] == adherence[node["id"]] / 100
            assert node["sessionType"] == snapshot_type[node["id"]]
            assert node["sessionTypeSource"] == "plan"
            assert node["lastSyncedAt"] == node["importedAt"]


RUNNER = """
{ viewer { runner {
  physical { maxHeartRate maxHr restingHeartRate restingHr }
  running { currentVolume currentWeeklyVolumeKm currentFrequency currentRunsPerWeek }
  coaching { coachingVoice tone }
  health { hasPhysicianClearance clearedForTraining }
  connections { stravaConnected wearableConnected sourcePrecedence { customPriority { source priority } } }
  conversationState { dataCompleteness fieldsMissing readyForPlan }
  goals { goalFeasibility goalFeasibilityReason }
} } }
"""


class TestRunnerInSeedTerms:
    async def test_the_profile_answers_under_the_seeds_names(self, http, make_account):
        account = await make_account()
        await set_profile(http, account)
        body = await graphql(http, RUNNER, account=account)
        assert "errors" not in body, body
        runner = body["data"]["viewer"]["runner"]

        physical, running = runner["physical"], runner["running"]
        assert (physical["maxHeartRate"], physical["restingHeartRate"]) == (186, 52)
        assert physical["maxHeartRate"] == physical["maxHr"]
        assert running["currentVolume"] == running["currentWeeklyVolumeKm"] == 30
        assert running["currentFrequency"] == running["currentRunsPerWeek"] == 4
        assert runner["coaching"]["coachingVoice"] == runner["coaching"]["tone"]
        health = runner["health"]
        assert health["hasPhysicianClearance"] == health["clearedForTraining"]
        connections = runner["connections"]
        assert connections["stravaConnected"] is connections["wearableConnected"] is False
        ranks = [item["priority"] for item in connections["sourcePrecedence"]["customPriority"]]
        assert ranks == list(range(len(ranks)))
        assert ranks
        # The profile set holds every plan input but the date of birth and the longest run.
        state = runner["conversationState"]
        assert state["fieldsMissing"] == ["identity.dateOfBirth", "running.longestRecentRunKm"]
        assert state["dataCompleteness"] == round(100 * 5 / 7)
        assert state["readyForPlan"] is True
        assert runner["goals"]["goalFeasibility"] is None  # no plan yet

    async def test_the_goal_feasibility_is_the_current_plans(self, http, make_account):
        account = await make_account()
        await generated_plan(http, account)
        body = await graphql(
            http,
            "{ viewer { runner { goals { goalFeasibility goalFeasibilityReason } } "
            "activePlan { season { goalFeasibility { verdict reason } } } } }",
            account=account,
        )
        assert "errors" not in body, body
        goals = body["data"]["viewer"]["runner"]["goals"]
        verdict = body["data"]["viewer"]["activePlan"]["season"]["goalFeasibility"]
        assert goals["goalFeasibility"] == verdict["verdict"].lower()
        assert goals["goalFeasibilityReason"] == verdict["reason"]


HEALTH = """
{ sleepSessions(first: 5) { edges { node {
    durationS totalAsleepSeconds score sleepScore importedAt lastSyncedAt } } }
  dailySummaries(first: 5) { edges { node {
    steps totalSteps restingHr restingHeartRateBpm source sources } } }
  bodyMeasurements(first: 5) { edges { node {
    measuredAt timestamp bodyFatPct bodyFatPercentage } } } }
"""


class TestHealthHistoryInSeedTerms:
    async def test_sleep_days_and_body_answer_under_the_seeds_names(self, http, make_account):
        account = await make_account()
        await imported(http, account, "TERRA_SLEEP", [night(account, morning(account, 1), 81)])
        await imported(
            http, account, "TERRA_DAILY", [day_summary(account, morning(account, 2), 9000)]
        )
        await imported(http, account, "TERRA_BODY", [weigh_in(morning(account, 1), 70.5)])
        body = await graphql(http, HEALTH, account=account)
        assert "errors" not in body, body
        data = body["data"]

        (sleep,) = [edge["node"] for edge in data["sleepSessions"]["edges"]]
        assert sleep["totalAsleepSeconds"] == sleep["durationS"] == 6.5 * 3600
        assert sleep["sleepScore"] == sleep["score"] == 81
        assert sleep["lastSyncedAt"] == sleep["importedAt"]
        (day,) = [edge["node"] for edge in data["dailySummaries"]["edges"]]
        assert day["totalSteps"] == day["steps"] == 9000
        assert day["restingHeartRateBpm"] == day["restingHr"] == 50
        assert day["sources"] == [day["source"]]
        (body_measure,) = [edge["node"] for edge in data["bodyMeasurements"]["edges"]]
        assert body_measure["timestamp"] == body_measure["measuredAt"]
        assert body_measure["bodyFatPercentage"] == body_measure["bodyFatPct"] == 16
