"""Each import stamps its source's `lastSync` with the app's clock; the runner cannot type it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
import pytest

from app.clock import FixedClock
from app.server import create_app
from app.settings import Settings
from tests.api.test_history import night
from tests.api.test_journey_faults import terra_run
from tests.api.tracking_helpers import IMPORT, strava_run
from tests.conftest import Account, graphql, serve

CONNECTIONS = """
{ viewer { runner { connections {
  stravaConnected stravaLastSync garminConnected garminLastSync healthkitLastSync
  corosLastSync polarLastSync whoopLastSync terraConnected primaryWearable
  providers { source connectedAt lastSyncAt }
} } } }
"""
UPDATE = """
mutation U($s: RunnerSection!, $v: JSON!) {
  updateRunnerProfile(section: $s, values: $v) {
    __typename ... on InvalidInput { field rule }
  }
}
"""


@dataclass
class Api:
    """The API with a clock the test holds."""

    http: httpx.AsyncClient
    clock: FixedClock


@pytest.fixture
async def api(settings: Settings, clock, tmp_path) -> AsyncIterator[Api]:
    held = FixedClock(clock.now())
    async with (
        serve(create_app(settings, clock=held)) as url,
        httpx.AsyncClient(base_url=url, timeout=30) as http,
    ):
        yield Api(http, held)


async def connections(api: Api, account: Account) -> dict:
    body = await graphql(api.http, CONNECTIONS, None, account)
    assert "errors" not in body, body
    return body["data"]["viewer"]["runner"]["connections"]


async def imported(api: Api, account: Account, source: str, payload: object) -> dict:
    body = await graphql(api.http, IMPORT, {"source": source, "payload": payload}, account)
    assert "errors" not in body, body
    result = body["data"]["importActivities"]
    assert result["__typename"] in {"ActivitiesImported", "HealthRecordsImported"}, body
    return result


def instant(value: str) -> datetime:
    return datetime.fromisoformat(value)


def run(account: Account, days_ago: int) -> dict:
    return strava_run(account.today() - timedelta(days=days_ago), 8, 45, timezone=account.timezone)


class TestAStravaImport:
    async def test_stamps_strava_with_the_clock_and_the_next_import_moves_it(
        self, api: Api, make_account
    ):
        account = await make_account()
        before = await connections(api, account)
        assert (before["stravaConnected"], before["stravaLastSync"]) == (False, None)

        first_at = api.clock.now()
        await imported(api, account, "STRAVA", [run(account, 2)])
        after = await connections(api, account)
        assert after["stravaConnected"] is True
        assert instant(after["stravaLastSync"]) == first_at
        (strava,) = after["providers"]
        assert instant(strava["connectedAt"]) == first_at

        api.clock.advance(timedelta(minutes=20))
        await imported(api, account, "STRAVA", [run(account, 1)])
        later = await connections(api, account)
        assert instant(later["stravaLastSync"]) == first_at + timedelta(minutes=20)
        (strava,) = later["providers"]
        assert instant(strava["connectedAt"]) == first_at
        assert later["garminLastSync"] is None

    async def test_a_replayed_batch_is_still_a_sync(self, api: Api, make_account):
        account = await make_account()
        payload = [run(account, 3)]
        await imported(api, account, "STRAVA", payload)
        api.clock.advance(timedelta(minutes=10))
        replay = await imported(api, account, "STRAVA", payload)
        assert replay["replayed"] == 1
        assert instant((await connections(api, account))["stravaLastSync"]) == api.clock.now()


class TestATerraImport:
    async def test_stamps_terra_and_the_wearable_the_envelope_names(self, api: Api, make_account):
        account = await make_account()
        strava = run(account, 2)
        envelope = {
            "type": "activity",
            "user": {"user_id": "terra-user-1", "provider": "GARMIN"},
            "data": [terra_run(account, strava, 8, 45)],
        }
        result = await imported(api, account, "TERRA_ACTIVITY", envelope)
        assert len(result["activities"]) == 1
        found = await connections(api, account)
        assert found["terraConnected"] is True
        assert instant(found["garminLastSync"]) == api.clock.now()
        assert (found["stravaLastSync"], found["corosLastSync"]) == (None, None)
        assert {p["source"] for p in found["providers"]} == {"terra", "garmin"}

    async def test_apple_health_is_healthkit_and_health_records_count_too(
        self, api: Api, make_account
    ):
        account = await make_account()
        woke = datetime.combine(account.today(), datetime.min.time()).astimezone() - timedelta(
            hours=12
        )
        envelope = {
            "type": "sleep",
            "user": {"provider": "APPLE"},
            "data": [night(account, woke, 80)],
        }
        assert (await imported(api, account, "TERRA_SLEEP", envelope))["count"] == 1
        found = await connections(api, account)
        assert instant(found["healthkitLastSync"]) == api.clock.now()
        assert found["garminLastSync"] is None

    async def test_a_bare_item_stamps_terra_alone(self, api: Api, make_account):
        account = await make_account()
        await imported(api, account, "TERRA_ACTIVITY", [terra_run(account, run(account, 1), 5, 30)])
        found = await connections(api, account)
        assert [(p["source"], instant(p["lastSyncAt"])) for p in found["providers"]] == [
            ("terra", api.clock.now())
        ]

    async def test_a_provider_that_is_not_a_name_is_a_typed_error(self, api: Api, make_account):
        account = await make_account()
        body = await graphql(
            api.http,
            IMPORT,
            {
                "source": "TERRA_ACTIVITY",
                "payload": {"user": {"provider": {"$set": 1}}, "data": []},
            },
            account,
        )
        result = body["data"]["importActivities"]
        assert (result["__typename"], result["field"]) == ("InvalidInput", "payload.user.provider")
        assert (await connections(api, account))["providers"] == []


class TestTheRunnersProfile:
    async def test_cannot_write_last_sync(self, api: Api, make_account):
        account = await make_account()
        values = {"providers": [{"source": "garmin", "lastSyncAt": "2030-01-01T00:00:00Z"}]}
        body = await graphql(api.http, UPDATE, {"s": "CONNECTIONS", "v": values}, account)
        answer = body["data"]["updateRunnerProfile"]
        assert answer["__typename"] == "InvalidInput", body
        assert answer["field"] == "connections.providers[0].lastSyncAt"
        assert (await connections(api, account))["garminLastSync"] is None

    async def test_an_edit_during_imports_survives_and_so_does_the_sync(
        self, api: Api, make_account
    ):
        account = await make_account()
        await imported(api, account, "STRAVA", [run(account, 5)])
        edit = graphql(
            api.http, UPDATE, {"s": "CONNECTIONS", "v": {"primaryWearable": "garmin"}}, account
        )
        api.clock.advance(timedelta(minutes=5))
        answers = await asyncio.gather(
            imported(api, account, "STRAVA", [run(account, 4)]),
            edit,
            imported(api, account, "STRAVA", [run(account, 3)]),
        )
        assert answers[1]["data"]["updateRunnerProfile"]["__typename"] == "RunnerUpdated", answers[
            1
        ]
        found = await connections(api, account)
        assert found["primaryWearable"] == "garmin"
        assert instant(found["stravaLastSync"]) == api.clock.now()

    async def test_rewriting_the_connections_keeps_their_last_sync(self, api: Api, make_account):
        account = await make_account()
        await imported(api, account, "STRAVA", [run(account, 2)])
        synced_at = api.clock.now()
        api.clock.advance(timedelta(minutes=30))
        values = {"providers": [{"source": "strava"}, {"source": "coros"}]}
        body = await graphql(api.http, UPDATE, {"s": "CONNECTIONS", "v": values}, account)
        assert "errors" not in body, body
        found = await connections(api, account)
        assert instant(found["stravaLastSync"]) == synced_at
        assert found["corosLastSync"] is None
