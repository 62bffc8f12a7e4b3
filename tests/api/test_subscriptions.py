"""Live updates over graphql-transport-ws, with a real client, for the owner only."""

from __future__ import annotations

import asyncio

import orjson
import pytest
import websockets
from bson import ObjectId
from gql import Client, GraphQLRequest
from gql.transport.exceptions import TransportQueryError
from gql.transport.websockets import WebsocketsTransport

from tests.conftest import Account, graphql
from tests.factories import build_world

PLAN_CHANGED = (
    "subscription S($planId: ID!) { planChanged(planId: $planId) "
    "{ planId status kind summary version } }"
)
SET_STATUS = (
    "mutation M($planId: ID!) { setPlanStatus(planId: $planId, status: PAUSED) { __typename } }"
)


def ws_client(api_url: str, account: Account | None) -> Client:
    transport = WebsocketsTransport(
        url=api_url.replace("http://", "ws://") + "/graphql",
        subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL],
        init_payload={"Authorization": f"Bearer {account.token}"} if account else {},
    )
    return Client(transport=transport)


async def first_event(session, document: str, variables) -> dict:
    async for result in session.subscribe(GraphQLRequest(document, variable_values=variables)):
        return result
    raise AssertionError("subscription ended without an event")


class TestPlanChanged:
    async def test_owner_sees_the_change_and_nobody_else_does(
        self, api_url: str, http, make_account, repositories
    ):
        owner = await make_account("owner")
        other = await make_account("other")
        owner_world = await build_world(repositories, owner.runner_id, 8)
        other_world = await build_world(repositories, other.runner_id, 8)
        plan_id = str(owner_world.plan["_id"])
        async with (
            ws_client(api_url, owner) as owner_session,
            ws_client(api_url, other) as other_session,
        ):
            owner_listening = asyncio.create_task(
                first_event(owner_session, PLAN_CHANGED, {"planId": plan_id})
            )
            other_listening = asyncio.create_task(
                first_event(other_session, PLAN_CHANGED, {"planId": str(other_world.plan["_id"])})
            )
            await asyncio.sleep(0.3)
            answer = await graphql(http, SET_STATUS, {"planId": plan_id}, owner)
            assert answer["data"]["setPlanStatus"]["__typename"] == "PlanUpdated"
            event = await asyncio.wait_for(owner_listening, timeout=1)
            assert event["planChanged"] == {
                "planId": plan_id,
                "status": "PAUSED",
                "kind": "status",
                "summary": "status changed from active to paused",
                "version": 1,
            }
            await asyncio.sleep(0.3)
            assert not other_listening.done(), "another runner received the owner's event"
            other_listening.cancel()

    async def test_another_runners_plan_answers_like_a_missing_one(
        self, api_url: str, make_account, repositories
    ):
        owner = await make_account("owner")
        intruder = await make_account("intruder")
        world = await build_world(repositories, owner.runner_id, 8)
        messages = []
        async with ws_client(api_url, intruder) as session:
            for plan_id in (world.plan["_id"], ObjectId()):
                with pytest.raises(TransportQueryError) as caught:
                    await first_event(session, PLAN_CHANGED, {"planId": str(plan_id)})
                messages.append(caught.value.errors[0]["message"].replace(str(plan_id), "X"))
        assert messages[0] == messages[1] == "no plan with id X"

    async def test_connection_without_a_token_is_refused(self, api_url: str):
        url = api_url.replace("http://", "ws://") + "/graphql"
        async with websockets.connect(url, subprotocols=["graphql-transport-ws"]) as socket:
            await socket.send(orjson.dumps({"type": "connection_init", "payload": {}}).decode())
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await asyncio.wait_for(socket.recv(), timeout=5)
        assert closed.value.rcvd.code == 4401
