"""A runner halfway into a generated plan, and Strava payloads built from its days."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import orjson

from tests.conftest import Account, graphql

_ids = itertools.count(9_000_000_000)

IMPORT = """
mutation Import($source: ImportSource!, $payload: JSON!) {
  importActivities(source: $source, payload: $payload) {
    __typename
    ... on ActivitiesImported { replayed linked suggested unplanned duplicates notRuns
      activities { id matchStatus executionId sport suggestions { sessionId score reason } } }
    ... on HealthRecordsImported { count }
    ... on InvalidInput { field message }
  }
}
"""
SESSIONS = """
query Week($planId: ID!) {
  plan(id: $planId) { weeks { weekNumber sessions { id scheduledDate type distanceKm durationMin
    status executions { id completionStatus activity { id } analysis { complianceColor } } } } }
}
"""


def this_monday(account: Account) -> date:
    """The Monday of the runner's current week (on their calendar)."""
    today = account.today()
    return today - timedelta(days=today.weekday())


async def runner_in_plan(
    http: httpx.AsyncClient, account: Account, weeks_ago: int = 3, goal_priority: str | None = None
) -> str:
    """Profile, race and an active 16-week plan that started `weeks_ago` Mondays ago."""
    for section, values in (
        (
            "RUNNING",
            {
                "experienceLevel": "intermediate",
                "currentWeeklyVolumeKm": 32,
                "currentRunsPerWeek": 5,
                "baseline5kS": 1440,
            },
        ),
        ("SCHEDULE", {"longRunDay": "sunday"}),
    ):
        await graphql(
            http,
            "mutation P($s: RunnerSection!, $v: JSON!) { updateRunnerProfile(section: $s, values: $v) { __typename } }",
            {"s": section, "v": values},
            account,
        )
    start = this_monday(account) - timedelta(weeks=weeks_ago)
    race_day = start + timedelta(weeks=16, days=-1)
    race = await graphql(
        http,
        "mutation R($i: CreateRaceInput!) { createRace(input: $i) { ... on RaceSaved { race { id } } } }",
        {"i": {"name": "City half", "type": "HALF_MARATHON", "date": race_day.isoformat()}},
        account,
    )
    race_id = race["data"]["createRace"]["race"]["id"]
    plan = await graphql(
        http,
        "mutation G($r: ID!, $o: PlanOptionsInput) { generatePlan(raceId: $r, options: $o) "
        "{ ... on PlanGenerated { plan { id } } ... on InvalidInput { message } } }",
        {
            "r": race_id,
            "o": {"startDate": start.isoformat(), "runsPerWeek": 5}
            | ({"goalPriority": goal_priority} if goal_priority else {}),
        },
        account,
    )
    plan_id = plan["data"]["generatePlan"]["plan"]["id"]
    await activate(http, account, plan_id)
    return plan_id


async def activate(http: httpx.AsyncClient, account: Account, plan_id: str) -> None:
    """Start following the plan (`activatePlan`)."""
    body = await graphql(
        http,
        "mutation A($p: ID!) { activatePlan(planId: $p) { __typename } }",
        {"p": plan_id},
        account,
    )
    assert body["data"]["activatePlan"]["__typename"] == "PlanUpdated", body


async def week_sessions(
    http: httpx.AsyncClient, account: Account, plan_id: str, week: int
) -> list[dict]:
    body = await graphql(http, SESSIONS, {"planId": plan_id}, account)
    weeks = body["data"]["plan"]["weeks"]
    return next(w["sessions"] for w in weeks if w["weekNumber"] == week)


async def import_strava(http: httpx.AsyncClient, account: Account, payload: list[dict]) -> dict:
    """Import Strava activities; the `importActivities` answer."""
    body = await graphql(http, IMPORT, {"source": "STRAVA", "payload": payload}, account)
    return body["data"]["importActivities"]


async def with_heart_rate_profile(http: httpx.AsyncClient, account: Account) -> None:
    """Resting heart rate 50, maximum 190."""
    await graphql(
        http,
        "mutation P($v: JSON!) { updateRunnerProfile(section: PHYSICAL, values: $v) "
        "{ __typename } }",
        {"v": {"restingHr": 50, "maxHr": 190}},
        account,
    )


def strava_run(
    day: date,
    distance_km: float,
    minutes: float,
    *,
    hour: int = 7,
    sport: str = "Run",
    activity_id: int | None = None,
    timezone: str = "UTC",
    **extra: object,
) -> dict:
    """A Strava activity starting at `hour` o'clock on `day` in `timezone`, as Strava sends it."""
    local = datetime(day.year, day.month, day.day, hour, 0, tzinfo=ZoneInfo(timezone))
    start = local.astimezone(UTC)
    return {
        "id": activity_id or next(_ids),
        "name": f"{sport} on {day.isoformat()}",
        "type": sport,
        "sport_type": sport,
        "start_date": start.isoformat().replace("+00:00", "Z"),
        "start_date_local": local.replace(tzinfo=None).isoformat() + "Z",
        "timezone": f"(GMT{local.strftime('%z')[:3]}:{local.strftime('%z')[3:]}) {timezone}",
        "distance": distance_km * 1000,
        "moving_time": round(minutes * 60),
        "elapsed_time": round(minutes * 60) + 30,
        "average_heartrate": 148,
        "max_heartrate": 171,
        **extra,
    }


async def upload_file(
    http: httpx.AsyncClient, account: Account, name: str, data: bytes, mutation: str
) -> dict:
    """Send `mutation` (taking `$file: Upload!`) with the file as a multipart upload; the body."""
    response = await http.post(
        "/graphql",
        headers={**account.headers, "apollo-require-preflight": "true"},
        data={
            "operations": orjson.dumps({"query": mutation, "variables": {"file": None}}).decode(),
            "map": orjson.dumps({"0": ["variables.file"]}).decode(),
        },
        files={"0": (name, data, "application/octet-stream")},
    )
    return response.json()
