"""The demo runner: a realistic half-marathon plan three weeks in, with runs already synced.

Everything goes through the real services (profile, race, generator, import and matching), so
GraphiQL shows on first run exactly what a runner would see.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from bson import ObjectId

from app.accounts import DEMO_EMAIL, Viewer, ensure_account
from app.clock import local_today
from app.events import EventBus
from app.models.plan import PlanStatus
from app.models.race import RaceDocument
from app.plan_lifecycle import set_plan_status
from app.plan_service import PlanOptions, generate_and_store
from app.profile import update_runner_section
from app.tracking.ingest import import_activities
from app.tracking.parsers_payloads import parse_strava_activity
from repositories.registry import Repositories

DEMO_PROFILE: dict[str, dict[str, Any]] = {
    "identity": {
        "firstName": "Alex",
        "displayName": "Alex",
        "dateOfBirth": "1990-04-12",
        "sex": "female",
        "timezone": "UTC",
    },
    "physical": {"heightCm": 168, "weightKg": 60, "restingHr": 52, "maxHr": 188},
    "running": {
        "experienceLevel": "intermediate",
        "yearsRunning": 4,
        "currentWeeklyVolumeKm": 30,
        "currentRunsPerWeek": 4,
        "longestRecentRunKm": 14,
        "baseline5kS": 1470,
    },
    "schedule": {
        "availableDays": [
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
        ],
        "longRunDay": "sunday",
        "maxSessionMinutes": 120,
        "runsPerWeekTarget": 5,
    },
    "goals": {"primaryGoal": "Run a half marathon under 1:55"},
}
PLAN_WEEKS = 16
WEEKS_DONE = 3
# How each past run went, cycling: a fraction of the planned distance, and pace (s/km) change.
EXECUTION_PATTERN = ((1.0, 0), (1.03, -4), (0.97, 3), (0.72, 12), (1.05, -6), (1.0, 2))


@dataclass(frozen=True, slots=True)
class DemoWorld:
    """What the demo seeding made."""

    viewer: Viewer
    plan_id: ObjectId
    runs_imported: int


def _start_of_week(day: date) -> date:
    return day - timedelta(days=day.weekday())


async def seed_demo(
    repositories: Repositories,
    events: EventBus,
    now: datetime,
    *,
    email: str = DEMO_EMAIL,
) -> DemoWorld | None:
    """Seed the demo runner as of `now` (None when they already have a plan: idempotent)."""
    today = local_today(DEMO_PROFILE["identity"]["timezone"], now)
    viewer = await ensure_account(repositories, email)
    if await repositories.assignments.latest_plan_id(viewer.runner_id) is not None:
        return None
    for section, values in DEMO_PROFILE.items():
        await update_runner_section(repositories, viewer.runner_id, section, values, now=now)
    await repositories.users.set_subscription(
        viewer.user_id, {"status": "active", "planEntitled": True, "tier": "coach"}
    )
    start = _start_of_week(today) - timedelta(weeks=WEEKS_DONE)
    race = RaceDocument(
        runner_id=viewer.runner_id,
        name="Riverside Half Marathon",
        type="half",
        date=start + timedelta(weeks=PLAN_WEEKS, days=-1),
        location="Riverside Park",
        goal_time_s=6840,
        goal_priority="time",
    )
    await repositories.races.insert(race)
    plan = await generate_and_store(
        repositories,
        viewer.runner_id,
        race.id,
        options=PlanOptions(start_date=start),
        idempotency_key=f"demo:{viewer.user_id}",
        today=today,
    )
    await set_plan_status(repositories, events, viewer.runner_id, plan["_id"], PlanStatus.ACTIVE)
    runs = await _past_runs(repositories, viewer, plan["_id"], start, today)
    parsed = [parse_strava_activity(payload, now=now) for payload in runs]
    await import_activities(repositories, events, viewer.runner_id, parsed, now=now)
    return DemoWorld(viewer=viewer, plan_id=plan["_id"], runs_imported=len(parsed))


async def _past_runs(
    repositories: Repositories, viewer: Viewer, plan_id: ObjectId, start: date, today: date
) -> list[dict[str, object]]:
    """Strava-shaped runs for the plan's past days: mostly as planned, one short, one missed."""
    sessions = await repositories.sessions.in_range(
        viewer.runner_id,
        plan_id,
        start,
        today - timedelta(days=1),
        None,
    )
    runs = [s for s in sessions if s["type"] not in {"rest", "race", "cross_training", "strength"}]
    payloads = []
    for index, session in enumerate(runs):
        if index == len(runs) // 2:
            continue  # one missed day, as in any real training block
        distance_factor, pace_change = EXECUTION_PATTERN[index % len(EXECUTION_PATTERN)]
        distance_km = round(session["distanceKm"] * distance_factor, 2)
        pace = (session.get("paceRange") or {}).get("maxSPerKm") or 360
        moving_s = round(distance_km * (pace - 10 + pace_change))
        day = date.fromisoformat(session["scheduledDate"])
        started = datetime(day.year, day.month, day.day, 6, 45, tzinfo=UTC)
        payloads.append(
            {
                "id": 10_000_000 + index,
                "name": f"{session['title']}",
                "sport_type": "Run",
                "type": "Run",
                "start_date": started.isoformat().replace("+00:00", "Z"),
                "start_date_local": started.replace(tzinfo=None).isoformat() + "Z",
                "timezone": "(GMT+00:00) UTC",
                "distance": distance_km * 1000,
                "moving_time": moving_s,
                "elapsed_time": moving_s + 40,
                "average_heartrate": 146 + index % 5,
                "max_heartrate": 168 + index % 7,
                "total_elevation_gain": 40 + index,
                "device_name": "Garmin Forerunner 265",
            }
        )
    return payloads
