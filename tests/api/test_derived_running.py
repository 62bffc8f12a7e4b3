"""The running fields Cadence derives from the runner's activities, and when the VDOT was set.

`actualEasyPace` and `actualLongRunDistance` follow each import (the inference engine
recomputes them with the weekly volume); none of them, nor `vdotUpdatedAt`, can be typed in.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx
import pytest

from tests.api.test_fitness import import_runs
from tests.api.tracking_helpers import strava_run, with_heart_rate_profile
from tests.conftest import Account, graphql

pytestmark = pytest.mark.calendar

RUNNING = """
{ viewer { runner { running {
  actualEasyPace actualLongRunDistance actualWeeklyVolume vdot vdotUpdatedAt
} } } }
"""
UPDATE = """
mutation P($v: JSON!) { updateRunnerProfile(section: RUNNING, values: $v) {
  __typename ... on InvalidInput { field rule } } }
"""


async def running_of(http: httpx.AsyncClient, account: Account) -> dict:
    body = await graphql(http, RUNNING, None, account)
    return body["data"]["viewer"]["runner"]["running"]


def run(account: Account, days_ago: int, km: float, minutes: float, hr: float) -> dict:
    day = account.today() - timedelta(days=days_ago)
    return strava_run(day, km, minutes, timezone=account.timezone, average_heartrate=hr)


class TestDerivedFromActivities:
    async def test_follow_the_imported_runs(self, http: httpx.AsyncClient, make_account):
        account = await make_account("derived")
        # Resting 50, maximum 190: zone 2 tops out at 50 + 70 % of 140 = 148 bpm.
        await with_heart_rate_profile(http, account)
        assert (await running_of(http, account))["actualEasyPace"] is None

        await import_runs(
            http,
            account,
            [
                run(account, 6, 10.0, 60.0, hr=140),  # easy
                run(account, 4, 8.0, 44.0, hr=146),  # easy
                run(account, 2, 6.0, 27.0, hr=172),  # hard: not an easy pace
                run(account, 9, 18.0, 108.0, hr=150),  # long, above zone 2
                run(account, 40, 30.0, 180.0, hr=140),  # older than four weeks
            ],
        )
        running = await running_of(http, account)
        assert running["actualLongRunDistance"] == 18.0
        # 104 minutes over 18 km: 5:46.7 a km.
        assert running["actualEasyPace"] == "5:47/km"

        await import_runs(http, account, [run(account, 1, 20.0, 120.0, hr=145)])
        running = await running_of(http, account)
        assert running["actualLongRunDistance"] == 20.0
        # 224 minutes over 38 km: 5:53.7 a km.
        assert running["actualEasyPace"] == "5:54/km"

    async def test_no_easy_pace_without_a_maximum_heart_rate(self, http, make_account):
        account = await make_account("no-hr")
        await import_runs(http, account, [run(account, 3, 10.0, 60.0, hr=140)])
        running = await running_of(http, account)
        assert running["actualEasyPace"] is None
        assert running["actualLongRunDistance"] == 10.0


class TestNotWritable:
    @pytest.mark.parametrize(
        "field",
        [
            "actualEasyPace",
            "actualEasyPaceSPerKm",
            "actualLongRunDistance",
            "actualLongRunKm",
            "vdotUpdatedAt",
        ],
    )
    async def test_a_derived_field_is_refused(self, http, make_account, field):
        account = await make_account()
        body = await graphql(http, UPDATE, {"v": {"currentVolume": 30, field: 5}}, account)
        answer = body["data"]["updateRunnerProfile"]
        assert answer == {
            "__typename": "InvalidInput",
            "field": f"running.{field}",
            "rule": answer["rule"],
        }
        assert "derived" in answer["rule"]
        assert (await running_of(http, account))[
            "actualLongRunDistance" if "LongRun" in field else "actualEasyPace"
        ] is None

    async def test_setting_the_vdot_stamps_when(self, http, make_account, clock):
        account = await make_account()
        assert (await running_of(http, account))["vdotUpdatedAt"] is None
        before = clock.now()
        body = await graphql(http, UPDATE, {"v": {"vdot": 48.5}}, account)
        assert body["data"]["updateRunnerProfile"]["__typename"] == "RunnerUpdated", body
        running = await running_of(http, account)
        assert running["vdot"] == 48.5
        stamped = datetime.fromisoformat(running["vdotUpdatedAt"])
        assert before <= stamped <= clock.now()
