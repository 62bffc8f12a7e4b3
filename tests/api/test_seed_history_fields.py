"""A planned day's execution and an activity, read under the seed's names and units.

The seed's `plannedSessions` carry their outcome (completed activity, adherence 0-1, actual
duration and distance) and its `activities` their plan link and Terra units; the API answers
them from the executions and activities Cadence stores, so both readings agree.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from tests.conftest import graphql
from tests.factories import build_world

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
