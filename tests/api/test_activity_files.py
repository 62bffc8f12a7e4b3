"""FIT files as phones and watches write them, uploaded through the API (issue #13, item 5)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest

from tests.api.test_tracking import upload
from tests.conftest import Account
from tests.fit_activities import CYCLING, RUNNING, Part, recording

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "activities"


def yesterday_morning(account: Account) -> datetime:
    """07:00 UTC on the day before the runner's today: a start the API takes as past."""
    return datetime.combine(account.today() - timedelta(days=1), time(7), tzinfo=UTC)


def activities_of(body: dict) -> list[dict]:
    answer = body["data"]["uploadActivityFile"]
    assert answer["__typename"] == "ActivitiesImported", body
    return answer["activities"]


class TestAStravaAndroidRecording:
    async def test_its_three_byte_developer_field_does_not_stop_the_upload(
        self, http, make_account
    ):
        account = await make_account()
        data = recording(
            [Part(RUNNING, yesterday_morning(account), 8.0, 45)], strava_developer_field=True
        )
        (run,) = activities_of(await upload(http, account, "strava-android.fit", data))
        assert run["sport"] == "RUN"
        assert run["distanceM"] == pytest.approx(8000, abs=1)
        assert run["elapsedTimeS"] == pytest.approx(45 * 60, abs=1)


class TestAMultisportRecording:
    async def test_becomes_one_activity_per_sport(self, http, make_account):
        account = await make_account()
        start = yesterday_morning(account)
        data = recording(
            [
                Part(CYCLING, start, 20.0, 45),
                Part(RUNNING, start + timedelta(minutes=47), 5.0, 25),
            ]
        )
        ride, run = activities_of(await upload(http, account, "brick.fit", data))
        assert (ride["sport"], run["sport"]) == ("RIDE", "RUN")
        assert ride["distanceM"] == pytest.approx(20_000, abs=1)
        assert run["distanceM"] == pytest.approx(5_000, abs=1)
        assert run["elapsedTimeS"] == pytest.approx(25 * 60, abs=1)

    async def test_a_watchs_triathlon_gives_its_swim_ride_and_run(self, http, make_account):
        account = await make_account()
        data = (FIXTURES / "fr920xt_triathlon_2018-05-27.fit").read_bytes()
        parts = activities_of(await upload(http, account, "triathlon.fit", data))
        assert [p["sport"] for p in parts] == ["SWIM", "RIDE", "RUN"]
        # The independent figures of tests/fixtures/activities/README.md, within 1 %.
        expected = [1644.71, 40907.17, 9803.46]
        assert [p["distanceM"] for p in parts] == pytest.approx(expected, rel=0.01)
