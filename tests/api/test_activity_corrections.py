"""An activity stored with the wrong sport is corrected, or deleted (issue #13, item 5)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.api.tracking_helpers import IMPORT, runner_in_plan, strava_run, week_sessions
from tests.conftest import graphql

# Built from the plan's own past week: run on every day of the calendar check too.
pytestmark = pytest.mark.calendar

UPDATE = """
mutation U($a: ID!, $s: Sport) {
  updateActivity(activityId: $a, sport: $s) {
    __typename ... on ActivitySaved { activity { id sport matchStatus executionId } }
  }
}
"""
DELETE = """
mutation D($a: ID!) { deleteActivity(activityId: $a) { __typename } }
"""
PROGRESS = """
query P($p: ID!) { plan(id: $p) { progress { weeks { weekNumber actualVolumeKm } } } }
"""


async def week_volume(http, account, plan_id: str, week: int) -> float:
    body = await graphql(http, PROGRESS, {"p": plan_id}, account)
    weeks = body["data"]["plan"]["progress"]["weeks"]
    return next(w["actualVolumeKm"] for w in weeks if w["weekNumber"] == week)


class TestARunStoredAsARide:
    async def test_is_corrected_to_a_run_matched_and_counted_then_deleted(self, http, make_account):
        account = await make_account()
        plan_id = await runner_in_plan(http, account)
        session = next(
            s for s in await week_sessions(http, account, plan_id, 2) if s["type"] == "EASY"
        )
        day = date.fromisoformat(session["scheduledDate"])
        ride = strava_run(
            day,
            session["distanceKm"],
            session["durationMin"],
            sport="Ride",
            timezone=account.timezone,
        )
        body = await graphql(http, IMPORT, {"source": "STRAVA", "payload": [ride]}, account)
        (stored,) = body["data"]["importActivities"]["activities"]
        assert stored["matchStatus"] == "NOT_A_RUN"
        volume_before = await week_volume(http, account, plan_id, 2)

        fixed = await graphql(http, UPDATE, {"a": stored["id"], "s": "RUN"}, account)
        answer = fixed["data"]["updateActivity"]
        assert answer["__typename"] == "ActivitySaved", fixed
        assert (answer["activity"]["sport"], answer["activity"]["matchStatus"]) == (
            "RUN",
            "MATCHED",
        )
        (linked,) = [
            s for s in await week_sessions(http, account, plan_id, 2) if s["id"] == session["id"]
        ]
        assert linked["status"] in {"COMPLETED", "MODIFIED"}
        assert [e["activity"]["id"] for e in linked["executions"]] == [stored["id"]]
        assert await week_volume(http, account, plan_id, 2) == pytest.approx(
            volume_before + session["distanceKm"], abs=0.05
        )

        deleted = await graphql(http, DELETE, {"a": stored["id"]}, account)
        assert deleted["data"]["deleteActivity"]["__typename"] == "ActivityDeleted", deleted
        (freed,) = [
            s for s in await week_sessions(http, account, plan_id, 2) if s["id"] == session["id"]
        ]
        assert freed["executions"] == []
        assert await week_volume(http, account, plan_id, 2) == pytest.approx(volume_before)
        gone = await graphql(
            http,
            "query A($a: ID!) { activity(activityId: $a) { id } }",
            {"a": stored["id"]},
            account,
        )
        assert gone["data"]["activity"] is None
