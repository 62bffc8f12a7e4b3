"""Editing and deleting an activity: the planned day, the matching and the state follow."""

from __future__ import annotations

from datetime import date

import httpx

from tests.api.tracking_helpers import import_strava, runner_in_plan, strava_run, week_sessions
from tests.conftest import Account, graphql

UPDATE = """
mutation U($id: ID!, $sport: Sport, $name: String, $notes: String) {
  updateActivity(activityId: $id, sport: $sport, name: $name, notes: $notes) {
    __typename
    ... on ActivitySaved { activity { id sport name notes matchStatus executionId } }
    ... on NotFound { message }
    ... on InvalidInput { field message }
  }
}
"""
DELETE = """
mutation D($id: ID!) { deleteActivity(activityId: $id) {
  __typename ... on ActivityDeleted { activityId } ... on NotFound { message } } }
"""


async def linked_run(http: httpx.AsyncClient, account: Account) -> tuple[str, dict, dict]:
    """A plan, and a run on the first run day of the past week, linked to it."""
    plan_id = await runner_in_plan(http, account)
    week = await week_sessions(http, account, plan_id, 3)
    session = next(
        s
        for s in week
        if s["type"] not in {"REST", "RACE"}
        and date.fromisoformat(s["scheduledDate"]) < account.today()
    )
    day = date.fromisoformat(session["scheduledDate"])
    answer = await import_strava(
        http, account, [strava_run(day, session["distanceKm"], session["durationMin"])]
    )
    assert answer["linked"] == 1, answer
    return plan_id, session, answer["activities"][0]


async def session_now(
    http: httpx.AsyncClient, account: Account, plan_id: str, session: dict
) -> dict:
    week = await week_sessions(http, account, plan_id, 3)
    return next(s for s in week if s["id"] == session["id"])


class TestUpdateActivity:
    async def test_name_and_notes_change_nothing_else(self, http, make_account):
        account = await make_account()
        plan_id, session, run = await linked_run(http, account)
        body = await graphql(
            http, UPDATE, {"id": run["id"], "name": "Easy by the river", "notes": "windy"}, account
        )
        saved = body["data"]["updateActivity"]["activity"]
        assert (saved["name"], saved["notes"], saved["sport"]) == (
            "Easy by the river",
            "windy",
            "RUN",
        )
        assert saved["executionId"] == run["executionId"]
        assert (await session_now(http, account, plan_id, session))["status"] == "COMPLETED"

    async def test_another_sport_frees_the_day_and_back_to_run_links_it_again(
        self, http, make_account
    ):
        account = await make_account()
        plan_id, session, run = await linked_run(http, account)
        body = await graphql(http, UPDATE, {"id": run["id"], "sport": "RIDE"}, account)
        ride = body["data"]["updateActivity"]["activity"]
        assert (ride["sport"], ride["matchStatus"], ride["executionId"]) == (
            "RIDE",
            "NOT_A_RUN",
            None,
        )
        freed = await session_now(http, account, plan_id, session)
        assert freed["status"] == "MISSED"  # a past day with no run
        assert freed["executions"] == []

        body = await graphql(http, UPDATE, {"id": run["id"], "sport": "RUN"}, account)
        again = body["data"]["updateActivity"]["activity"]
        assert again["matchStatus"] == "MATCHED"
        relinked = await session_now(http, account, plan_id, session)
        assert relinked["status"] == "COMPLETED"
        assert relinked["executions"][0]["activity"]["id"] == run["id"]

    async def test_too_long_notes_are_refused_and_nothing_changes(self, http, make_account):
        account = await make_account()
        _, _, run = await linked_run(http, account)
        body = await graphql(http, UPDATE, {"id": run["id"], "notes": "x" * 2001}, account)
        assert body["data"]["updateActivity"]["__typename"] == "InvalidInput"
        assert body["data"]["updateActivity"]["field"] == "notes"


class TestDeleteActivity:
    async def test_the_day_is_free_and_the_execution_gone(self, http, make_account, repositories):
        account = await make_account()
        plan_id, session, run = await linked_run(http, account)
        body = await graphql(http, DELETE, {"id": run["id"]}, account)
        assert body["data"]["deleteActivity"] == {
            "__typename": "ActivityDeleted",
            "activityId": run["id"],
        }
        freed = await session_now(http, account, plan_id, session)
        assert (freed["status"], freed["executions"]) == ("MISSED", [])
        assert (
            await repositories.executions.collection.count_documents(
                {"runnerId": account.runner_id}
            )
            == 0
        )
        again = await graphql(http, DELETE, {"id": run["id"]}, account)
        assert again["data"]["deleteActivity"]["__typename"] == "NotFound"

    async def test_a_duplicate_recording_takes_the_deleted_ones_place(self, http, make_account):
        account = await make_account()
        plan_id, session, run = await linked_run(http, account)
        day = date.fromisoformat(session["scheduledDate"])
        watch = strava_run(day, session["distanceKm"], session["durationMin"], hour=7)
        duplicate = (await import_strava(http, account, [watch]))["activities"][0]
        assert duplicate["matchStatus"] == "DUPLICATE"
        await graphql(http, DELETE, {"id": run["id"]}, account)
        relinked = await session_now(http, account, plan_id, session)
        assert relinked["status"] == "COMPLETED"
        assert relinked["executions"][0]["activity"]["id"] == duplicate["id"]


class TestOnlyTheOwner:
    async def test_another_runners_activity_answers_like_a_missing_one(self, http, make_account):
        owner = await make_account("owner")
        intruder = await make_account("intruder")
        plan_id, session, run = await linked_run(http, owner)
        for document, variables in (
            (UPDATE, {"id": run["id"], "name": "mine"}),
            (DELETE, {"id": run["id"]}),
        ):
            body = await graphql(http, document, variables, intruder)
            answer = next(iter(body["data"].values()))
            assert answer["__typename"] == "NotFound"
        unchanged = await session_now(http, owner, plan_id, session)
        assert unchanged["status"] == "COMPLETED"
