"""Sleep, daily summaries, body measurements and an activity's detail, read back (issue #13)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.api.test_tracking import upload
from tests.api.tracking_helpers import IMPORT
from tests.conftest import Account, graphql
from tests.fit_activities import RUNNING, Part, recording

# Days are counted back from the runner's today: run on every day of the calendar check too.
pytestmark = pytest.mark.calendar

HISTORY = """
query H($from: Date, $to: Date, $first: Int!, $after: String, $since: DateTime) {
  sleepSessions(from: $from, to: $to, first: $first, after: $after) {
    edges { node { localDate durationS score } } pageInfo { hasNextPage endCursor } }
  dailySummaries(from: $from, to: $to, first: 10) { edges { node { date steps restingHr } } }
  bodyMeasurements(measuredFrom: $since, first: 10) {
    edges { node { measuredAt weightKg bodyFatPct } } }
}
"""


def night(account: Account, woke: datetime, score: int) -> dict:
    local = woke.astimezone(ZoneInfo(account.timezone))
    return {
        "metadata": {
            "summary_id": f"night-{local.date()}",
            "start_time": (local - timedelta(hours=7)).isoformat(),
            "end_time": local.isoformat(),
        },
        "sleep_durations_data": {"asleep": {"duration_asleep_state_seconds": 6.5 * 3600}},
        "data_enrichment": {"sleep_score": score},
    }


def day_summary(account: Account, day_start: datetime, steps: int) -> dict:
    local = day_start.astimezone(ZoneInfo(account.timezone))
    return {
        "metadata": {
            "start_time": local.isoformat(),
            "end_time": (local + timedelta(days=1)).isoformat(),
        },
        "distance_data": {"steps": steps},
        "heart_rate_data": {"summary": {"resting_hr_bpm": 50}},
    }


def weigh_in(at: datetime, weight_kg: float) -> dict:
    return {
        "metadata": {"start_time": at.isoformat(), "end_time": at.isoformat()},
        "measurements_data": {
            "measurements": [
                {
                    "measurement_time": at.isoformat(),
                    "weight_kg": weight_kg,
                    "bodyfat_percentage": 16,
                }
            ]
        },
    }


async def imported(http, account: Account, source: str, payload: list[dict]) -> None:
    body = await graphql(http, IMPORT, {"source": source, "payload": payload}, account)
    assert body["data"]["importActivities"]["__typename"] == "HealthRecordsImported", body


def morning(account: Account, days_ago: int) -> datetime:
    day = account.today() - timedelta(days=days_ago)
    local = datetime.combine(day, time(7), tzinfo=ZoneInfo(account.timezone))
    return local.astimezone(UTC)


class TestHealthHistory:
    async def test_each_history_reads_back_over_a_range_newest_first(self, http, make_account):
        account = await make_account("sleeper")
        other = await make_account("neighbour")
        await imported(
            http,
            account,
            "TERRA_SLEEP",
            [night(account, morning(account, d), 60 + d) for d in (1, 2, 3, 9)],
        )
        await imported(
            http,
            account,
            "TERRA_DAILY",
            [
                day_summary(account, morning(account, d) - timedelta(hours=7), 9000 + d)
                for d in (1, 2, 9)
            ],
        )
        await imported(
            http,
            account,
            "TERRA_BODY",
            [weigh_in(morning(account, d), 70 - d / 10) for d in (2, 20)],
        )
        await imported(http, other, "TERRA_SLEEP", [night(other, morning(other, 1), 90)])

        first_day = account.today() - timedelta(days=3)
        variables = {
            "from": first_day.isoformat(),
            "to": account.today().isoformat(),
            "first": 2,
            "since": morning(account, 5).isoformat(),
        }
        body = await graphql(http, HISTORY, variables, account)
        assert "errors" not in body, body
        data = body["data"]
        days = [(account.today() - timedelta(days=d)).isoformat() for d in (1, 2, 3)]
        page = data["sleepSessions"]
        assert [e["node"]["localDate"] for e in page["edges"]] == days[:2]
        assert [e["node"]["score"] for e in page["edges"]] == [61, 62]
        assert page["pageInfo"]["hasNextPage"] is True
        rest = await graphql(
            http, HISTORY, {**variables, "after": page["pageInfo"]["endCursor"]}, account
        )
        last = rest["data"]["sleepSessions"]
        assert [e["node"]["localDate"] for e in last["edges"]] == days[2:]
        assert last["pageInfo"]["hasNextPage"] is False

        summaries = [e["node"] for e in data["dailySummaries"]["edges"]]
        assert [(s["date"], s["steps"]) for s in summaries] == [(days[0], 9001), (days[1], 9002)]
        (weight,) = [e["node"] for e in data["bodyMeasurements"]["edges"]]
        assert (weight["weightKg"], weight["bodyFatPct"]) == (69.8, 16)

        # The neighbour sees their own night only.
        theirs = await graphql(http, HISTORY, {"first": 10}, other)
        assert [e["node"]["score"] for e in theirs["data"]["sleepSessions"]["edges"]] == [90]
        assert theirs["data"]["bodyMeasurements"]["edges"] == []


DETAIL = """
query D($id: ID!) {
  activity(activityId: $id) {
    sport distanceM
    laps { index distanceM elapsedTimeS avgPaceSPerKm }
    splits { index distanceM avgPaceSPerKm }
    samples { offsetS distanceM hr paceSPerKm }
  }
}
"""


class TestActivityDetail:
    async def test_laps_splits_and_samples_for_charts_of_the_owner_only(self, http, make_account):
        account = await make_account("charts")
        other = await make_account("curious")
        start = morning(account, 1)
        data = recording([Part(RUNNING, start, 8.0, 45)])
        uploaded = await upload(http, account, "run.fit", data)
        (activity,) = uploaded["data"]["uploadActivityFile"]["activities"]
        listed = await graphql(
            http, "{ activities(first: 1) { edges { node { id } } } }", None, account
        )
        activity_id = listed["data"]["activities"]["edges"][0]["node"]["id"]

        body = await graphql(http, DETAIL, {"id": activity_id}, account)
        assert "errors" not in body, body
        detail = body["data"]["activity"]
        assert detail["sport"] == activity["sport"] == "RUN"
        assert len(detail["laps"]) == 8
        assert sum(lap["distanceM"] for lap in detail["laps"]) == pytest.approx(8000, abs=1)
        assert [split["index"] for split in detail["splits"]] == list(range(1, 9))
        samples = detail["samples"]
        assert samples[0]["offsetS"] == 0
        assert samples[-1]["offsetS"] == 45 * 60
        assert samples[-1]["distanceM"] == pytest.approx(8000, abs=1)
        assert all(s["hr"] == 150 for s in samples)
        # 8 km in 45 min at an even pace: 5:37.5 a kilometre between samples.
        assert [s["paceSPerKm"] for s in samples[1:]] == pytest.approx(
            [337.5] * (len(samples) - 1), abs=0.5
        )

        stranger = await graphql(http, DETAIL, {"id": activity_id}, other)
        assert stranger["data"]["activity"] is None
