"""Apollo Client 4 (Node, tests/node) against the API: persisted queries and a subscription."""

from __future__ import annotations

import asyncio
import json
import shutil
import uuid
from pathlib import Path

import pytest

from tests.api.test_subscriptions import PLAN_CHANGED, SET_STATUS
from tests.conftest import Account, graphql
from tests.factories import build_world

APOLLO = Path(__file__).resolve().parent.parent / "node" / "apollo.mjs"


def node() -> str:
    found = shutil.which("node")
    assert found, "Node.js is required for the Apollo Client tests"
    assert (APOLLO.parent / "node_modules" / "@apollo" / "client").exists(), "run `make test`"
    return found


async def start_apollo(*args: str) -> asyncio.subprocess.Process:
    """`node apollo.mjs ARGS...`, its output piped."""
    return await asyncio.create_subprocess_exec(
        node(), str(APOLLO), *args, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )


async def run_apollo(*args: str) -> dict:
    process = await start_apollo(*args)
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    assert process.returncode == 0, stderr.decode()
    return json.loads(stdout.decode().strip().splitlines()[-1])


class TestPersistedQueryLink:
    @pytest.mark.parametrize("method", ["POST", "GET"])
    async def test_the_hash_is_sent_alone_after_one_registration(
        self, api_url: str, make_account, method: str
    ):
        account: Account = await make_account()
        # A query text no other test sends, so its hash is unknown to the server.
        query = f"query Apq{uuid.uuid4().hex} {{ viewer {{ runner {{ id }} }} }}"
        outcome = await run_apollo("apq", f"{api_url}/graphql", account.token, query, method)
        runner = {"__typename": "Runner", "id": str(account.runner_id)}
        expected = {"viewer": {"__typename": "Viewer", "runner": runner}}
        assert outcome["error"] is None
        assert outcome["first"] == outcome["second"] == expected
        assert outcome["requests"] == [
            {"method": method, "sentQuery": False, "status": 404},
            {"method": "POST", "sentQuery": True, "status": 200},
            {"method": method, "sentQuery": False, "status": 200},
        ]


class TestSubscription:
    async def test_apollo_receives_a_plan_change_over_graphql_ws_link(
        self, api_url: str, http, make_account, repositories
    ):
        account: Account = await make_account()
        world = await build_world(repositories, account.runner_id, 8)
        plan_id = str(world.plan["_id"])
        process = await start_apollo(
            "subscribe",
            f"{api_url}/graphql",
            account.token,
            PLAN_CHANGED,
            json.dumps({"planId": plan_id}),
        )
        assert process.stdout is not None
        try:
            line = await asyncio.wait_for(process.stdout.readline(), timeout=15)
            assert json.loads(line) == {"connected": True}
            await asyncio.sleep(0.5)
            answer = await graphql(http, SET_STATUS, {"planId": plan_id}, account)
            assert answer["data"]["setPlanStatus"]["__typename"] == "PlanUpdated"
            line = await asyncio.wait_for(process.stdout.readline(), timeout=5)
            event = json.loads(line)["data"]["planChanged"]
            assert (event["planId"], event["status"], event["kind"]) == (
                plan_id,
                "PAUSED",
                "status",
            )
            assert await asyncio.wait_for(process.wait(), timeout=5) == 0
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
