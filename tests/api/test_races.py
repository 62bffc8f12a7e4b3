"""Concurrent writes never lose a link: each race of issue #16 run many times at once."""

from __future__ import annotations

import asyncio
from datetime import date

import httpx
import pytest
from bson import ObjectId

from app.server import create_app
from tests.api.tracking_helpers import import_strava, runner_in_plan, strava_run, week_sessions
from tests.conftest import graphql, serve

ROUNDS = 20
SKIP = (
    "mutation S($s: ID!) { skipSession(sessionId: $s, reason: 'ill') "
    "{ __typename ... on SessionSaved { session { status } } } }"
).replace("'ill'", '"ill"')
RESCHEDULE = (
    "mutation R($s: ID!, $d: Date!) { rescheduleSession(sessionId: $s, date: $d) "
    "{ __typename ... on SessionSaved { session { status scheduledDate } } ... on UserError { message } } }"
)
EASY = {"EASY", "RECOVERY"}


@pytest.fixture
async def http(settings):
    """An API process for one runner's 40 imports in a minute (the throttle set out of the way)."""
    roomy = settings.model_copy(update={"max_heavy_mutations_per_minute": 10_000})
    async with (
        serve(create_app(roomy)) as url,
        httpx.AsyncClient(base_url=url, timeout=30) as client,
    ):
        yield client


class TestSkipAndRescheduleAtOnce:
    async def test_one_wins_and_the_session_agrees_with_its_execution(
        self, http, make_account, repositories
    ):
        account = await make_account()
        plan_id = await runner_in_plan(http, account, weeks_ago=0)
        rounds = 0
        for week in range(2, 16):
            sessions = await week_sessions(http, account, plan_id, week)
            for session in (s for s in sessions if s["type"] in EASY):
                if rounds == ROUNDS:
                    break
                # The week's days as they stand now (earlier rounds moved some sessions).
                now = await week_sessions(http, account, plan_id, week)
                days = sorted({s["scheduledDate"] for s in now})
                target = next(d for d in days if d != session["scheduledDate"])
                skip, move = await asyncio.gather(
                    graphql(http, SKIP, {"s": session["id"]}, account),
                    graphql(http, RESCHEDULE, {"s": session["id"], "d": target}, account),
                )
                kinds = sorted(
                    (
                        skip["data"]["skipSession"]["__typename"],
                        move["data"]["rescheduleSession"]["__typename"],
                    )
                )
                assert kinds in (["Conflict", "SessionSaved"], ["SessionSaved", "SessionSaved"]), (
                    rounds,
                    skip,
                    move,
                )
                stored = await repositories.sessions.collection.find_one(
                    {"_id": ObjectId(session["id"])}
                )
                executions = await repositories.executions.collection.find(
                    {"sessionId": ObjectId(session["id"])}
                ).to_list()
                if executions:
                    (execution,) = executions
                    assert stored["status"] == "skipped", (rounds, stored, execution)
                    assert stored["executionId"] == execution["_id"]
                    assert execution["date"] == stored["scheduledDate"], (rounds, stored, execution)
                else:
                    assert stored["status"] == "scheduled", (rounds, stored)
                    assert stored.get("executionId") is None
                rounds += 1
        assert rounds == ROUNDS


class TestTheSameRunImportedTwiceAtOnce:
    async def test_stored_once_and_linked_every_round(self, http, make_account, repositories):
        account = await make_account()
        plan_id = await runner_in_plan(http, account, weeks_ago=5)
        runs = []
        for week in range(1, 6):
            runs += [
                s
                for s in await week_sessions(http, account, plan_id, week)
                if s["type"] not in {"REST", "RACE", "CROSS_TRAINING", "STRENGTH"}
                and s["scheduledDate"] < account.today().isoformat()
            ]
        assert len(runs) >= ROUNDS
        for round_number, session in enumerate(runs[:ROUNDS]):
            run = strava_run(
                date.fromisoformat(session["scheduledDate"]),
                session["distanceKm"],
                session["durationMin"],
                timezone=account.timezone,
            )
            answers = await asyncio.gather(*(import_strava(http, account, [run]) for _ in range(2)))
            assert sorted(len(a["activities"]) for a in answers) == [0, 1], answers
            stored = await repositories.sessions.collection.find_one(
                {"_id": ObjectId(session["id"])}
            )
            executions = await repositories.executions.collection.find(
                {"sessionId": ObjectId(session["id"])}
            ).to_list()
            assert len(executions) == 1, (round_number, executions)
            assert stored["executionId"] == executions[0]["_id"], (round_number, stored)
            assert stored["status"] in {"completed", "modified"}, (round_number, stored)
