"""Open WebSockets cost the process a fixed amount, with real clients on a real server.

Issue #15 held 1,000 subscribers for 10 minutes and the API's memory kept growing: each
subscription event left graphql-core's memo of its subfields behind, and each socket read its
account every period (1,000 reads started together every 10 s). Events leave nothing now, one
check a period serves every socket, and a socket that closes leaves nothing behind.
"""

from __future__ import annotations

import asyncio
import tracemalloc
from collections.abc import AsyncIterator

import httpx
import orjson
import pytest
import websockets
from pymongo import monitoring

from app.server import create_app
from app.settings import Settings
from tests.api.tracking_helpers import runner_in_plan, week_sessions
from tests.conftest import Account, CommandRecorder, graphql, serve

PERIOD_S = 0.2
STATUS = (
    "subscription S($planId: ID!) { sessionStatusChanged(planId: $planId) "
    "{ status session { id } } }"
)
SKIP = 'mutation K($s: ID!) { skipSession(sessionId: $s, reason: "ill") { __typename } }'


@pytest.fixture
async def watched_api(settings: Settings, command_recorder: CommandRecorder) -> AsyncIterator[str]:
    """An API that re-checks open sockets' accounts every 0.2 s; its commands are recorded."""
    quick = settings.model_copy(
        update={"account_check_seconds": PERIOD_S, "max_websockets_per_user": 3}
    )
    async with serve(create_app(quick, [command_recorder])) as url:
        yield url


async def acknowledged(api_url: str, account: Account) -> websockets.ClientConnection:
    socket = await websockets.connect(
        api_url.replace("http://", "ws://") + "/graphql", subprotocols=["graphql-transport-ws"]
    )
    init = {"type": "connection_init", "payload": {"Authorization": f"Bearer {account.token}"}}
    await socket.send(orjson.dumps(init).decode())
    assert orjson.loads(await asyncio.wait_for(socket.recv(), timeout=5))["type"] == (
        "connection_ack"
    )
    return socket


async def plan_to_skip(http: httpx.AsyncClient, account: Account) -> tuple[str, list[str]]:
    """A plan started this week, and the ids of its runs of weeks 3 and 4 (skippable)."""
    plan_id = await runner_in_plan(http, account, weeks_ago=0)
    sessions = [
        s["id"]
        for week in (3, 4)
        for s in await week_sessions(http, account, plan_id, week)
        if s["type"] not in {"REST", "RACE"}
    ]
    return plan_id, sessions


async def subscribed(
    api_url: str, account: Account, plan_id: str, sockets: int, per_socket: int
) -> list[websockets.ClientConnection]:
    """Sockets with `per_socket` subscriptions each to the plan's session statuses."""
    opened = [await acknowledged(api_url, account) for _ in range(sockets)]
    for socket in opened:
        for number in range(per_socket):
            request = {"query": STATUS, "variables": {"planId": plan_id}}
            message = {"id": str(number), "type": "subscribe", "payload": request}
            await socket.send(orjson.dumps(message).decode())
    await asyncio.sleep(0.5)  # each resolver checks the plan before listening
    return opened


async def skip_and_receive(
    http: httpx.AsyncClient,
    account: Account,
    session_id: str,
    sockets: list[websockets.ClientConnection],
    per_socket: int,
) -> None:
    """Skip the session; every subscription of every socket receives the change once."""
    skipped = await graphql(http, SKIP, {"s": session_id}, account)
    assert skipped["data"]["skipSession"]["__typename"] == "SessionSaved", skipped
    for socket in sockets:
        received = set()
        for _ in range(per_socket):
            event = orjson.loads(await asyncio.wait_for(socket.recv(), timeout=10))
            change = event["payload"]["data"]["sessionStatusChanged"]
            assert change == {"status": "SKIPPED", "session": {"id": session_id}}
            received.add(event["id"])
        assert len(received) == per_socket


def executor_bytes(snapshot: tracemalloc.Snapshot) -> int:
    """What graphql-core's execution package holds in this snapshot."""
    kept = snapshot.filter_traces(
        [tracemalloc.Filter(inclusive=True, filename_pattern="*/graphql/execution/*")]
    )
    return sum(stat.size for stat in kept.statistics("filename"))


