"""A deleted or disabled account is refused at once everywhere, and nothing is written for it."""

from __future__ import annotations

import asyncio

import httpx
import orjson
import pytest
import websockets

from app.accounts import close_account
from app.events import InProcessEventBus
from app.server import create_app
from tests.conftest import Account, graphql, serve

CREATE_RACE = "mutation R($i: CreateRaceInput!) { createRace(input: $i) { __typename } }"
RACE = {"name": "Spring 10k", "type": "TEN_K", "date": "2030-04-01"}


def ws_url(api_url: str) -> str:
    return api_url.replace("http://", "ws://") + "/graphql"


async def connect(api_url: str, account: Account):
    """An acknowledged graphql-transport-ws connection for the account."""
    socket = await websockets.connect(ws_url(api_url), subprotocols=["graphql-transport-ws"])
    init = {"type": "connection_init", "payload": {"Authorization": f"Bearer {account.token}"}}
    await socket.send(orjson.dumps(init).decode())
    return socket


@pytest.fixture
async def quick_api(settings):
    """An API process that re-checks open sockets' accounts every 0.2 s."""
    quick = settings.model_copy(update={"account_check_seconds": 0.2, "max_websockets_per_user": 3})
    async with serve(create_app(quick)) as url:
        yield url


@pytest.mark.parametrize("how", ["disable", "delete"])
class TestClosedAccount:
    async def test_its_token_is_refused_at_once_and_nothing_is_written(
        self, how, http: httpx.AsyncClient, make_account, repositories
    ):
        account = await make_account()
        before = await graphql(http, "{ viewer { user { email } } }", account=account)
        assert before["data"]["viewer"]["user"]["email"] == account.email  # cached as a viewer
        await close_account(
            repositories,
            InProcessEventBus(),
            account.user_id,
            account.clock.now(),
            delete=how == "delete",
        )
        viewer = await graphql(http, "{ viewer { user { email } } }", account=account)
        (error,) = viewer["errors"]
        assert error["extensions"]["code"] == "UNAUTHENTICATED"
        assert "deleted or disabled" in error["message"]
        race = await graphql(http, CREATE_RACE, {"i": RACE}, account)
        assert race["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        assert (
            await repositories.races.collection.count_documents({"runnerId": account.runner_id})
            == 0
        )

    async def test_open_sockets_close_and_new_ones_are_refused(
        self, how, quick_api: str, make_account, repositories
    ):
        account = await make_account()
        socket = await connect(quick_api, account)
        assert orjson.loads(await socket.recv())["type"] == "connection_ack"
        # Closed by hand in the database (no event): the periodic check finds it.
        if how == "delete":
            await repositories.users.delete(account.user_id)
        else:
            await repositories.users.disable(account.user_id, account.clock.now())
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await asyncio.wait_for(socket.recv(), timeout=3)
        assert closed.value.rcvd.code == 4401
        again = await connect(quick_api, account)
        with pytest.raises(websockets.ConnectionClosed) as refused:
            await asyncio.wait_for(again.recv(), timeout=3)
        assert refused.value.rcvd.code == 4401


class TestWebSocketsPerUser:
    async def test_connections_past_the_cap_are_refused_and_freed_on_close(
        self, quick_api: str, make_account
    ):
        account = await make_account()
        sockets = [await connect(quick_api, account) for _ in range(3)]
        for socket in sockets:
            assert orjson.loads(await socket.recv())["type"] == "connection_ack"
        extra = await connect(quick_api, account)
        with pytest.raises(websockets.ConnectionClosed) as refused:
            await asyncio.wait_for(extra.recv(), timeout=3)
        assert refused.value.rcvd.code == 4429
        assert "at most 3 per user" in refused.value.rcvd.reason
        await sockets[0].close()
        await asyncio.sleep(0.2)
        replacement = await connect(quick_api, account)
        assert orjson.loads(await replacement.recv())["type"] == "connection_ack"
        for socket in [*sockets[1:], replacement]:
            await socket.close()
