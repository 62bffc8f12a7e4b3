"""The WebSocket as clients meet it: close codes they can act on, expiry, timeouts, subprotocols."""

from __future__ import annotations

import asyncio
import shutil
import time
from datetime import timedelta
from pathlib import Path

import orjson
import pytest
import websockets
from gql import Client, GraphQLRequest
from gql.transport.websockets import WebsocketsTransport

from app.auth import issue_token
from app.clock import Clock, FixedClock
from app.server import create_app
from app.settings import Settings, SettingsError, load_settings
from tests.conftest import Account, serve

VIEWER = "{ viewer { runner { id } } }"
RECONNECTS = Path(__file__).resolve().parent.parent / "node" / "reconnects.mjs"


def ws_url(api_url: str) -> str:
    return api_url.replace("http://", "ws://") + "/graphql"


def expired_token(account: Account, settings: Settings, clock: Clock) -> str:
    """A token of `account` issued two hours ago for one hour: expired an hour ago."""
    return issue_token(
        account.user_id, settings.jwt_secret, timedelta(hours=1), clock.now() - timedelta(hours=2)
    )


async def closed_after_init(api_url: str, payload: dict[str, object]) -> websockets.frames.Close:
    """Send `connection_init` with `payload`; the close frame the server answers with."""
    async with websockets.connect(ws_url(api_url), subprotocols=["graphql-transport-ws"]) as ws:
        await ws.send(orjson.dumps({"type": "connection_init", "payload": payload}).decode())
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), timeout=5)
    assert closed.value.rcvd is not None
    return closed.value.rcvd


class TestSignInFailures:
    async def test_missing_and_invalid_tokens_close_4401_which_clients_do_not_retry(
        self, api_url: str
    ):
        missing = await closed_after_init(api_url, {})
        invalid = await closed_after_init(api_url, {"Authorization": "Bearer not-a-token"})
        assert missing.code == invalid.code == 4401
        assert missing.reason.startswith("Unauthorized: sign in first")
        assert invalid.reason == "Unauthorized: the bearer token is not valid"

    async def test_an_expired_token_closes_4403_token_expired(
        self, api_url: str, make_account, settings: Settings, clock
    ):
        account: Account = await make_account()
        expired = expired_token(account, settings, clock)
        close = await closed_after_init(api_url, {"Authorization": f"Bearer {expired}"})
        assert (close.code, close.reason) == (4403, "Token expired: sign in again")


class TestTokenExpiryWhileOpen:
    async def test_the_socket_closes_when_the_apps_clock_passes_the_tokens_expiry(
        self, settings: Settings, make_account, clock
    ):
        account: Account = await make_account()
        app_clock = FixedClock(clock.now())
        token = issue_token(
            account.user_id, settings.jwt_secret, timedelta(minutes=30), app_clock.now()
        )
        async with (
            serve(create_app(settings, clock=app_clock)) as url,
            websockets.connect(ws_url(url), subprotocols=["graphql-transport-ws"]) as ws,
        ):
            init = {"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}}
            await ws.send(orjson.dumps(init).decode())
            assert orjson.loads(await ws.recv()) == {"type": "connection_ack"}
            await ws.send(orjson.dumps({"type": "ping"}).decode())
            assert orjson.loads(await asyncio.wait_for(ws.recv(), 5)) == {"type": "pong"}
            await asyncio.sleep(1.5)  # the machine's time passes; the app's clock does not
            await ws.send(orjson.dumps({"type": "ping"}).decode())
            assert orjson.loads(await asyncio.wait_for(ws.recv(), 5)) == {"type": "pong"}
            app_clock.advance(timedelta(minutes=31))
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await asyncio.wait_for(ws.recv(), timeout=5)
        assert closed.value.rcvd is not None
        assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (
            4403,
            "Token expired: sign in again",
        )


class TestConnectionInitTimeout:
    async def test_a_socket_without_connection_init_is_closed_after_the_setting(
        self, settings: Settings
    ):
        quick = settings.model_copy(update={"ws_connection_init_timeout_s": 0.5})
        async with (
            serve(create_app(quick)) as url,
            websockets.connect(ws_url(url), subprotocols=["graphql-transport-ws"]) as ws,
        ):
            started = time.monotonic()
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await asyncio.wait_for(ws.recv(), timeout=5)
            waited = time.monotonic() - started
        assert closed.value.rcvd is not None
        assert closed.value.rcvd.code == 4408
        assert 0.4 < waited < 3

    def test_the_timeout_is_ten_seconds_and_cannot_be_set_longer(self):
        assert load_settings().ws_connection_init_timeout_s == 10
        with pytest.raises(SettingsError, match="CADENCE_WS_CONNECTION_INIT_TIMEOUT_S"):
            load_settings(ws_connection_init_timeout_s=60)


class TestSubprotocols:
    async def test_the_legacy_graphql_ws_subprotocol_is_refused_at_the_handshake(
        self, api_url: str
    ):
        with pytest.raises(websockets.InvalidStatus) as refused:
            async with websockets.connect(ws_url(api_url), subprotocols=["graphql-ws"]):
                pass
        assert refused.value.response.status_code == 400
        assert b"graphql-transport-ws only" in refused.value.response.body

    async def test_pythons_gql_with_its_default_subprotocols_queries_and_subscribes(
        self, api_url: str, make_account
    ):
        account: Account = await make_account()
        transport = WebsocketsTransport(
            url=ws_url(api_url), init_payload={"Authorization": f"Bearer {account.token}"}
        )
        async with Client(transport=transport) as session:
            answer = await session.execute(GraphQLRequest(VIEWER))
            assert transport.subprotocol == "graphql-transport-ws"
        assert answer == {"viewer": {"runner": {"id": str(account.runner_id)}}}


class TestSubscriptionsOverHttp:
    async def test_a_subscription_over_post_is_a_readable_405(self, http, make_account):
        account: Account = await make_account()
        response = await http.post(
            "/graphql",
            json={"query": "subscription { activityImported { id } }"},
            headers=account.headers,
        )
        assert response.status_code == 405
        error = response.json()["errors"][0]
        assert error["extensions"]["code"] == "SUBSCRIPTION_OVER_HTTP"
        assert "WebSocket (graphql-transport-ws)" in error["message"]


class TestGraphqlWsClientReconnects:
    """Node's graphql-ws client, allowed 3 retries, against each refusal."""

    async def reconnects(self, api_url: str, token: str) -> dict:
        node = shutil.which("node")
        assert node, "Node.js is required for the graphql-ws client test"
        process = await asyncio.create_subprocess_exec(
            node, str(RECONNECTS), ws_url(api_url), token, stdout=asyncio.subprocess.PIPE
        )
        stdout, _ = await asyncio.wait_for(process.communicate(), timeout=30)
        return orjson.loads(stdout.decode().strip().splitlines()[-1])

    async def test_an_invalid_token_is_not_retried(self, api_url: str):
        outcome = await self.reconnects(api_url, "not-a-token")
        assert outcome == {
            "connects": 1,
            "paramsAsked": 1,
            "code": 4401,
            "reason": "Unauthorized: the bearer token is not valid",
        }

    async def test_an_expired_token_is_retried_asking_for_a_fresh_one(
        self, api_url: str, make_account, settings: Settings, clock
    ):
        account: Account = await make_account()
        expired = expired_token(account, settings, clock)
        outcome = await self.reconnects(api_url, expired)
        assert outcome == {
            "connects": 4,
            "paramsAsked": 4,
            "code": 4403,
            "reason": "Token expired: sign in again",
        }