def account_checks(recorder: CommandRecorder, user_ids: set[object]) -> list[set[object]]:
    """The `users` reads that looked up any of these accounts: the ids each one read."""
    checks = []
    event: monitoring.CommandStartedEvent
    for event in recorder.commands:
        if event.command.get("find") != "users":
            continue
        wanted = event.command.get("filter", {}).get("_id")
        read = set(wanted["$in"]) if isinstance(wanted, dict) else {wanted}
        if read & user_ids:
            checks.append(read)
    return checks


async def settled_task_count(expected: int, timeout_s: float = 5.0) -> int:
    """The event loop's task count once it is back to `expected` (or after the timeout)."""
    deadline = asyncio.get_running_loop().time() + timeout_s
    while (count := len(asyncio.all_tasks())) != expected:
        if asyncio.get_running_loop().time() > deadline:
            break
        await asyncio.sleep(0.05)
    return count


class TestOpenSockets:
    async def test_one_account_check_a_period_for_all_sockets(
        self, watched_api: str, make_account, command_recorder: CommandRecorder
    ):
        accounts = [await make_account(f"device{i}") for i in range(4)]
        sockets = [await acknowledged(watched_api, a) for a in accounts for _ in range(3)]
        user_ids = {account.user_id for account in accounts}
        command_recorder.clear()
        await asyncio.sleep(5 * PERIOD_S)
        checks = account_checks(command_recorder, user_ids)
        for socket in sockets:
            await socket.close()
        # Twelve sockets over five periods: at most one read a period (plus one under way),
        # each for every account at once; a read per socket would be about sixty.
        assert 1 <= len(checks) <= 6, len(checks)
        assert all(read >= user_ids for read in checks)

    async def test_closed_sockets_leave_no_task_behind(
        self, watched_api: str, make_account, command_recorder: CommandRecorder
    ):
        account = await make_account("cycles")
        async with httpx.AsyncClient(base_url=watched_api, timeout=10) as http:
            plan_id, sessions = await plan_to_skip(http, account)
            baseline = len(asyncio.all_tasks())
            for session_id in sessions[:6]:
                sockets = [await acknowledged(watched_api, account) for _ in range(3)]
                for socket in sockets:
                    request = {"query": STATUS, "variables": {"planId": plan_id}}
                    await socket.send(
                        orjson.dumps({"id": "1", "type": "subscribe", "payload": request}).decode()
                    )
                await asyncio.sleep(0.3)  # each resolver checks the plan before listening
                skipped = await graphql(http, SKIP, {"s": session_id}, account)
                assert skipped["data"]["skipSession"]["__typename"] == "SessionSaved", skipped
                for socket in sockets:
                    event = orjson.loads(await asyncio.wait_for(socket.recv(), timeout=5))
                    change = event["payload"]["data"]["sessionStatusChanged"]
                    assert change == {"status": "SKIPPED", "session": {"id": session_id}}
                    await socket.close()
            # Every socket's operation, expiry watch and account watch ended with it, and the
            # periodic account check stopped with the last socket.
            assert await settled_task_count(baseline) == baseline
            command_recorder.clear()
            await asyncio.sleep(3 * PERIOD_S)
            assert account_checks(command_recorder, {account.user_id}) == []


class TestSubscriptionEvents:
    async def test_events_leave_no_memory_behind(self, watched_api: str, make_account):
        account = await make_account("listener")
        sockets_n, per_socket = 3, 20  # 60 subscriptions: each skip is 60 events
        async with httpx.AsyncClient(base_url=watched_api, timeout=10) as http:
            plan_id, sessions = await plan_to_skip(http, account)
            sockets = await subscribed(watched_api, account, plan_id, sockets_n, per_socket)
            tracemalloc.start()
            try:
                await skip_and_receive(http, account, sessions[0], sockets, per_socket)
                warm = executor_bytes(tracemalloc.take_snapshot())
                for session_id in sessions[1:6]:
                    await skip_and_receive(http, account, session_id, sockets, per_socket)
                grown = executor_bytes(tracemalloc.take_snapshot()) - warm
            finally:
                tracemalloc.stop()
            for socket in sockets:
                await socket.close()
        # 300 events: graphql-core's shared memo kept about 2 KB for each (600 KB and more).
        assert grown < 64 * 1024, f"{grown} bytes kept by graphql-core after 300 events"
