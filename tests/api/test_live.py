"""Live session status with real clients (Python gql, Node graphql-ws), across processes via Redis."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import sys
import time
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import httpx
import pytest

from app.server import create_app
from app.settings import Settings, load_settings
from tests.api.test_subscriptions import first_event, ws_client
from tests.api.tracking_helpers import IMPORT, runner_in_plan, strava_run, week_sessions
from tests.conftest import Account, free_port, graphql, serve

STATUS = (
    "subscription S($planId: ID!) { sessionStatusChanged(planId: $planId) "
    "{ status previousStatus session { id status } } }"
)
LINK = "mutation L($a: ID!, $s: ID!) { linkActivity(activityId: $a, sessionId: $s) { __typename } }"
NODE_CLIENT = Path(__file__).resolve().parent.parent / "node" / "subscribe.mjs"


@pytest.fixture(scope="module")
async def api_url(settings: Settings, command_recorder) -> AsyncIterator[str]:
    async with serve(create_app(settings, [command_recorder])) as url:
        yield url


async def unplanned_run_and_session(http, account: Account) -> tuple[str, str, str]:
    """A plan, a run from a day outside it, and an open session to link the run to."""
    plan_id = await runner_in_plan(http, account, weeks_ago=0)
    week = await week_sessions(http, account, plan_id, 3)
    session = next(s for s in week if s["type"] not in {"REST", "RACE"})
    imported = await graphql(
        http,
        IMPORT,
        {"source": "STRAVA", "payload": [strava_run(date(2021, 3, 1), 8, 45)]},
        account,
    )
    activity_id = imported["data"]["importActivities"]["activities"][0]["id"]
    return plan_id, activity_id, session["id"]


class TestPythonClient:
    async def test_link_pushes_the_status_to_its_owner_within_a_second(
        self, api_url: str, http, make_account
    ):
        owner, other = await make_account("owner"), await make_account("other")
        plan_id, activity_id, session_id = await unplanned_run_and_session(http, owner)
        other_plan = await runner_in_plan(http, other, weeks_ago=0)
        async with ws_client(api_url, owner) as mine, ws_client(api_url, other) as theirs:
            listening = asyncio.create_task(first_event(mine, STATUS, {"planId": plan_id}))
            eavesdropping = asyncio.create_task(first_event(theirs, STATUS, {"planId": other_plan}))
            await asyncio.sleep(0.3)
            started = time.monotonic()
            linked = await graphql(http, LINK, {"a": activity_id, "s": session_id}, owner)
            assert linked["data"]["linkActivity"]["__typename"] == "ExecutionSaved"
            event = await asyncio.wait_for(listening, timeout=1)
            assert time.monotonic() - started < 1
            change = event["sessionStatusChanged"]
            assert change["session"]["id"] == session_id
            assert change["status"] in {"COMPLETED", "MODIFIED"}
            assert change["previousStatus"] == "SCHEDULED"
            await asyncio.sleep(0.3)
            assert not eavesdropping.done(), "another runner received the owner's status change"
            eavesdropping.cancel()


class TestNodeClient:
    async def test_graphql_ws_client_receives_the_change(self, api_url: str, http, make_account):
        node = shutil.which("node")
        assert node, "Node.js is required for the graphql-ws client test"
        assert (NODE_CLIENT.parent / "node_modules" / "graphql-ws").exists(), "run `make`"
        owner = await make_account("owner")
        plan_id, activity_id, session_id = await unplanned_run_and_session(http, owner)
        client = await asyncio.create_subprocess_exec(
            node,
            str(NODE_CLIENT),
            api_url.replace("http://", "ws://") + "/graphql",
            owner.token,
            STATUS,
            json.dumps({"planId": plan_id}),
            "1",
            stdout=asyncio.subprocess.PIPE,
        )
        assert client.stdout is not None
        try:
            line = await asyncio.wait_for(client.stdout.readline(), timeout=10)
            assert json.loads(line) == {"connected": True}
            await asyncio.sleep(0.5)
            started = time.monotonic()
            await graphql(http, LINK, {"a": activity_id, "s": session_id}, owner)
            line = await asyncio.wait_for(client.stdout.readline(), timeout=1)
            assert time.monotonic() - started < 1
            event = json.loads(line)["data"]["sessionStatusChanged"]
            assert event["session"]["id"] == session_id
            assert await asyncio.wait_for(client.wait(), timeout=5) == 0
        finally:
            if client.returncode is None:
                client.kill()
                await client.wait()


@pytest.fixture
async def second_process(settings: Settings, redis_url: str) -> AsyncIterator[str]:
    """Another API process on the same database and Redis."""
    port = free_port()
    env = {
        **os.environ,
        "MONGODB_URI": settings.mongodb_uri or "",
        "CADENCE_DATABASE_NAME": settings.database_name,
        "REDIS_URL": redis_url,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "app",
        "serve",
        "--port",
        str(port),
        env=env,
        stderr=asyncio.subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        # A loaded machine may take many seconds to import and start the app: wait for it to
        # say it is ready (or to exit), not for a fixed number of tries.
        ready_by = time.monotonic() + 90
        async with httpx.AsyncClient() as client:
            while True:
                with contextlib.suppress(httpx.TransportError):
                    if (await client.get(f"{url}/readyz")).status_code == 200:
                        break
                assert process.returncode is None, "the second API process exited"
                assert time.monotonic() < ready_by, "the second API process never became ready"
                await asyncio.sleep(0.1)
        yield url
    finally:
        process.terminate()
        await process.wait()


class TestAcrossProcesses:
    async def test_event_raised_in_one_process_reaches_a_subscriber_of_another(
        self, settings: Settings, redis_url: str, second_process: str, make_account
    ):
        with_redis = load_settings(**{**settings.model_dump(), "redis_url": redis_url})
        async with (
            serve(create_app(with_redis)) as first_process,
            httpx.AsyncClient(base_url=first_process, timeout=10) as http,
        ):
            owner = await make_account("owner")
            plan_id, activity_id, session_id = await unplanned_run_and_session(http, owner)
            async with ws_client(second_process, owner) as session:
                listening = asyncio.create_task(first_event(session, STATUS, {"planId": plan_id}))
                await asyncio.sleep(0.5)
                await graphql(http, LINK, {"a": activity_id, "s": session_id}, owner)
                event = await asyncio.wait_for(listening, timeout=2)
        assert event["sessionStatusChanged"]["session"]["id"] == session_id
