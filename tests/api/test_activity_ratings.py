"""The runner rates their own activity: how it felt (1-5) and its RPE (1-10), stored once."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.api.test_activity_edits import linked_run
from tests.api.tracking_helpers import import_strava, strava_run
from tests.conftest import Account, graphql

RATE = """
mutation R($id: ID!, $rating: Int, $rpe: Float) {
  updateActivity(activityId: $id, userRating: $rating, perceivedExertion: $rpe) {
    __typename
    ... on ActivitySaved { activity { id userRating perceivedExertion executionId } }
    ... on NotFound { message }
    ... on InvalidInput { field message }
  }
}
"""
ACTIVITY = """
query A($id: ID!) { activity(activityId: $id) { userRating perceivedExertion executionId } }
"""
EXECUTION = "query E($id: ID!) { execution(id: $id) { feedback { rpe soreness recordedAt } } }"
FEEDBACK = """
mutation F($id: ID!, $f: FeedbackInput!) {
  recordFeedback(executionId: $id, feedback: $f) { __typename }
}
"""


async def rate(http, account: Account, activity_id: str, **values: object) -> dict:
    body = await graphql(http, RATE, {"id": activity_id, **values}, account)
    assert "errors" not in body, body
    return body["data"]["updateActivity"]


async def activity_of(http, account: Account, activity_id: str) -> dict:
    body = await graphql(http, ACTIVITY, {"id": activity_id}, account)
    assert "errors" not in body, body
    return body["data"]["activity"]


async def feedback_of(http, account: Account, execution_id: str) -> dict | None:
    body = await graphql(http, EXECUTION, {"id": execution_id}, account)
    assert "errors" not in body, body
    return body["data"]["execution"]["feedback"]


async def a_ride(http, account: Account) -> dict:
    day = account.today() - timedelta(days=2)
    answer = await import_strava(
        http, account, [strava_run(day, 30, 70, sport="Ride", timezone=account.timezone)]
    )
    (ride,) = answer["activities"]
    return ride


class TestRatingARun:
    async def test_rating_and_rpe_round_trip_and_the_rpe_is_the_executions_feedback(
        self, http, make_account
    ):
        account = await make_account()
        _, _, run = await linked_run(http, account)
        saved = await rate(http, account, run["id"], rating=4, rpe=7)
        assert saved["__typename"] == "ActivitySaved", saved
        assert (saved["activity"]["userRating"], saved["activity"]["perceivedExertion"]) == (4, 7)
        assert await activity_of(http, account, run["id"]) == {
            "userRating": 4,
            "perceivedExertion": 7.0,
            "executionId": run["executionId"],
        }
        feedback = await feedback_of(http, account, run["executionId"])
        assert feedback is not None
        assert (feedback["rpe"], feedback["soreness"]) == (7, None)
        assert feedback["recordedAt"] is not None

        # The same RPE through the execution's feedback: one value, whichever way it came.
        body = await graphql(
            http, FEEDBACK, {"id": run["executionId"], "f": {"rpe": 5, "soreness": 3}}, account
        )
        assert body["data"]["recordFeedback"]["__typename"] == "ExecutionSaved", body
        assert (await activity_of(http, account, run["id"]))["perceivedExertion"] == 5.0
        again = await rate(http, account, run["id"], rpe=8)
        assert again["activity"]["perceivedExertion"] == 8.0
        feedback = await feedback_of(http, account, run["executionId"])
        assert (feedback["rpe"], feedback["soreness"]) == (8, 3)

    async def test_an_activity_without_execution_keeps_its_own_rpe(self, http, make_account):
        account = await make_account()
        ride = await a_ride(http, account)
        assert ride["executionId"] is None
        saved = await rate(http, account, ride["id"], rpe=6, rating=2)
        assert saved["__typename"] == "ActivitySaved", saved
        assert await activity_of(http, account, ride["id"]) == {
            "userRating": 2,
            "perceivedExertion": 6.0,
            "executionId": None,
        }


class TestBadRatings:
    @pytest.mark.parametrize(
        ("values", "field"),
        [
            ({"rating": 0}, "userRating"),
            ({"rating": 6}, "userRating"),
            ({"rpe": 0}, "perceivedExertion"),
            ({"rpe": 11}, "perceivedExertion"),
            ({"rpe": 6.5}, "perceivedExertion"),
            ({"rating": 3, "rpe": -1}, "perceivedExertion"),
        ],
    )
    async def test_are_typed_errors_naming_the_field_and_nothing_changes(
        self, http, make_account, values, field
    ):
        account = await make_account()
        ride = await a_ride(http, account)
        answer = await rate(http, account, ride["id"], **values)
        assert answer["__typename"] == "InvalidInput", answer
        assert answer["field"] == field
        found = await activity_of(http, account, ride["id"])
        assert (found["userRating"], found["perceivedExertion"]) == (None, None)

    async def test_another_runners_activity_is_not_found_and_stays_unrated(
        self, http, make_account
    ):
        owner = await make_account()
        stranger = await make_account()
        ride = await a_ride(http, owner)
        answer = await rate(http, stranger, ride["id"], rating=1, rpe=10)
        assert answer["__typename"] == "NotFound", answer
        found = await activity_of(http, owner, ride["id"])
        assert (found["userRating"], found["perceivedExertion"]) == (None, None)
